"""Understand one message: language, topic, urgency, entities and secrets.

Everything here is pure: text and hints go in, a frozen result with reasons comes out.
Models and word lists are loaded once by the constructors (``Classifier.load``) and passed
in; nothing reads the environment, logs, or talks to Redis or SQL.

Exceptions::

    ClassifyError
     ├── ConfigError            topics.yaml or a setting is invalid (permanent)
     ├── TrainingDataError      a training CSV is missing columns or rows (permanent)
     └── ModelError             a topic model file cannot be used
          ├── ModelNotFoundError     no file at the path (permanent until published)
          └── ModelFormatError       wrong format or version (permanent: retrain)
"""

from router.classify.errors import (
    ClassifyError,
    ConfigError,
    ModelError,
    ModelFormatError,
    ModelNotFoundError,
    TrainingDataError,
)

__all__ = [
    "ClassifyError",
    "ConfigError",
    "ModelError",
    "ModelFormatError",
    "ModelNotFoundError",
    "TrainingDataError",
]
