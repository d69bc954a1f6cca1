"""Documents, drafts, versions, clauses and comparisons."""
