"""Inbox: snoozed conversations' wake-up times, and merges (issue 5).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "snoozes",
        sa.Column("conversation_id", sa.String(length=36), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_snoozes_conversation_id_conversations"),
        ),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_snoozes")),
    )
    op.create_index(op.f("ix_snoozes_until"), "snoozes", ["until"], unique=False)
    op.create_table(
        "merges",
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=True),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["conversations.id"], name=op.f("fk_merges_source_id_conversations")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["conversations.id"], name=op.f("fk_merges_target_id_conversations")
        ),
        sa.PrimaryKeyConstraint("source_id", name=op.f("pk_merges")),
    )
    op.create_index(op.f("ix_merges_target_id"), "merges", ["target_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_merges_target_id"), table_name="merges")
    op.drop_table("merges")
    op.drop_index(op.f("ix_snoozes_until"), table_name="snoozes")
    op.drop_table("snoozes")
