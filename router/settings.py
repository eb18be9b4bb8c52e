"""The one settings object, built once at start-up.

Sources, strongest first: keyword arguments (tests), the environment (``SWITCHBOARD_*``;
``REDIS_URL`` and ``DATABASE_URL`` are accepted as the conventional short names), a ``.env``
file in the working directory, then ``config/switchboard.toml`` (or the file named by
``SWITCHBOARD_CONFIG_FILE``). A bad value fails at start-up with the key's name.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_DIR = PROJECT_ROOT / "config"


class SettingsError(RuntimeError):
    """Start-up configuration is invalid; the message names every bad key."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SWITCHBOARD_",
        env_file=".env",
        extra="ignore",
        frozen=True,
    )

    redis_url: str = Field(
        default="", validation_alias=AliasChoices("SWITCHBOARD_REDIS_URL", "REDIS_URL")
    )
    database_url: str = Field(
        default="", validation_alias=AliasChoices("SWITCHBOARD_DATABASE_URL", "DATABASE_URL")
    )
    data_dir: Path = Path("var")
    config_dir: Path = DEFAULT_CONFIG_DIR
    key_prefix: str = Field(default="sb", pattern=r"^[A-Za-z0-9_.-]+$")

    env: Literal["dev", "production"] = "dev"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)
    router_metrics_port: int = Field(default=0, ge=0, le=65535)

    # Only a backlog fills a batch (at low rates each read returns what is there); bigger
    # batches then cost fewer statements and round trips per message.
    router_batch: int = Field(default=2048, ge=1, le=10_000)
    # Consume loops in one router process, each a consumer of the group with its own
    # database connection: 0 means 1 on SQLite (one writer) and 2 on PostgreSQL, where a
    # second loop overlaps the first one's round trips to the server.
    router_concurrency: int = Field(default=0, ge=0, le=16)
    router_block_ms: int = Field(default=1000, ge=1)
    retry_idle_ms: int = Field(default=5_000, ge=1)
    max_deliveries: int = Field(default=5, ge=1)
    reclaim_every_ms: int = Field(default=1_000, ge=1)
    backoff_base_ms: int = Field(default=100, ge=1)
    backoff_max_ms: int = Field(default=30_000, ge=1)
    event_stream_maxlen: int = Field(default=100_000, ge=100)

    # "rules": route by the published rule set (config/rules.yaml until one is published);
    # "default": every new conversation to default_queue (the bare pipeline, for benchmarks).
    routing: Literal["rules", "default"] = "rules"
    # Classify every message (language, topic, urgency, entities) and redact secrets before
    # anything is stored; off only for benchmarking the bare pipeline.
    classify: bool = True
    # Load every language model at start (a few seconds, the most memory) instead of each on
    # its first message: for a router whose first minutes must not wait on a model load.
    classify_preload_languages: bool = False
    # Where trained topic models are cached (default: <data_dir>/models).
    models_dir: Path | None = None
    default_queue: str = "triage"
    default_priority: int = Field(default=50, ge=0, le=100)
    reopen_window_s: int = Field(default=7 * 24 * 3600, ge=0)

    blob_max_bytes: int = Field(default=25 * 1024 * 1024, ge=1)
    outbox_relay_after_s: float = Field(default=5.0, gt=0)

    # Inbox sign-in: a session ends after this long unused; cookies are Secure unless turned
    # off for a plain-http deployment on a trusted network (browsers treat localhost as secure).
    session_idle_s: int = Field(default=12 * 3600, ge=60)
    session_cookie_secure: bool = True
    sign_in_max_failures: int = Field(default=10, ge=1)
    sign_in_lockout_s: int = Field(default=900, ge=1)
    # Dispatch (router.dispatch): who gets which waiting conversation.
    dispatch_strategy: Literal["least_busy", "round_robin"] = "least_busy"
    # Off: each conversation is first offered, and the agent accepts within the timeout.
    dispatch_auto_accept: bool = True
    dispatch_offer_timeout_s: float = Field(default=30.0, gt=0)
    # A heartbeat (POST /api/agents/me/presence) keeps an agent's status this long.
    dispatch_heartbeat_ttl_s: float = Field(default=60.0, gt=0)
    # After going offline, an agent's unanswered conversations go back to the queue after this.
    dispatch_grace_s: float = Field(default=120.0, ge=0)
    # A new conversation its assignee has not answered in this long goes to someone else (0: never).
    dispatch_unanswered_s: float = Field(default=600.0, ge=0)
    # Who declined, let an offer expire or did not answer is not offered it again for this long.
    dispatch_decline_s: float = Field(default=600.0, ge=0)
    dispatch_default_capacity: int = Field(default=5, ge=0)
    # How many conversations at the head of each queue one dispatch round considers.
    dispatch_scan: int = Field(default=200, ge=1, le=10_000)
    dispatch_tick_s: float = Field(default=0.5, gt=0)
    dispatch_metrics_port: int = Field(default=0, ge=0, le=65535)
    # Web chat (connectors/webchat): its own WebSocket server, beside the API.
    webchat_host: str = "127.0.0.1"
    webchat_port: int = Field(default=8090, ge=0, le=65535)
    # Origins allowed to embed the widget (exact scheme://host[:port]); empty: none.
    webchat_allowed_origins: tuple[str, ...] = ()
    # Signs the anonymous visitor ids this server hands out (set it in production).
    webchat_secret: str = "dev-only-webchat-secret"
    # Shared with the host site, which signs its verified users' tokens (empty: off).
    webchat_identity_secret: str = ""
    webchat_languages: tuple[str, ...] = ("en", "de", "fr", "es", "ru", "tr")
    # "Mon-Fri 08:00-20:00; Sat 10:00-14:00" in webchat_timezone; empty: always open.
    webchat_business_hours: str = ""
    webchat_timezone: str = "UTC"
    # Offline unless an agent heartbeat is fresher than this (0: do not ask about agents).
    webchat_agent_presence_s: int = Field(default=90, ge=0)
    webchat_max_text_chars: int = Field(default=4000, ge=1)
    webchat_max_attachment_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    webchat_messages_per_minute_per_visitor: int = Field(default=30, ge=1)
    webchat_messages_per_minute_per_ip: int = Field(default=300, ge=1)
    webchat_connections_per_minute_per_ip: int = Field(default=60, ge=1)
    webchat_queue_update_s: float = Field(default=1.0, gt=0)
    # Assumed minutes per conversation served until the queue's real pace is measured.
    webchat_assumed_service_s: float = Field(default=120.0, gt=0)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = os.environ.get(
            "SWITCHBOARD_CONFIG_FILE", str(DEFAULT_CONFIG_DIR / "switchboard.toml")
        )
        toml = TomlConfigSettingsSource(settings_cls, toml_file=toml_file)
        return init_settings, env_settings, dotenv_settings, toml

    @property
    def sqlite_default_url(self) -> str:
        return f"sqlite+aiosqlite:///{(self.data_dir / 'switchboard.db').resolve()}"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or self.sqlite_default_url

    @property
    def effective_router_concurrency(self) -> int:
        if self.router_concurrency:
            return self.router_concurrency
        return 1 if self.effective_database_url.startswith("sqlite") else 2

    @property
    def effective_models_dir(self) -> Path:
        return self.models_dir or self.data_dir / "models"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"


def load_settings(**overrides: object) -> Settings:
    """Build the settings; a bad value raises :class:`SettingsError` naming the key."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '?'}: {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from exc
