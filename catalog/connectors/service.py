"""Saving a source's connection, building its connector, and testing that it connects."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from catalog.audit.models import AuditAction
from catalog.audit.service import SYSTEM, Actor, record
from catalog.config import Settings
from catalog.connectors.base import Connector, ConnectorError
from catalog.connectors.config import (
    FIELD_PREFIX,
    MASKED,
    ConnectionConfig,
    InvalidConfig,
    merge,
    seal,
    unseal,
)
from catalog.connectors.models import SourceConnection
from catalog.connectors.registry import connector_class
from catalog.connectors.schedule import check_schedule, next_run_after
from catalog.db import utcnow
from catalog.errors import InvalidInput, NotFound
from catalog.sources.models import Source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConnectionTest:
    ok: bool
    message: str


def get_connection(session: Session, source: Source) -> SourceConnection:
    connection = session.get(SourceConnection, source.id)
    if connection is None:
        raise NotFound(f"The source '{source.key}' has no connection.")
    return connection


def masked_config(settings: Settings, connection: SourceConnection) -> dict[str, Any]:
    fields = connector_class(connection.connector).fields
    return _usable_config(settings, connection).masked(fields)


def save_connection(
    session: Session,
    settings: Settings,
    source: Source,
    connector: str,
    config: Mapping[str, Any],
    schedule: str = "",
    enabled: bool = True,
    *,
    actor: Actor = SYSTEM,
) -> SourceConnection:
    """Check and store a connection; secrets encrypted, a masked secret keeps its value."""
    connector_type = connector_class(connector)
    connection = session.get(SourceConnection, source.id)
    stored = None
    if connection is not None and connection.connector == connector:
        stored = _usable_config(settings, connection)
    merged = merge(connector_type.fields, config, stored, partial=False)
    _build(connector_type, source, merged)  # the connector's own checks (e.g. the URL)
    schedule = check_schedule(schedule)
    if connection is None:
        connection = SourceConnection(source_id=source.id)
        session.add(connection)
    before = stored.secrets if stored else {}
    secrets_changed = sorted(
        name
        for name in before.keys() | merged.secrets.keys()
        if before.get(name) != merged.secrets.get(name)
    )
    connection.connector = connector
    connection.settings = merged.settings
    connection.secrets = seal(settings, source.id, merged.secrets)
    connection.schedule = schedule
    connection.enabled = enabled
    connection.next_run_at = next_run_after(schedule, utcnow()) if enabled else None
    session.flush()
    record(
        session,
        AuditAction.CONNECTION_SAVED,
        actor,
        target_type="source",
        target_id=source.key,
        domain_id=source.domain_id,
        # Secret values never reach the log, only which ones changed.
        details={
            "connector": connector,
            "settings": merged.settings,
            "secrets_changed": secrets_changed,
            "schedule": schedule,
            "enabled": enabled,
        },
    )
    return connection


def connector_for(session: Session, settings: Settings, source: Source) -> Connector:
    """The source's connector, built with its decrypted configuration.

    Raises ``NotFound`` when the source has no connection and ``ConnectorError``
    when its stored configuration cannot be used (e.g. credentials that no
    configured key decrypts).
    """
    connection = get_connection(session, source)
    connector_type = connector_class(connection.connector)
    config = ConnectionConfig(
        dict(connection.settings), unseal(settings, source.id, connection.secrets)
    )
    return connector_type(source.key, config.values(connector_type.fields))


def test_connection(
    session: Session,
    settings: Settings,
    source: Source,
    connector: str | None = None,
    config: Mapping[str, Any] | None = None,
) -> ConnectionTest:
    """Try the stored connection, or ``config`` laid over it; the message never holds a secret."""
    connection = session.get(SourceConnection, source.id)
    name = connector or (connection.connector if connection else None)
    if name is None:
        raise NotFound(
            f"The source '{source.key}' has no connection: save one or send one to test."
        )
    connector_type = connector_class(name)
    stored = None
    if connection is not None and connection.connector == name:
        try:
            stored = ConnectionConfig(
                dict(connection.settings), unseal(settings, source.id, connection.secrets)
            )
        except ConnectorError as error:
            return ConnectionTest(False, str(error))
    merged = merge(connector_type.fields, config or {}, stored, partial=True)
    instance = _build(connector_type, source, merged)
    try:
        return ConnectionTest(True, _scrub(instance.test_connection(), merged))
    except ConnectorError as error:
        return ConnectionTest(False, _scrub(str(error), merged))


def _build(connector_type: type[Connector], source: Source, config: ConnectionConfig) -> Connector:
    try:
        return connector_type(source.key, config.values(connector_type.fields))
    except InvalidConfig as error:
        raise InvalidInput(
            f"The connection cannot be used: {error.message}",
            errors={FIELD_PREFIX + error.field: [error.message]},
        ) from None


def _usable_config(settings: Settings, connection: SourceConnection) -> ConnectionConfig:
    """The stored configuration; secrets no configured key decrypts count as not set."""
    try:
        secrets = unseal(settings, connection.source_id, connection.secrets)
    except ConnectorError as error:
        log.warning("connection of source #%s: %s", connection.source_id, error)
        secrets = {}
    return ConnectionConfig(dict(connection.settings), secrets)


def _scrub(message: str, config: ConnectionConfig) -> str:
    """Belt and braces: connectors keep secrets out of their messages; make sure of it."""
    for secret in config.secrets.values():
        if secret:
            message = message.replace(secret, MASKED)
    return message
