"""Follows, in-app notifications and the email outbox."""
