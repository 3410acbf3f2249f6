"""dataset views and popularity: who opened which dataset page, distinct viewers per dataset

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21 11:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dataset_views",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("viewed_at", sa.DateTime(), nullable=False),
        sa.Column("counted_at", sa.DateTime(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_dataset_views_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_dataset_views_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "dataset_id", name=op.f("pk_dataset_views")),
    )
    with op.batch_alter_table("dataset_views", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dataset_views_dataset_viewed", ["dataset_id", "viewed_at"], unique=False
        )
        batch_op.create_index(
            "ix_dataset_views_user_viewed", ["user_id", "viewed_at"], unique=False
        )

    op.create_table(
        "dataset_popularity",
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("viewers", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_dataset_popularity_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("dataset_id", name=op.f("pk_dataset_popularity")),
    )


def downgrade() -> None:
    op.drop_table("dataset_popularity")
    with op.batch_alter_table("dataset_views", schema=None) as batch_op:
        batch_op.drop_index("ix_dataset_views_user_viewed")
        batch_op.drop_index("ix_dataset_views_dataset_viewed")
    op.drop_table("dataset_views")
