"""dataset discussion: plain-text comments on a dataset

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-21 11:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dataset_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_dataset_comments_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_dataset_comments_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataset_comments")),
    )
    with op.batch_alter_table("dataset_comments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dataset_comments_dataset_id_id", ["dataset_id", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("dataset_comments", schema=None) as batch_op:
        batch_op.drop_index("ix_dataset_comments_dataset_id_id")

    op.drop_table("dataset_comments")
