"""Constituencies and their MPs; each signature's Westminster constituency, filled in for the
signatures already stored from their postcodes (through the postcode index).

Revision ID: 0007
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 5_000


def upgrade():
    op.create_table(
        "constituencies",
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("mp_name", sa.String(length=100), nullable=True),
        sa.Column("mp_party", sa.String(length=20), nullable=True),
        sa.Column("mp_party_name", sa.String(length=100), nullable=True),
        sa.Column("mp_member_id", sa.Integer(), nullable=True),
        sa.Column("mp_since", sa.Date(), nullable=True),
        sa.Column("list_as_of", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_constituencies")),
    )
    with op.batch_alter_table("signatures") as batch_op:
        batch_op.add_column(sa.Column("constituency_code", sa.String(length=9), nullable=True))
    _fill_in_constituencies()


def _fill_in_constituencies():
    """Each stored signature's constituency, from its postcode, in one set-based update.

    Postcodes are looked up once each, into a scratch table joined by the update, so the cost is
    one pass over the signatures whatever their number."""
    from campaign.places import postcodes

    connection = op.get_bind()
    known = connection.execute(
        sa.text("SELECT DISTINCT postcode FROM signatures WHERE postcode IS NOT NULL")
    ).scalars()
    found = []
    for postcode in known:
        entry = postcodes.lookup(postcode) if postcodes.normalise(postcode) == postcode else None
        if entry is not None and entry.constituency_code:
            found.append({"postcode": postcode, "code": entry.constituency_code})
    if not found:
        return
    scratch = sa.table("postcode_constituency_fill", sa.column("postcode"), sa.column("code"))
    op.create_table(
        "postcode_constituency_fill",
        sa.Column("postcode", sa.String(length=8), primary_key=True),
        sa.Column("code", sa.String(length=9), nullable=False),
    )
    for start in range(0, len(found), BATCH):
        connection.execute(scratch.insert(), found[start : start + BATCH])
    connection.execute(
        sa.text(
            "UPDATE signatures SET constituency_code = (SELECT f.code FROM "
            "postcode_constituency_fill f WHERE f.postcode = signatures.postcode) "
            "WHERE postcode IN (SELECT postcode FROM postcode_constituency_fill)"
        )
    )
    op.drop_table("postcode_constituency_fill")


def downgrade():
    with op.batch_alter_table("signatures") as batch_op:
        batch_op.drop_column("constituency_code")
    op.drop_table("constituencies")
