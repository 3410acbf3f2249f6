"""contributions: change requests, reviews, policies, personal data, owners, trust, quality issues, source suggestions

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21 08:38:22.607614
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("proposer_id", sa.Integer(), nullable=True),
        sa.Column("domain_id", sa.Integer(), nullable=True),
        sa.Column("kinds", sa.String(length=255), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "applied",
                "partially_applied",
                "rejected",
                "withdrawn",
                "stale",
                name="requeststatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "route",
            sa.Enum(
                "apply_at_once",
                "apply_then_review",
                "one_steward",
                "two_approvers",
                name="route",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("escalated_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["domain_id"],
            ["domains.id"],
            name=op.f("fk_change_requests_domain_id_domains"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposer_id"],
            ["users.id"],
            name=op.f("fk_change_requests_proposer_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_requests")),
    )
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_change_requests_proposer_created", ["proposer_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_change_requests_status_domain", ["status", "domain_id", "created_at"], unique=False
        )

    op.create_table(
        "policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("domain_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column(
            "route",
            sa.Enum(
                "apply_at_once",
                "apply_then_review",
                "one_steward",
                "two_approvers",
                name="route",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("due_days", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["domain_id"],
            ["domains.id"],
            name=op.f("fk_policies_domain_id_domains"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_policies_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policies")),
        sa.UniqueConstraint("domain_id", "kind", name=op.f("uq_policies_domain_id_kind")),
    )
    op.create_table(
        "change_request_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_change_request_comments_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["change_requests.id"],
            name=op.f("fk_change_request_comments_request_id_change_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_request_comments")),
    )
    with op.batch_alter_table("change_request_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_change_request_comments_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "change_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column(
            "decision",
            sa.Enum("approve", "reject", name="reviewdecision", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["change_requests.id"],
            name=op.f("fk_change_reviews_request_id_change_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["users.id"],
            name=op.f("fk_change_reviews_reviewer_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_reviews")),
        sa.UniqueConstraint(
            "request_id", "reviewer_id", name=op.f("uq_change_reviews_request_id_reviewer_id")
        ),
    )
    op.create_table(
        "source_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("system", sa.String(length=255), nullable=False),
        sa.Column("contents", sa.Text(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=255), nullable=False),
        sa.Column("domain_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "planned",
                "connected",
                "rejected",
                "duplicate",
                name="suggestionstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("triaged_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("triaged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_source_suggestions_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["domain_id"],
            ["domains.id"],
            name=op.f("fk_source_suggestions_domain_id_domains"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_suggestions_source_id_sources"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["triaged_by_id"],
            ["users.id"],
            name=op.f("fk_source_suggestions_triaged_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_suggestions")),
    )
    with op.batch_alter_table("source_suggestions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_source_suggestions_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_source_suggestions_source_id"), ["source_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_source_suggestions_status"), ["status"], unique=False)

    op.create_table(
        "dataset_owners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum("owner", "steward", "expert", name="ownerrole", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("provenance_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_dataset_owners_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["provenance_id"],
            ["provenance.id"],
            name=op.f("fk_dataset_owners_provenance_id_provenance"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_dataset_owners_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataset_owners")),
    )
    with op.batch_alter_table("dataset_owners", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dataset_owners_dataset_id"), ["dataset_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dataset_owners_user_id"), ["user_id"], unique=False)

    op.create_table(
        "dataset_trust",
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "endorsed", "warning", "deprecated", name="trustlevel", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("provenance_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_dataset_trust_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["provenance_id"],
            ["provenance.id"],
            name=op.f("fk_dataset_trust_provenance_id_provenance"),
        ),
        sa.PrimaryKeyConstraint("dataset_id", name=op.f("pk_dataset_trust")),
    )
    with op.batch_alter_table("dataset_trust", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dataset_trust_level"), ["level"], unique=False)

    op.create_table(
        "change_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=True),
        sa.Column("column_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "applied_pending_review",
                "applied",
                "rejected",
                "stale",
                "withdrawn",
                name="itemstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["column_id"],
            ["dataset_columns.id"],
            name=op.f("fk_change_items_column_id_dataset_columns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_change_items_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["change_requests.id"],
            name=op.f("fk_change_items_request_id_change_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_items")),
    )
    with op.batch_alter_table("change_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_change_items_dataset_status", ["dataset_id", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_change_items_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "personal_data_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("column_id", sa.Integer(), nullable=True),
        sa.Column(
            "category",
            sa.Enum(
                "contact",
                "identifier",
                "financial",
                "health",
                "location",
                "online_identifier",
                "special_category",
                name="personaldatacategory",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending_review",
                "confirmed",
                name="declarationstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("provenance_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["column_id"],
            ["dataset_columns.id"],
            name=op.f("fk_personal_data_declarations_column_id_dataset_columns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_personal_data_declarations_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["provenance_id"],
            ["provenance.id"],
            name=op.f("fk_personal_data_declarations_provenance_id_provenance"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_declarations")),
    )
    with op.batch_alter_table("personal_data_declarations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_personal_data_declarations_dataset_id", ["dataset_id", "column_id"], unique=False
        )

    op.create_table(
        "quality_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("column_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "acknowledged",
                "resolved",
                "dismissed",
                name="qualityissuestatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["column_id"],
            ["dataset_columns.id"],
            name=op.f("fk_quality_issues_column_id_dataset_columns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_quality_issues_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["handled_by_id"],
            ["users.id"],
            name=op.f("fk_quality_issues_handled_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name=op.f("fk_quality_issues_reporter_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_issues")),
    )
    with op.batch_alter_table("quality_issues", schema=None) as batch_op:
        batch_op.create_index(
            "ix_quality_issues_dataset_id_status", ["dataset_id", "status"], unique=False
        )

    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_request_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_provenance_change_request_id"), ["change_request_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_provenance_change_request_id_change_requests"),
            "change_requests",
            ["change_request_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("planned", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.alter_column("planned", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("planned")

    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_provenance_change_request_id_change_requests"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_provenance_change_request_id"))
        batch_op.drop_column("change_request_id")

    with op.batch_alter_table("quality_issues", schema=None) as batch_op:
        batch_op.drop_index("ix_quality_issues_dataset_id_status")

    op.drop_table("quality_issues")
    with op.batch_alter_table("personal_data_declarations", schema=None) as batch_op:
        batch_op.drop_index("ix_personal_data_declarations_dataset_id")

    op.drop_table("personal_data_declarations")
    with op.batch_alter_table("change_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_items_request_id"))
        batch_op.drop_index("ix_change_items_dataset_status")

    op.drop_table("change_items")
    with op.batch_alter_table("dataset_trust", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dataset_trust_level"))

    op.drop_table("dataset_trust")
    with op.batch_alter_table("dataset_owners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dataset_owners_user_id"))
        batch_op.drop_index(batch_op.f("ix_dataset_owners_dataset_id"))

    op.drop_table("dataset_owners")
    with op.batch_alter_table("source_suggestions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_suggestions_status"))
        batch_op.drop_index(batch_op.f("ix_source_suggestions_source_id"))
        batch_op.drop_index(batch_op.f("ix_source_suggestions_author_id"))

    op.drop_table("source_suggestions")
    op.drop_table("change_reviews")
    with op.batch_alter_table("change_request_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_request_comments_request_id"))

    op.drop_table("change_request_comments")
    op.drop_table("policies")
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_change_requests_status_domain")
        batch_op.drop_index("ix_change_requests_proposer_created")

    op.drop_table("change_requests")
