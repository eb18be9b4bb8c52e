"""A transactional outbox for replies, instead of a ``streamed_at`` column on messages.

Marking a reply as streamed used to update its message row. On PostgreSQL that writes a
new row version and, since the column sits in a partial index, new entries in every index
of the messages table: the dearest write of the hot path. An outbox row is one small
insert in the reply's transaction and one delete once the reply is on its stream.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNSTREAMED = "streamed_at IS NULL AND direction = 'out'"


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_outbox_message_id_messages")
        ),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_outbox")),
    )
    op.create_index("ix_outbox_created_at", "outbox", ["created_at"], unique=False)
    op.execute(
        "INSERT INTO outbox (message_id, created_at)"
        f" SELECT id, created_at FROM messages WHERE {UNSTREAMED}"
    )
    op.drop_index("ix_messages_unstreamed", table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("streamed_at")


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("streamed_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE messages SET streamed_at = created_at WHERE direction = 'out'"
        " AND id NOT IN (SELECT message_id FROM outbox)"
    )
    where = sa.text(UNSTREAMED)
    op.create_index(
        "ix_messages_unstreamed",
        "messages",
        ["created_at"],
        unique=False,
        sqlite_where=where,
        postgresql_where=where,
    )
    op.drop_index("ix_outbox_created_at", table_name="outbox")
    op.drop_table("outbox")
