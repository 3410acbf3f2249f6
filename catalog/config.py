"""Settings: the only module that reads environment variables.

Every setting has a ``CATALOG_`` environment variable. ``create_app`` takes a
mapping of overrides (tests use it), so nothing else reaches for ``os.environ``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

ENV_PREFIX = "CATALOG_"
SECRET_KEY_FILE = "secret_key"
MIN_SECRET_KEY_BYTES = 32

# Keys that have appeared in tutorials and sample configs; never acceptable in production.
WELL_KNOWN_SECRET_KEYS = frozenset(
    {
        "dev",
        "secret",
        "changeme",
        "change-me",
        "development",
        "super-secret",
        "supersecret",
        "secret-key",
        "your-secret-key",
        "please-change-me",
        "not-a-secret",
    }
)


class ConfigurationError(RuntimeError):
    """The configuration cannot run the catalog; the message says what to fix."""


@dataclass(frozen=True)
class Settings:
    """What the catalog needs to know about where and how it runs."""

    # "embedded" (one machine, generated secrets) or "production" (strict checks).
    mode: str = "embedded"
    data_dir: Path = field(default_factory=lambda: Path("instance").resolve())
    database_url: str = ""
    secret_key: str = ""
    # Largest request body accepted, in bytes (larger ones get 413).
    max_request_bytes: int = 16 * 1024 * 1024
    log_level: str = "INFO"
    # Role every signed-in user holds globally without an explicit grant ("" for none).
    default_role: str = "viewer"
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    # Reverse proxies in front of the catalog whose X-Forwarded-* headers are trusted.
    proxy_hops: int = 0
    # Origins allowed to call the API from a browser (comma-separated); none by default.
    cors_origins: str = ""

    # Sign-in protection: failed attempts allowed per account within the window.
    login_attempts_per_account: int = 10
    login_attempts_per_address: int = 50
    login_window_minutes: int = 15
    # flask-limiter storage: memory:// in one process; redis://host:6379 when several.
    ratelimit_storage_url: str = "memory://"
    # Prefix of the counters' keys (several catalogs may share one Redis).
    ratelimit_key_prefix: str = "catalog"

    # Single sign-on with OpenID Connect (enabled when an issuer is set).
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_scopes: str = "openid email profile"
    # The ID-token claim that lists the user's groups, and how groups map to roles:
    # "group=role" or "group=role:domain", comma-separated.
    oidc_groups_claim: str = "groups"
    oidc_role_mapping: str = ""
    oidc_button_label: str = "Sign in with SSO"

    # Search: "whoosh" (an index on disk under the data dir; one machine) or "postgresql"
    # (full-text search inside the catalog's PostgreSQL; shared by every worker and host).
    search_backend: str = "whoosh"
    # Who applies changes to the search index: "thread" (a worker inside each server
    # process, the embedded default) or "off" (a separate `catalog worker` process does).
    search_worker: str = "thread"
    # Processes that read and index at once in a full rebuild of the embedded index
    # (`catalog search reindex`, or a worker redoing an interrupted one); 0: one per core
    # from 10,000 datasets. Each holds up to 100,000 documents in memory (about 0.6 GB).
    search_rebuild_processes: int = 0

    # Background jobs (crawls, deliveries): "thread" (workers inside the server process and
    # `catalog worker`, polling the database) or "celery" (sent to Celery workers through
    # the broker below; `celery -A catalog.jobs.celery_app worker`).
    jobs_backend: str = "thread"
    # Whether each server process runs job worker threads ("thread") or leaves the jobs to
    # `catalog worker` / Celery ("off"); only used with the thread backend.
    jobs_worker: str = "thread"
    # Job worker threads per process: a long crawl does not hold up other jobs.
    jobs_threads: int = 2
    celery_broker_url: str = "redis://127.0.0.1:6379/0"
    # The Celery queue the catalog's jobs go to (several catalogs may share one broker).
    celery_queue: str = "catalog"

    # Bearer tokens the catalog issues to API clients.
    access_token_minutes: int = 15
    personal_token_max_days: int = 365
    # Keys for encrypting secrets at rest (signing keys, connector credentials):
    # comma-separated, the first encrypts, all decrypt (rotation). Derived from the
    # secret key when unset.
    encryption_keys: str = ""

    # E-mail through SMTP; notifications stay in-app only while no host is set.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = ""
    # "true": upgrade the connection with STARTTLS before signing in ("false" for a local relay).
    smtp_starttls: str = "true"
    # Hosts and networks (comma-separated, e.g. "hooks.internal,10.20.0.0/16") that webhooks
    # may reach although they are private or loopback addresses; none by default.
    webhook_allowlist: str = ""

    @property
    def is_production(self) -> bool:
        return self.mode == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


_INT_FIELDS = {f.name for f in fields(Settings) if f.type in ("int", int)}


def _coerce(name: str, raw: Any) -> Any:
    if name == "data_dir":
        return Path(raw).expanduser().resolve()
    if name in _INT_FIELDS:
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise ConfigurationError(
                f"{ENV_PREFIX}{name.upper()} must be a whole number, got {raw!r}"
            ) from None
    return raw


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """Settings from ``CATALOG_*`` environment variables, then ``overrides`` on top.

    Overrides use the field names (``database_url``) or the variable names
    (``CATALOG_DATABASE_URL``).
    """
    values: dict[str, Any] = {}
    known = {f.name for f in fields(Settings)}
    for f in fields(Settings):
        raw = os.environ.get(ENV_PREFIX + f.name.upper())
        if raw not in (None, ""):
            values[f.name] = _coerce(f.name, raw)
    for key, raw in (overrides or {}).items():
        name = key.removeprefix(ENV_PREFIX).lower()
        if name not in known:
            raise ConfigurationError(f"unknown setting {key!r}")
        values[name] = _coerce(name, raw)
    settings = Settings(**values)
    if settings.search_backend not in ("whoosh", "postgresql"):
        raise ConfigurationError(
            f"{ENV_PREFIX}SEARCH_BACKEND must be 'whoosh' or 'postgresql', "
            f"got {settings.search_backend!r}"
        )
    if settings.search_worker not in ("thread", "off"):
        raise ConfigurationError(
            f"{ENV_PREFIX}SEARCH_WORKER must be 'thread' or 'off', got {settings.search_worker!r}"
        )
    if settings.search_rebuild_processes < 0:
        raise ConfigurationError(
            f"{ENV_PREFIX}SEARCH_REBUILD_PROCESSES must be 0 (one per core) or more, "
            f"got {settings.search_rebuild_processes}"
        )
    if settings.smtp_starttls.lower() not in ("true", "false"):
        raise ConfigurationError(
            f"{ENV_PREFIX}SMTP_STARTTLS must be 'true' or 'false', got {settings.smtp_starttls!r}"
        )
    if settings.jobs_backend not in ("thread", "celery"):
        raise ConfigurationError(
            f"{ENV_PREFIX}JOBS_BACKEND must be 'thread' or 'celery', got {settings.jobs_backend!r}"
        )
    if settings.jobs_worker not in ("thread", "off"):
        raise ConfigurationError(
            f"{ENV_PREFIX}JOBS_WORKER must be 'thread' or 'off', got {settings.jobs_worker!r}"
        )
    if settings.mode not in ("embedded", "production"):
        raise ConfigurationError(
            f"{ENV_PREFIX}MODE must be 'embedded' or 'production', got {settings.mode!r}"
        )
    if not settings.database_url:
        settings = replace(settings, database_url=f"sqlite:///{settings.data_dir / 'catalog.db'}")
    return replace(settings, secret_key=_resolve_secret_key(settings))


def _resolve_secret_key(settings: Settings) -> str:
    """Production demands a strong key; embedded mode generates one and keeps it."""
    key = settings.secret_key
    if settings.is_production:
        if not key:
            raise ConfigurationError(
                f"{ENV_PREFIX}SECRET_KEY is required in production mode "
                f"(at least {MIN_SECRET_KEY_BYTES} random bytes, e.g. `openssl rand -hex 32`)"
            )
        if len(key.encode()) < MIN_SECRET_KEY_BYTES:
            raise ConfigurationError(
                f"{ENV_PREFIX}SECRET_KEY is too short: use at least {MIN_SECRET_KEY_BYTES} bytes"
            )
        if key.lower() in WELL_KNOWN_SECRET_KEYS or len(set(key)) < 8:
            raise ConfigurationError(
                f"{ENV_PREFIX}SECRET_KEY is a well-known or trivial value: generate a random one"
            )
        return key
    if key:
        return key
    path = settings.data_dir / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created readable by the owner only; the key signs every session.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return path.read_text().strip()
    with os.fdopen(fd, "w") as out:
        out.write(key + "\n")
    return key
