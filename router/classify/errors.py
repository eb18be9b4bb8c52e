"""The classify package's exception tree (drawn in ``router/classify/__init__.py``)."""

from __future__ import annotations


class ClassifyError(Exception):
    """Base of every error raised by ``router.classify``."""


class ConfigError(ClassifyError):
    """A topics file or classifier setting is invalid."""


class TrainingDataError(ClassifyError):
    """A training or evaluation CSV cannot be used."""


class ModelError(ClassifyError):
    """A topic model file cannot be used."""


class ModelNotFoundError(ModelError):
    """No model file exists at the given path."""


class ModelFormatError(ModelError):
    """The model file is not a Switchboard topic model of a supported version."""
