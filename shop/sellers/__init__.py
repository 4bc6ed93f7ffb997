"""Producers (chủ thể OCOP) that sell in the shop, and the people who run them."""
