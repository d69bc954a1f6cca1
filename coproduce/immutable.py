"""Records that never change once written: published versions, sign-offs, audit rows.

Models register here; a flush or bulk statement that would update or delete
one of their rows raises ImmutableError (PostgreSQL triggers add a second
guard for the audit trail).
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session


class ImmutableError(Exception):
    """Raised when anything tries to change or remove a record that must never change."""


IMMUTABLE: list[type] = []


def immutable(model: type) -> type:
    """Class decorator: rows of this model are written once and never changed or removed."""
    IMMUTABLE.append(model)
    return model


def is_immutable(obj) -> bool:
    return isinstance(obj, tuple(IMMUTABLE))


@event.listens_for(Session, "before_flush")
def refuse_changes(session: Session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if is_immutable(obj) and (obj in session.deleted or session.is_modified(obj, include_collections=False)):
            # Not every immutable model's key is `id` (SignOffRequest, SignOffWithdrawal).
            key = ", ".join(str(k) for k in inspect(obj).identity or ())
            raise ImmutableError(f"{type(obj).__name__} {key} cannot change once written")


@event.listens_for(Session, "do_orm_execute")
def refuse_bulk_changes(state) -> None:
    """update() and delete() statements run without a flush, so the check above never sees them."""
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and mapper.class_ in IMMUTABLE:
        raise ImmutableError(f"{mapper.class_.__name__} rows cannot change once written")
