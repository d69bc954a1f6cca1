"""Co-produce: public bodies and community organisations co-producing documents."""

import gc
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from coproduce.config import load_config

    load_config(app, config)

    from coproduce import (
        blueprints,
        cli,
        error_pages,
        extensions,
        pagecache,
        security,
        templating,
        transaction,
        urls,
    )

    load_models()
    extensions.init_app(app)
    templating.init_app(app)
    urls.init_app(app)
    pagecache.init_app(app)
    blueprints.init_app(app)
    security.init_app(app)
    transaction.init_app(app)
    error_pages.init_app(app)
    cli.init_app(app)
    if app.config["COPRODUCE_ENV"] != "testing":
        # What the app holds for its whole life (modules, models, routes) leaves the garbage collector's
        # view: a full collection then scans only what requests made, and no longer adds ~50 ms to
        # one request in twenty on a long page.
        gc.collect()
        gc.freeze()
    return app


def load_models() -> None:
    """Import every model module so the metadata (and Alembic) sees all tables."""
    import coproduce.accounts.models  # noqa: F401
    import coproduce.amendments.models  # noqa: F401
    import coproduce.audit.trail  # noqa: F401
    import coproduce.comments.models  # noqa: F401
    import coproduce.documents.models  # noqa: F401
    import coproduce.moderation.models  # noqa: F401
    import coproduce.notifications.models  # noqa: F401
    import coproduce.signoff.models  # noqa: F401
