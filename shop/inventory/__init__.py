"""Stock: producers' warehouses, OCOP outlets and the append-only stock ledger."""
