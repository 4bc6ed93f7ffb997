"""Unique URL slugs for any model with a `slug` column."""
from sqlalchemy import select

from shop.extensions import db
from shop.text import slugify


def unique_slug(model, text: str, max_length: int = 120) -> str:
    """slugify(text), with -2, -3 … appended if another row already has it."""
    base = slugify(text)[:max_length - 6].rstrip("-") or "item"  # room for a -NNNNN suffix
    taken = set(db.session.scalars(select(model.slug).where(model.slug.like(f"{base}%"))))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
