"""Product search: a Whoosh index (or PostgreSQL full-text) that answers "which ids match, best first".

The database then decides what is shown: ids go back through sellable(today)
with the listing's filters (shop/catalog/listing.py), so a stale index can
never show an expired or revoked product.
"""
