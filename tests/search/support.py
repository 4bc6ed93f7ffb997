"""What the search tests share."""
from shop.catalog.filters import ProductFilters
from shop.catalog.listing import find_products


def found(today, q, **filters) -> list[str]:
    """Names of the products a search for `q` (with `filters`) shows, best first."""
    return [p.name for p, _ in find_products(today, ProductFilters(q=q, sort="relevance", **filters), 1, 50).items]
