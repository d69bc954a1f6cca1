"""The append-only, hash-chained audit trail, and each document's public activity page built from it."""
