"""Mail delivery: worker leases on the outbox, webhook events, suppressions, replay receipts,
campaign updates.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "campaign_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_by", sa.String(length=254), nullable=False),
        sa.Column("recipient_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_updates_campaign_id_campaigns"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_updates")),
    )
    with op.batch_alter_table("campaign_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_updates_campaign_id"), ["campaign_id"])

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("lease_expires_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("campaign_update_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_campaign_update_id"), ["campaign_update_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_messages_campaign_update_id_campaign_updates"),
            "campaign_updates",
            ["campaign_update_id"],
            ["id"],
        )

    op.create_table(
        "mail_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sg_event_id", sa.String(length=100), nullable=False),
        sa.Column("event", sa.String(length=30), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_mail_events_outbox_message_id_outbox_messages"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_events")),
        sa.UniqueConstraint("sg_event_id", name=op.f("uq_mail_events_sg_event_id")),
    )
    with op.batch_alter_table("mail_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_events_email"), ["email"])
        batch_op.create_index(batch_op.f("ix_mail_events_outbox_message_id"), ["outbox_message_id"])

    op.create_table(
        "mail_suppressions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_suppressions")),
        sa.UniqueConstraint("email", name=op.f("uq_mail_suppressions_email")),
    )
    op.create_table(
        "webhook_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signature_digest", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_receipts")),
        sa.UniqueConstraint("signature_digest", name=op.f("uq_webhook_receipts_signature_digest")),
    )
    with op.batch_alter_table("webhook_receipts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_webhook_receipts_received_at"), ["received_at"])


def downgrade():
    op.drop_table("webhook_receipts")
    op.drop_table("mail_suppressions")
    op.drop_table("mail_events")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_messages_campaign_update_id_campaign_updates"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_outbox_messages_campaign_update_id"))
        batch_op.drop_column("campaign_update_id")
        batch_op.drop_column("lease_expires_at")
        batch_op.drop_column("claimed_by")
    op.drop_table("campaign_updates")
