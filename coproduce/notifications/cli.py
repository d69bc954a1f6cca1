"""`flask --app coproduce notifications ...`: jobs to run daily from cron."""

import click
from flask.cli import AppGroup

from coproduce.cli import site_context
from coproduce.extensions import db

notifications_cli = AppGroup("notifications", help="Daily notification jobs.")


@notifications_cli.command("closing-soon")
def closing_soon_command():
    """Tell followers of consultations closing within 3 days (once per version)."""
    from coproduce.notifications.services import notify_closing_soon

    with site_context():
        count = notify_closing_soon()
        db.session.commit()
    click.echo(f"{count} people told of consultations closing soon")


@notifications_cli.command("digest")
def digest_command():
    """Email each daily-digest reader one summary of what is waiting for them."""
    from coproduce.notifications.services import send_digests

    with site_context():
        count = send_digests()
        db.session.commit()
    click.echo(f"{count} digests queued; deliver them with `outbox deliver`")
