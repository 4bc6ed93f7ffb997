"""Traceability: a product found by its GTIN, as GS1 Digital Link pages (/01/<gtin>) and the API show it.

Batches (/01/<gtin>/10/<batch>), the trail from the ledger and serial stamps come later (issue 18).
"""
