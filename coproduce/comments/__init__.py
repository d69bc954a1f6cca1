"""Threaded comments on clauses and versions, carried from version to version."""
