"""The web JSON API: health, metrics, queues, conversations and replies."""

from router.api.app import create_app

__all__ = ["create_app"]
