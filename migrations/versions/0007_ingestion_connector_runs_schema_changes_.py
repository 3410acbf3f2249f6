"""ingestion: connector runs, schema changes, lineage, connections, jobs

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 08:31:51.721094
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "succeeded",
                "failed",
                name="jobstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("run_after", sa.DateTime(), nullable=False),
        sa.Column("locked_by", sa.String(length=80), nullable=False),
        sa.Column("locked_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_status_run_after", ["status", "run_after"], unique=False)

    op.create_table(
        "connector_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("pull", "push", "openlineage", name="runkind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "succeeded",
                "failed",
                name="runstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("trigger", sa.String(length=32), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("started_by_label", sa.String(length=80), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("progress_done", sa.Integer(), nullable=False),
        sa.Column("progress_total", sa.Integer(), nullable=True),
        sa.Column("progress_message", sa.String(length=255), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_connector_runs_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"],
            ["users.id"],
            name=op.f("fk_connector_runs_started_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connector_runs")),
    )
    with op.batch_alter_table("connector_runs", schema=None) as batch_op:
        batch_op.create_index("ix_connector_runs_source_id_id", ["source_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_connector_runs_status"), ["status"], unique=False)

    op.create_table(
        "source_connections",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("connector", sa.String(length=80), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("secrets", sa.Text(), nullable=False),
        sa.Column("schedule", sa.String(length=120), nullable=False),
        sa.Column("next_run_at", sa.DateTime(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_connections_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", name=op.f("pk_source_connections")),
    )
    with op.batch_alter_table("source_connections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_source_connections_next_run_at"), ["next_run_at"], unique=False
        )

    op.create_table(
        "lineage_edges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("upstream_id", sa.Integer(), nullable=False),
        sa.Column("downstream_id", sa.Integer(), nullable=False),
        sa.Column("via", sa.String(length=255), nullable=False),
        sa.Column("provenance_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["downstream_id"],
            ["datasets.id"],
            name=op.f("fk_lineage_edges_downstream_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["provenance_id"],
            ["provenance.id"],
            name=op.f("fk_lineage_edges_provenance_id_provenance"),
        ),
        sa.ForeignKeyConstraint(
            ["upstream_id"],
            ["datasets.id"],
            name=op.f("fk_lineage_edges_upstream_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lineage_edges")),
        sa.UniqueConstraint(
            "upstream_id", "downstream_id", name=op.f("uq_lineage_edges_upstream_id_downstream_id")
        ),
    )
    with op.batch_alter_table("lineage_edges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lineage_edges_downstream_id"), ["downstream_id"], unique=False
        )

    op.create_table(
        "schema_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "dataset_added",
                "dataset_removed",
                "dataset_restored",
                "column_added",
                "column_removed",
                "column_restored",
                "type_changed",
                name="schemachangekind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("column_name", sa.String(length=255), nullable=False),
        sa.Column("before", sa.String(length=255), nullable=False),
        sa.Column("after", sa.String(length=255), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_schema_changes_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["connector_runs.id"],
            name=op.f("fk_schema_changes_run_id_connector_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schema_changes")),
    )
    with op.batch_alter_table("schema_changes", schema=None) as batch_op:
        batch_op.create_index("ix_schema_changes_dataset_id_id", ["dataset_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_schema_changes_run_id"), ["run_id"], unique=False)

    op.create_table(
        "column_lineage_edges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edge_id", sa.Integer(), nullable=False),
        sa.Column("upstream_column_id", sa.Integer(), nullable=False),
        sa.Column("downstream_column_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["downstream_column_id"],
            ["dataset_columns.id"],
            name=op.f("fk_column_lineage_edges_downstream_column_id_dataset_columns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["edge_id"],
            ["lineage_edges.id"],
            name=op.f("fk_column_lineage_edges_edge_id_lineage_edges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["upstream_column_id"],
            ["dataset_columns.id"],
            name=op.f("fk_column_lineage_edges_upstream_column_id_dataset_columns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_column_lineage_edges")),
        sa.UniqueConstraint(
            "upstream_column_id",
            "downstream_column_id",
            name=op.f("uq_column_lineage_edges_upstream_column_id_downstream_column_id"),
        ),
    )
    with op.batch_alter_table("column_lineage_edges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_column_lineage_edges_downstream_column_id"),
            ["downstream_column_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_column_lineage_edges_edge_id"), ["edge_id"], unique=False
        )

    with op.batch_alter_table("dataset_columns", schema=None) as batch_op:
        # Existing rows get an empty value; the default is dropped again below.
        batch_op.add_column(
            sa.Column("foreign_key", sa.String(length=1024), nullable=False, server_default="")
        )
    with op.batch_alter_table("dataset_columns", schema=None) as batch_op:
        batch_op.alter_column("foreign_key", server_default=None)

    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "technical_fingerprint", sa.String(length=64), nullable=False, server_default=""
            )
        )
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.alter_column("technical_fingerprint", server_default=None)

    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("connector_run_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_provenance_connector_run_id"), ["connector_run_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_provenance_connector_run_id_connector_runs"),
            "connector_runs",
            ["connector_run_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("provenance", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_provenance_connector_run_id_connector_runs"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_provenance_connector_run_id"))
        batch_op.drop_column("connector_run_id")

    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.drop_column("technical_fingerprint")

    with op.batch_alter_table("dataset_columns", schema=None) as batch_op:
        batch_op.drop_column("foreign_key")

    with op.batch_alter_table("column_lineage_edges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_column_lineage_edges_edge_id"))
        batch_op.drop_index(batch_op.f("ix_column_lineage_edges_downstream_column_id"))

    op.drop_table("column_lineage_edges")
    with op.batch_alter_table("schema_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schema_changes_run_id"))
        batch_op.drop_index("ix_schema_changes_dataset_id_id")

    op.drop_table("schema_changes")
    with op.batch_alter_table("lineage_edges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lineage_edges_downstream_id"))

    op.drop_table("lineage_edges")
    with op.batch_alter_table("source_connections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_connections_next_run_at"))

    op.drop_table("source_connections")
    with op.batch_alter_table("connector_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_connector_runs_status"))
        batch_op.drop_index("ix_connector_runs_source_id_id")

    op.drop_table("connector_runs")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_status_run_after")

    op.drop_table("jobs")
