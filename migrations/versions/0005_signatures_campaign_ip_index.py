"""signatures: index by campaign and IP address, for abuse checks at a million signatures

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_signatures_campaign_ip", "signatures", ["campaign_id", "ip_address"], unique=False
    )


def downgrade():
    op.drop_index("ix_signatures_campaign_ip", table_name="signatures")
