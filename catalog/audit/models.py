from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from catalog.db import Base, intpk, str80, utcnow


class AuditAction(enum.StrEnum):
    """Everything the audit log can say happened, named ``subject.event``."""

    SIGN_IN_SUCCEEDED = "auth.sign_in_succeeded"
    SIGN_IN_FAILED = "auth.sign_in_failed"
    SIGNED_OUT = "auth.signed_out"
    SSO_SIGN_IN_SUCCEEDED = "auth.sso_sign_in_succeeded"
    SSO_SIGN_IN_FAILED = "auth.sso_sign_in_failed"
    USER_CREATED = "user.created"
    USER_DEACTIVATED = "user.deactivated"
    USER_REACTIVATED = "user.reactivated"
    PASSWORD_CHANGED = "user.password_changed"
    ROLE_GRANTED = "role.granted"
    ROLE_REVOKED = "role.revoked"
    # Bearer tokens: personal access tokens are created and revoked; API clients are
    # issued short-lived access tokens (or refused one) at the token endpoint.
    TOKEN_CREATED = "token.created"
    TOKEN_REVOKED = "token.revoked"
    TOKEN_ISSUED = "token.issued"
    TOKEN_REFUSED = "token.refused"
    CLIENT_CREATED = "client.created"
    CLIENT_SECRET_ROTATED = "client.secret_rotated"
    CLIENT_REVOKED = "client.revoked"
    SIGNING_KEY_CREATED = "signing_key.created"
    SIGNING_KEY_RETIRED = "signing_key.retired"
    SIGNING_KEY_DELETED = "signing_key.deleted"
    # Sources and how the catalog reaches them (never the secret values).
    SOURCE_CREATED = "source.created"
    SOURCE_CHANGED = "source.changed"
    CONNECTION_SAVED = "source.connection_saved"
    # Pull crawls: started by a person or a schedule, then finished or failed.
    CONNECTOR_RUN_QUEUED = "connector_run.queued"
    CONNECTOR_RUN_FINISHED = "connector_run.finished"
    CONNECTOR_RUN_FAILED = "connector_run.failed"
    # Contributions and their review.
    CHANGE_REQUEST_SUBMITTED = "change_request.submitted"
    CHANGE_REQUEST_REVIEWED = "change_request.reviewed"
    CHANGE_REQUEST_DECIDED = "change_request.decided"
    CHANGE_REQUEST_WITHDRAWN = "change_request.withdrawn"
    CHANGE_REQUEST_COMMENTED = "change_request.commented"
    POLICY_CHANGED = "policy.changed"
    # The catalog's structure: domains, tag vocabularies and their tags.
    DOMAIN_CREATED = "domain.created"
    DOMAIN_CHANGED = "domain.changed"
    VOCABULARY_CREATED = "vocabulary.created"
    VOCABULARY_CHANGED = "vocabulary.changed"
    TAG_CREATED = "tag.created"
    TAG_CHANGED = "tag.changed"
    TAG_DELETED = "tag.deleted"
    QUALITY_ISSUE_REPORTED = "quality_issue.reported"
    QUALITY_ISSUE_UPDATED = "quality_issue.updated"
    DATASET_COMMENTED = "dataset.commented"
    SOURCE_SUGGESTED = "source_suggestion.submitted"
    SOURCE_SUGGESTION_TRIAGED = "source_suggestion.triaged"
    WEBHOOK_CREATED = "webhook.created"
    WEBHOOK_CHANGED = "webhook.changed"
    WEBHOOK_SECRET_ROTATED = "webhook.secret_rotated"
    WEBHOOK_DELETED = "webhook.deleted"


class AuditEvent(Base):
    """One thing that happened. Rows are only ever inserted (triggers refuse the rest).

    Each event carries the hash of the one before it, so removing or editing an
    event breaks the chain where it happened (``catalog audit verify``). The
    actor is kept as a label too: the log must read the same if the account
    changes later.
    """

    __tablename__ = "audit_events"

    id: Mapped[intpk]
    # Position in the chain: 1, 2, 3... without gaps.
    sequence: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor_label: Mapped[str80] = mapped_column(default="")
    target_type: Mapped[str] = mapped_column(sa.String(40), default="")
    target_id: Mapped[str] = mapped_column(sa.String(255), default="")
    domain_id: Mapped[int | None] = mapped_column(index=True)
    remote_addr: Mapped[str] = mapped_column(sa.String(64), default="")
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    __table_args__ = (sa.Index("ix_audit_events_target", "target_type", "target_id"),)


class AuditChain(Base):
    """The head of the chain, one row. Appending updates it first, which serialises appends."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    length: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(sa.String(64))
