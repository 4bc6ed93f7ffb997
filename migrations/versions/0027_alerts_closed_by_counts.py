"""A pull alert may close because a count found its units gone (written off), not only on return or recertification.

Revision ID: 0027
Revises: 0026
"""
import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

CLOSINGS = "closed_by IS NULL OR closed_by IN ('returned', 'recertified'{})"


def upgrade():
    _closings(", 'counted'")


def downgrade():
    op.execute("UPDATE pull_alert SET closed_by = 'returned' WHERE closed_by = 'counted'")
    _closings("")


def _closings(more: str) -> None:
    """Why a pull alert may have closed: returned, recertified, and `more`."""
    with op.batch_alter_table("pull_alert") as batch_op:
        batch_op.drop_constraint(op.f("ck_pull_alert_closed_by"), type_="check")
        batch_op.create_check_constraint(op.f("ck_pull_alert_closed_by"), sa.text(CLOSINGS.format(more)))
