"""Amendments, support, decisions and the "you said, we did" response report."""
