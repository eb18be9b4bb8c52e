"""Alembic migrations of the system of record; run them with :mod:`router.store.migrate`."""
