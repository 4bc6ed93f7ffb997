"""Signals from one package to another that must not import it (blinker, as Flask's own signals)."""
from blinker import Namespace

_signals = Namespace()

# Sent (by the app) after the search index committed a change: a page cached with the old
# search results is stale, so the catalog cache takes a new version (shop/catalog/cache.py).
search_index_changed = _signals.signal("search-index-changed")

# Sent (by the app, with `day`) by the daily `ocop expiry-check`; a receiver takes out what
# expired before `day` and answers how many products it took out (the search index does).
certificates_expired = _signals.signal("certificates-expired")

# Sent (by the app, with `day`) by the daily `ocop expiry-check` after the reminders; a receiver reviews
# what the day's certificates call for and answers how many pull alerts it raised at outlets (the transfers do).
certificates_checked = _signals.signal("certificates-checked")
