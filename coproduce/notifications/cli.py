"""`flask --app coproduce notifications ...`: jobs to run daily from cron."""

import click
from flask.cli import AppGroup

from coproduce.extensions import db
from coproduce.notifications.services import notify_closing_soon, send_digests
from coproduce.urls import site_context

notifications_cli = AppGroup("notifications", help="Daily notification jobs.")


@notifications_cli.command("closing-soon")
def closing_soon_command():
    """Tell followers of consultations closing within 3 days (once per version)."""
    with site_context():
        count = notify_closing_soon()
        db.session.commit()
    click.echo(f"{count} people told of consultations closing soon")


@notifications_cli.command("digest")
def digest_command():
    """Email each daily-digest reader one summary of what is waiting for them."""
    with site_context():
        count = send_digests()
        db.session.commit()
    click.echo(f"{count} digests queued; deliver them with `outbox deliver`")
