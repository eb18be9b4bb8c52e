"""The web app: JSON API (health, metrics, queues, conversations, replies, rules, sign-in,
the agent inbox and its live events) and the inbox page."""

from router.api.app import create_app

__all__ = ["create_app"]
