from __future__ import annotations

from pathlib import Path

import pytest

from cardapp.config import ConfigError, settings_from


def test_defaults_serve_one_process_on_sqlite_under_instance(tmp_path: Path):
    settings = settings_from({"CARDAPP_INSTANCE_PATH": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'cardapp.sqlite3'}"
    assert (settings.host, settings.port) == ("127.0.0.1", 5000)
    assert settings.message_queue is None
    assert settings.min_answers == 5
    assert settings.async_mode == "eventlet"
    assert settings.allowed_origins == ()
    assert settings.metrics_token == ""  # /metrics is off until a token is configured


def test_the_secret_key_is_generated_once_and_kept(tmp_path: Path):
    first = settings_from({"CARDAPP_INSTANCE_PATH": str(tmp_path)}).secret_key
    second = settings_from({"CARDAPP_INSTANCE_PATH": str(tmp_path)}).secret_key
    assert len(first) >= 48 and first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_environment_values_are_parsed(tmp_path: Path):
    settings = settings_from({
        "CARDAPP_INSTANCE_PATH": str(tmp_path),
        "CARDAPP_PORT": "8080",
        "CARDAPP_MIN_ANSWERS": "3",
        "CARDAPP_ALLOWED_ORIGINS": "https://a.example.org/, https://b.example.org",
        "CARDAPP_MESSAGE_QUEUE": "redis://127.0.0.1:6390/0",
        "CARDAPP_ASYNC_MODE": "GEVENT",
        "CARDAPP_METRICS_TOKEN": " scrape-me-please-0123 ",
    })
    assert settings.port == 8080
    assert settings.min_answers == 3
    assert settings.allowed_origins == ("https://a.example.org", "https://b.example.org")
    assert settings.message_queue == "redis://127.0.0.1:6390/0"
    assert settings.async_mode == "gevent"
    assert settings.metrics_token == "scrape-me-please-0123"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CARDAPP_PORT", "eighty", "CARDAPP_PORT: 'eighty' is not a whole number"),
        ("CARDAPP_PORT", "70000", "CARDAPP_PORT: port 70000 is not between 1 and 65535"),
        ("CARDAPP_MIN_ANSWERS", "2", "CARDAPP_MIN_ANSWERS: 2 is too low: results need at least 3 answers"),
        ("CARDAPP_RETENTION_DAYS", "0", "CARDAPP_RETENTION_DAYS: must be between 1 and 3650 days"),
        ("CARDAPP_ASYNC_MODE", "asyncio", "CARDAPP_ASYNC_MODE: must be one of eventlet, gevent, threading"),
        ("CARDAPP_ALLOWED_ORIGINS", "example.org", "CARDAPP_ALLOWED_ORIGINS: 'example.org' is not an origin"),
        ("CARDAPP_METRICS_TOKEN", "short", "CARDAPP_METRICS_TOKEN: must be at least 16 characters long"),
    ],
)
def test_a_wrong_value_names_its_variable(tmp_path: Path, variable: str, value: str, message: str):
    with pytest.raises(ConfigError) as error:
        settings_from({"CARDAPP_INSTANCE_PATH": str(tmp_path), variable: value})
    assert str(error.value).startswith(message)
    assert error.value.variable == variable


def test_tests_can_override_with_a_plain_dict(tmp_path: Path):
    settings = settings_from({}, {"instance_path": tmp_path, "min_answers": 4, "secret_key": "k"})
    assert settings.min_answers == 4 and settings.secret_key == "k"
    with pytest.raises(ConfigError, match="unknown settings"):
        settings_from({}, {"instance_path": tmp_path, "minimum": 4})
