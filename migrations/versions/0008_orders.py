"""Buying: carts, orders split per producer, their lines, payments, handled webhook events;
producers set their own shipping fee and free-shipping threshold.

Revision ID: 0008
Revises: 0007
Created: 2026-11-23 23:09:09.862599

"""
import sqlalchemy as sa
from alembic import op

from shop.catalog.version_triggers import restore_sqlite_triggers

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('webhook_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_event_id', sa.String(length=120), nullable=False),
    sa.Column('type', sa.String(length=80), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_event')),
    sa.UniqueConstraint('provider_event_id', name=op.f('uq_webhook_event_provider_event_id'))
    )
    op.create_table('cart',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('token', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('user_id IS NOT NULL OR token IS NOT NULL', name=op.f('ck_cart_has_owner')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_cart_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cart')),
    sa.UniqueConstraint('token', name=op.f('uq_cart_token')),
    sa.UniqueConstraint('user_id', name=op.f('uq_cart_user_id'))
    )
    op.create_table('order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('province', sa.String(length=60), nullable=False),
    sa.Column('commune', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('payment_method', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('items_vnd', sa.Integer(), nullable=False),
    sa.Column('shipping_vnd', sa.Integer(), nullable=False),
    sa.Column('total_vnd', sa.Integer(), nullable=False),
    sa.Column('reserved_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("payment_method IN ('cod', 'card')", name=op.f('ck_order_payment_method')),
    sa.CheckConstraint("status IN ('placed', 'awaiting_payment', 'paid', 'expired')", name=op.f('ck_order_status')),
    sa.CheckConstraint('items_vnd > 0 AND shipping_vnd >= 0', name=op.f('ck_order_amounts')),
    sa.CheckConstraint('total_vnd = items_vnd + shipping_vnd', name=op.f('ck_order_total_adds_up')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_order_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order')),
    sa.UniqueConstraint('number', name=op.f('uq_order_number'))
    )
    with op.batch_alter_table('order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_user_id'), ['user_id'], unique=False)

    op.create_table('payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('provider_id', sa.String(length=120), nullable=True),
    sa.Column('amount_vnd', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("method IN ('cod', 'card')", name=op.f('ck_payment_method')),
    sa.CheckConstraint("status IN ('pending', 'requires_action', 'succeeded', 'failed', 'cancelled', 'refunded')", name=op.f('ck_payment_status')),
    sa.ForeignKeyConstraint(['order_id'], ['order.id'], name=op.f('fk_payment_order_id_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment')),
    sa.UniqueConstraint('provider_id', name=op.f('uq_payment_provider_id'))
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_order_id'), ['order_id'], unique=False)

    op.create_table('seller_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('items_vnd', sa.Integer(), nullable=False),
    sa.Column('shipping_vnd', sa.Integer(), nullable=False),
    sa.Column('carrier', sa.String(length=80), nullable=True),
    sa.Column('tracking_number', sa.String(length=80), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled', 'refunded')", name=op.f('ck_seller_order_status')),
    sa.ForeignKeyConstraint(['order_id'], ['order.id'], name=op.f('fk_seller_order_order_id_order')),
    sa.ForeignKeyConstraint(['seller_id'], ['seller.id'], name=op.f('fk_seller_order_seller_id_seller')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seller_order')),
    sa.UniqueConstraint('order_id', 'seller_id', name='uq_seller_order_order_seller')
    )
    with op.batch_alter_table('seller_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seller_order_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seller_order_seller_id'), ['seller_id'], unique=False)

    op.create_table('cart_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cart_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity BETWEEN 1 AND 99', name=op.f('ck_cart_line_quantity_range')),
    sa.ForeignKeyConstraint(['cart_id'], ['cart.id'], name=op.f('fk_cart_line_cart_id_cart'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_cart_line_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cart_line')),
    sa.UniqueConstraint('cart_id', 'product_id', name='uq_cart_line_cart_product')
    )
    op.create_table('order_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seller_order_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('price_vnd', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('stars', sa.SmallInteger(), nullable=False),
    sa.Column('certificate_code', sa.String(length=20), nullable=False),
    sa.CheckConstraint('quantity > 0 AND price_vnd > 0', name=op.f('ck_order_line_positive')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_order_line_product_id_product')),
    sa.ForeignKeyConstraint(['seller_order_id'], ['seller_order.id'], name=op.f('fk_order_line_seller_order_id_seller_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_line'))
    )
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_line_seller_order_id'), ['seller_order_id'], unique=False)

    with op.batch_alter_table('seller', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shipping_fee_vnd', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('free_shipping_over_vnd', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('shipping', sa.text('shipping_fee_vnd >= 0 AND free_shipping_over_vnd > 0'))
    restore_sqlite_triggers(op, ('seller',))



def downgrade():
    with op.batch_alter_table('seller', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_seller_shipping'), type_='check')
        batch_op.drop_column('free_shipping_over_vnd')
        batch_op.drop_column('shipping_fee_vnd')
    restore_sqlite_triggers(op, ('seller',))

    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_line_seller_order_id'))

    op.drop_table('order_line')
    op.drop_table('cart_line')
    with op.batch_alter_table('seller_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seller_order_seller_id'))
        batch_op.drop_index(batch_op.f('ix_seller_order_order_id'))

    op.drop_table('seller_order')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_order_id'))

    op.drop_table('payment')
    with op.batch_alter_table('order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_user_id'))

    op.drop_table('order')
    op.drop_table('cart')
    op.drop_table('webhook_event')
