"""The one error a service raises when a rule says no, and its kinds.

A view that catches one re-shows its form with what was typed and the message; it never rolls back
itself. A service checks its rules before it writes, so a refusal leaves nothing to undo; where a
partial write must be undone it writes inside a savepoint (`db.session.begin_nested()`). Anything
else that goes wrong is rolled back once, by the per-request transaction (coproduce/transaction.py).
"""


class ServiceError(Exception):
    """A rule said no; the message is for the person who asked."""


class ConflictError(ServiceError):
    """Someone else saved first; the caller shows both texts."""

    def __init__(self, message, current=None):
        super().__init__(message)
        self.current = current
