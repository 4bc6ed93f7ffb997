"""Buying: the cart, checkout, orders split per producer, payments (cash on delivery, Stripe)."""
