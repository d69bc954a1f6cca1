"""The per-request transaction: a request commits once, at the end; anything short of success rolls back.

This is the one place the application rolls back. A service that refuses raises ServiceError before it
writes (or undoes its own partial write with a savepoint), so a view that catches one never rolls back.
"""

from flask import Flask

from coproduce.extensions import db


def init_app(app: Flask) -> None:
    app.after_request(finish_request)


def finish_request(response):
    # A request that wrote nothing neither commits nor rolls back: the session is simply closed at
    # teardown, which spares expiring every object a long page loaded.
    if response.status_code >= 400:
        abandon()
    elif db.session.info.pop("wrote", False) or db.session.new or db.session.dirty or db.session.deleted:
        db.session.commit()
    return response


def abandon() -> None:
    """Undo everything the request wrote: before an error page is drawn, and for any error response."""
    db.session.rollback()
