"""The Alembic migrations build exactly the schema the models describe, and carry data across."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from shop import create_app
from shop.extensions import db
from tests.conftest import new_database

ROWS_AT_0001 = [
    "INSERT INTO seller (id, slug, name, name_key, owner_type, province, status) "
    "VALUES (1, 'htx', 'HTX', 'htx', 'htx', 'Hà Nội', 'verified')",
    "INSERT INTO product_group (id, code, slug, name) VALUES (1, 'I', 'thuc-pham', 'Thực phẩm')",
    "INSERT INTO product (id, seller_id, slug, name, description, group_id, price_vnd, unit, published) "
    "VALUES (1, 1, 'che', 'Chè', '', 1, 1000, 'gói', true)",
    "INSERT INTO certificate (id, code, product_id, stars, decision_number, decision_date, expires_on, authority, "
    "authority_level, status) VALUES (1, 'OCOP-AAAA-AAAA', 1, 4, '1/QĐ', '2026-01-01', '2029-01-01', 'UBND', "
    "'province', 'verified')",
    "INSERT INTO certificate (id, code, product_id, stars, decision_number, decision_date, expires_on, authority, "
    "authority_level, status) VALUES (2, 'OCOP-BBBB-BBBB', 1, 5, '2/QĐ', '2026-03-01', '2029-03-01', 'Bộ', "
    "'national', 'verified')",
]


def _not_postgres_only(obj, name, type_, reflected, compare_to):
    """The GIN indexes of the search tables exist on PostgreSQL only (migrations 0005, 0006), not in the models."""
    return name not in ("ix_product_search_document", "ix_search_word_trigrams")


def test_migrations_match_the_models():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": _not_postgres_only})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_upgrading_a_database_with_data_keeps_it_and_fills_the_new_columns(tmp_path):
    with new_database(tmp_path) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "index")})
        with app.app_context():
            upgrade(revision="0001")
            for statement in ROWS_AT_0001:
                db.session.execute(text(statement))
            db.session.commit()
            upgrade()
            assert db.session.execute(text("SELECT current_certificate_id FROM product")).scalar() == 2
            if db.engine.dialect.name == "postgresql":  # its search rows are rewritten, both ways (0009)
                search_rows = "SELECT product_id, stars FROM product_search"
                assert db.session.execute(text(search_rows)).all() == [(1, 5)]
                db.session.remove()
                downgrade(revision="0008")
                assert db.session.execute(text("SELECT product_id FROM product_search")).all() == [(1,)]
                db.session.remove()
                upgrade()
                assert db.session.execute(text(search_rows)).all() == [(1, 5)]
            db.session.remove()  # release the read lock before tables are dropped
            downgrade(revision="base")
            upgrade()
            assert db.session.execute(text("SELECT count(*) FROM catalog_state")).scalar() == 1
            db.session.remove()
            db.engine.dispose()
