"""Security and privacy: a viewer role, when a signature lost its personal data, and the
privacy actions' audit log

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    # Existing accounts keep their role (campaigner or admin); viewer is new.
    with op.batch_alter_table("campaigner_accounts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_campaigner_accounts_role"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_campaigner_accounts_role"), "role IN ('viewer', 'campaigner', 'admin')")
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(), nullable=True))
    op.create_table(
        "privacy_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.Column("rows_changed", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "action IN ('export', 'erase', 'anonymise')", name=op.f("ck_privacy_actions_action")
        ),
        sa.CheckConstraint("via IN ('command', 'web')", name=op.f("ck_privacy_actions_via")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["campaigner_accounts.id"],
            name=op.f("fk_privacy_actions_account_id_campaigner_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_actions")),
    )


def downgrade():
    op.drop_table("privacy_actions")
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
    op.execute("UPDATE campaigner_accounts SET role = 'campaigner' WHERE role = 'viewer'")
    with op.batch_alter_table("campaigner_accounts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_campaigner_accounts_role"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_campaigner_accounts_role"), "role IN ('admin', 'campaigner')")
