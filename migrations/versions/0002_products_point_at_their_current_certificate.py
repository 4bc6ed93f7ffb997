"""Products point at their current certificate (latest verified or revoked decision).

sellable() then asks only whether that one certificate is in force today,
instead of searching every certificate of every product.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE product SET current_certificate_id = (
    SELECT certificate.id FROM certificate
    WHERE certificate.product_id = product.id AND certificate.status IN ('verified', 'revoked')
    ORDER BY certificate.decision_date DESC, certificate.id DESC
    LIMIT 1)
"""


def upgrade():
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(sa.Column("current_certificate_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_product_current_certificate_id_certificate"), "certificate",
                                    ["current_certificate_id"], ["id"], ondelete="SET NULL", use_alter=True)
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_product_current_certificate_id_certificate"), type_="foreignkey")
        batch_op.drop_column("current_certificate_id")
