"""JSON API v1: the read side of the catalog, for apps and partners."""
