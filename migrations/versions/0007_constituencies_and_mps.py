"""Constituencies and their MPs; each signature's Westminster constituency, filled in for the
signatures already stored from their postcodes (through the postcode index); where each signer
came from (source, UTM, referring signature) and their own share code; letters to MPs, counted
by constituency; and whom a campaign update went to.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
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
        batch_op.add_column(sa.Column("source", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("utm_medium", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("utm_campaign", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("referrer_code", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("share_code", sa.String(length=12), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_signatures_share_code"), ["share_code"])
    op.create_table(
        "mp_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("constituency_code", sa.String(length=9), nullable=False),
        sa.Column("route", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("kept_text", sa.Text(), nullable=True),
        sa.CheckConstraint("route IN ('email', 'print')", name=op.f("ck_mp_letters_route")),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_mp_letters_campaign_id_campaigns")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mp_letters")),
    )
    op.create_index(
        "ix_mp_letters_campaign_constituency", "mp_letters", ["campaign_id", "constituency_code"]
    )
    with op.batch_alter_table("campaign_updates") as batch_op:
        batch_op.add_column(
            sa.Column(
                "audience",
                sa.String(length=1000),
                nullable=False,
                server_default="Everyone opted in",
            )
        )
    with op.batch_alter_table("campaign_updates") as batch_op:
        batch_op.alter_column("audience", server_default=None)
    _fill_in_constituencies()
    _counts_table(with_constituency=True)


def _counts_table(with_constituency: bool):
    """signature_counts, rebuilt from the confirmed signatures: the counters equal them by
    construction, so replacing the table moves no total, and avoids altering a primary key in
    place (which SQLite cannot do)."""
    op.drop_table("signature_counts")
    key = ["campaign_id", "council_code", "shard"]
    columns = [
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("council_code", sa.String(length=9), nullable=False),
        sa.Column("shard", sa.SmallInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
    ]
    if with_constituency:
        key.insert(2, "constituency_code")
        columns.insert(2, sa.Column("constituency_code", sa.String(length=9), nullable=False))
    op.create_table(
        "signature_counts",
        *columns,
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_signature_counts_campaign_id_campaigns"),
        ),
        sa.PrimaryKeyConstraint(*key, name=op.f("pk_signature_counts")),
    )
    place = ["COALESCE(council_code, '')"]
    if with_constituency:
        place.append("COALESCE(constituency_code, '')")
    names = ", ".join(
        ["campaign_id", "council_code"] + (["constituency_code"] if with_constituency else [])
    )
    op.execute(
        # Fixed column names, nothing from outside.
        f"INSERT INTO signature_counts ({names}, shard, count) "  # noqa: S608
        f"SELECT campaign_id, {', '.join(place)}, 0, COUNT(*) FROM signatures "
        f"WHERE status = 'confirmed' GROUP BY campaign_id, {', '.join(place)}"
    )


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
    _counts_table(with_constituency=False)
    with op.batch_alter_table("campaign_updates") as batch_op:
        batch_op.drop_column("audience")
    op.drop_index("ix_mp_letters_campaign_constituency", table_name="mp_letters")
    op.drop_table("mp_letters")
    with op.batch_alter_table("signatures") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_signatures_share_code"), type_="unique")
        for column in ("share_code", "referrer_code", "utm_campaign", "utm_medium", "source"):
            batch_op.drop_column(column)
        batch_op.drop_column("constituency_code")
    op.drop_table("constituencies")
