"""Settings: documented defaults, parsed from CARDAPP_* environment variables.

Tests pass a plain dict of field names to `create_app`; the server reads the
environment. Either way a wrong value raises `ConfigError`, which names the
variable so that start-up can stop with one clear line.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from cardapp.domain.anonymity import MIN_ANSWERS_FLOOR, valid_minimum

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent

ABSOLUTE_MIN_ANSWERS = MIN_ANSWERS_FLOOR
ASYNC_MODES = ("eventlet", "gevent", "threading")
# starttls: plain connection upgraded with STARTTLS (port 587); tls: TLS from the first byte (port 465);
# none: no encryption, only for a relay on the same machine.
SMTP_TLS_MODES = ("starttls", "tls", "none")


class ConfigError(ValueError):
    """A setting has a value cardapp cannot use; the message names the variable."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


@dataclass(frozen=True)
class Settings:
    """Everything cardapp can be configured with; see docs/configuration.md."""

    instance_path: Path = field(default_factory=lambda: Path.cwd() / "instance")
    database_url: str = ""
    secret_key: str = ""
    message_queue: str | None = None
    host: str = "127.0.0.1"
    port: int = 5000
    allowed_origins: tuple[str, ...] = ()
    min_answers: int = 5
    retention_days: int = 365
    # eventlet: gevent spent less CPU per answer, but its server let each closing client wait for its
    # timeout, so it is not the default yet (docs/performance.md, "Default async mode").
    async_mode: str = "eventlet"
    max_connections: int = 10_000
    decks_dir: Path = PROJECT_ROOT / "decks"
    log_level: str = "INFO"
    trusted_proxies: int = 0
    public_url: str = ""
    metrics_token: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)  # never in a log line or a traceback
    smtp_tls: str = "starttls"
    smtp_from: str = ""
    # Lets an identity provider's issuer be http://localhost (trials and tests); otherwise https only,
    # so an organiser cannot point the server at plain-HTTP services on its own machine.
    local_http_issuers: bool = False
    testing: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.port <= 65535:
            raise ConfigError(env_name("port"), f"port {self.port} is not between 1 and 65535")
        if not valid_minimum(self.min_answers):
            raise ConfigError(
                env_name("min_answers"),
                f"{self.min_answers} is too low: results need at least {ABSOLUTE_MIN_ANSWERS} answers "
                "so that nobody can be singled out",
            )
        if not 1 <= self.retention_days <= 3650:
            raise ConfigError(env_name("retention_days"), "must be between 1 and 3650 days")
        if self.async_mode not in ASYNC_MODES:
            raise ConfigError(env_name("async_mode"), f"must be one of {', '.join(ASYNC_MODES)}")
        if self.max_connections < 100:
            raise ConfigError(env_name("max_connections"), "must be at least 100")
        for origin in self.allowed_origins:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                raise ConfigError(
                    env_name("allowed_origins"),
                    f"{origin!r} is not an origin such as https://cards.example.org",
                )
        if not 0 <= self.trusted_proxies <= 5:
            raise ConfigError(env_name("trusted_proxies"), "must be a number of proxies from 0 to 5")
        if self.public_url and not self.public_url.startswith(("http://", "https://")):
            raise ConfigError(env_name("public_url"), f"{self.public_url!r} is not an address such as https://cards.example.org")
        if self.metrics_token and len(self.metrics_token) < 16:
            raise ConfigError(env_name("metrics_token"), "must be at least 16 characters long")
        if self.smtp_tls not in SMTP_TLS_MODES:
            raise ConfigError(env_name("smtp_tls"), f"must be one of {', '.join(SMTP_TLS_MODES)}")
        if not 1 <= self.smtp_port <= 65535:
            raise ConfigError(env_name("smtp_port"), f"port {self.smtp_port} is not between 1 and 65535")
        if self.smtp_host and "@" not in self.smtp_from:
            raise ConfigError(env_name("smtp_from"),
                              "must be an address such as cards@example.org when CARDAPP_SMTP_HOST is set")
        if self.smtp_host and not self.public_url:
            # A link in an email built from the request's Host header could point at an attacker's site.
            raise ConfigError(env_name("public_url"),
                              "must be set when CARDAPP_SMTP_HOST is set: links in emails use it")
        if bool(self.smtp_user) != bool(self.smtp_password):
            raise ConfigError(env_name("smtp_password"), "CARDAPP_SMTP_USER and CARDAPP_SMTP_PASSWORD go together")
        if self.log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ConfigError(env_name("log_level"), "must be DEBUG, INFO, WARNING or ERROR")

    @property
    def base_url(self) -> str:
        """Where people reach this server: CARDAPP_PUBLIC_URL, or the address it listens on."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def sends_email(self) -> bool:
        """Whether an SMTP server is configured: invitations and password resets then go by email."""
        return bool(self.smtp_host)

    @property
    def sqlite_default(self) -> str:
        return f"sqlite:///{self.instance_path / 'cardapp.sqlite3'}"


def env_name(field_name: str) -> str:
    """The environment variable that sets a field: `min_answers` -> `CARDAPP_MIN_ANSWERS`."""
    return f"CARDAPP_{field_name.upper()}"


def _as_int(variable: str, raw: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise ConfigError(variable, f"{raw!r} is not a whole number") from None


def _as_bool(variable: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(variable, f"{raw!r} is not true or false")


def _parse(name: str, kind: Any, raw: str) -> Any:
    variable = env_name(name)
    if kind is int or kind == "int":
        return _as_int(variable, raw)
    if kind is bool or kind == "bool":
        return _as_bool(variable, raw)
    if name == "allowed_origins":
        return tuple(origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip())
    if name in ("instance_path", "decks_dir"):
        return Path(raw).expanduser().resolve()
    if name == "async_mode":
        return raw.strip().lower()
    if name == "log_level":
        return raw.strip().upper()
    if name == "smtp_tls":
        return raw.strip().lower()
    if name == "smtp_password":
        return raw  # a password may begin or end with a space
    return raw.strip() or None if name == "message_queue" else raw.strip()


def settings_from(environ: Mapping[str, str], overrides: Mapping[str, Any] | None = None) -> Settings:
    """Settings from environment variables, then plain overrides (tests), then derived defaults."""
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        raw = environ.get(env_name(spec.name))
        if raw is not None:
            values[spec.name] = _parse(spec.name, spec.type, raw)
    unknown = set(overrides or {}) - {spec.name for spec in fields(Settings)}
    if unknown:
        raise ConfigError("config", f"unknown settings {sorted(unknown)}")
    values.update(overrides or {})
    for name in ("instance_path", "decks_dir"):
        if name in values:
            values[name] = Path(values[name])
    settings = Settings(**values)
    if not settings.database_url:
        settings = replace(settings, database_url=settings.sqlite_default)
    if not settings.secret_key:
        settings = replace(settings, secret_key=_kept_secret_key(settings.instance_path))
    return settings


def _kept_secret_key(instance_path: Path) -> str:
    # Generated once per installation and kept beside the database, so sessions
    # survive restarts without a key ever being written into the code.
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process started at the same moment and won
        return key_file.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    return key
