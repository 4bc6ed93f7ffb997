"""People who use the shop: customers, producer members, outlet staff, the programme office."""
