"""Catalog verbs: the OCOP classification and products."""
import csv
from pathlib import Path

from sqlalchemy import select

from shop.catalog.models import Product, ProductGroup
from shop.extensions import db
from shop.slugs import unique_slug
from shop.text import fold

GROUPS_FILE = Path(__file__).resolve().parent.parent / "data" / "ocop_groups.csv"

# The six groups of Decision 1048/QĐ-TTg (2019), folded, → Decision 148 group code.
DECISION_1048_GROUPS = {
    "thuc pham": "I",
    "do uong": "II",
    "thao duoc": "III",
    "vai va may mac": "IV",
    "luu niem - noi that - trang tri": "IV",
    "luu niem, noi that, trang tri": "IV",
    "dich vu du lich nong thon, ban hang": "VI",
}


def ensure_groups() -> None:
    """Load the Decision 148 classification from shop/data/ once; later calls add nothing."""
    groups = {group.code: group for group in db.session.scalars(select(ProductGroup))}
    with GROUPS_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):  # parents come before their children
            code, name = row["code"], row["subgroup"] or row["group"]
            if code not in groups:
                parent = groups.get(code.rsplit(".", 1)[0]) if "." in code else None
                groups[code] = ProductGroup(code=code, name=name, parent=parent,
                                            slug=unique_slug(ProductGroup, name))
                db.session.add(groups[code])
                db.session.flush()


def find_group(name: str) -> ProductGroup | None:
    """The top-level group named `name` in Decision 148 or 1048, diacritics optional."""
    key = fold(name)
    tops = db.session.scalars(select(ProductGroup).where(ProductGroup.parent_id.is_(None))).all()
    code = DECISION_1048_GROUPS.get(key)
    return next((g for g in tops if fold(g.name) == key or g.code == code), None)


def find_subgroup(group: ProductGroup, name: str) -> ProductGroup | None:
    """The nhóm or phân nhóm of `group` named `name`, diacritics optional."""
    key = fold(name)
    candidates = db.session.scalars(
        select(ProductGroup).where(ProductGroup.code.like(f"{group.code}.%"))
    )
    return next((g for g in candidates if fold(g.name) == key), None)


def find_or_create_product(seller, name: str, group, subgroup=None) -> tuple[Product, bool]:
    """The seller's product called `name`, created unpublished if new; returns (product, created)."""
    product = db.session.scalar(select(Product).where(Product.seller == seller, Product.name == name))
    if product:
        return product, False
    product = Product(seller=seller, name=name, group=group, subgroup=subgroup,
                      slug=unique_slug(Product, name, 150), published=False)
    db.session.add(product)
    db.session.flush()
    return product, True
