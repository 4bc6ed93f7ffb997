"""OCOP outlets carry their opening hours (free text) and a phone number, which the office keeps up to date.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("location", sa.Column("opening_hours", sa.String(length=120), nullable=True))
    op.add_column("location", sa.Column("phone", sa.String(length=20), nullable=True))


def downgrade():
    # Plain ALTER TABLE, on SQLite too (3.35+), as 0010 does.
    op.execute("ALTER TABLE location DROP COLUMN phone")
    op.execute("ALTER TABLE location DROP COLUMN opening_hours")
