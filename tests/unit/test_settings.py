"""Settings fail at start-up naming the bad key, and accept the conventional short names."""

from __future__ import annotations

from pathlib import Path

import pytest

from router.settings import SettingsError, load_settings

pytestmark = pytest.mark.pipeline

_URL_VARIABLES = (
    "REDIS_URL",
    "DATABASE_URL",
    "SWITCHBOARD_REDIS_URL",
    "SWITCHBOARD_DATABASE_URL",
    "SWITCHBOARD_WEB_PORT",
)


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A developer's .env, config file or exported URLs must not leak into these tests.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SWITCHBOARD_CONFIG_FILE", str(tmp_path / "absent.toml"))
    for name in _URL_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("value", ["abc", "70000", "-1"])
def test_bad_port_names_the_key(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SWITCHBOARD_WEB_PORT", value)
    with pytest.raises(SettingsError, match="web_port"):
        load_settings()


def test_bad_keyword_names_the_key() -> None:
    with pytest.raises(SettingsError, match="key_prefix"):
        load_settings(key_prefix="has space")


def test_environment_value_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWITCHBOARD_WEB_PORT", "9191")
    assert load_settings().web_port == 9191


def test_short_url_names_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://cache.example:6380/2")
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://db.example/sb")
    settings = load_settings()
    assert settings.redis_url == "redis://cache.example:6380/2"
    assert settings.database_url == "postgresql+asyncpg://db.example/sb"


def test_prefixed_name_beats_short_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://short:6379/0")
    monkeypatch.setenv("SWITCHBOARD_REDIS_URL", "redis://prefixed:6379/0")
    assert load_settings().redis_url == "redis://prefixed:6379/0"


def test_keyword_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWITCHBOARD_WEB_PORT", "9191")
    assert load_settings(web_port=9292).web_port == 9292


def test_sqlite_is_the_default_store(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.effective_database_url == (
        f"sqlite+aiosqlite:///{(tmp_path / 'switchboard.db').resolve()}"
    )
