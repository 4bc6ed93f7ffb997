"""The signed-in staff member's outlets: every /outlet view finds its outlet here, so any other place is a 404."""
from flask import g

from shop.web import found_or_404


def own_outlets() -> list:
    """The signed-in staff member's outlets (never a producer's warehouse), by name."""
    return sorted((place for place in g.outlets if place.kind != "warehouse"), key=lambda place: place.name)


def own_outlet(slug: str):
    """The staff member's outlet with this slug, else a 404 (another's outlet, a warehouse, no such place)."""
    return found_or_404(next((place for place in own_outlets() if place.slug == slug), None))
