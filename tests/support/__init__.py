"""Helpers shared by the fixtures in ``tests/conftest.py`` and by the tests themselves."""
