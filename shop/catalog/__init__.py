"""The storefront catalog: products, OCOP product groups and the sellable() rule."""
