"""Dispatch (issue 5): agents' capacity per channel, teams, shift schedule and time zone;
the assignment sequence number that keeps SQL writes of assignments in order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("capacity", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("teams", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("schedule", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("timezone", sa.String(length=64), nullable=False, server_default="UTC")
        )
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(
            sa.Column("assign_seq", sa.BigInteger(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("assign_seq")
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("timezone")
        batch.drop_column("schedule")
        batch.drop_column("teams")
        batch.drop_column("capacity")
