"""Product search: a Whoosh index (or PostgreSQL full-text) that answers "which products match, best first".

The database then decides what is shown: the matches are joined to sellable(today)
with the listing's filters (shop/catalog/listing.py), so a stale index can
never show an expired or revoked product.
"""
