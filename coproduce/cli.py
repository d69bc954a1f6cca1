"""Commands: `flask --app coproduce <group> <command>`."""

import sys

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from coproduce.accounts.models import Area, User
from coproduce.accounts.services import find_user_by_email
from coproduce.audit.trail import record_event, verify_chain
from coproduce.demo import load_demo, sign_in_help
from coproduce.errors import ServiceError
from coproduce.extensions import db
from coproduce.notifications.cli import notifications_cli
from coproduce.notifications.outbox import deliver_outbox
from coproduce.organisations.services import create_organisation
from coproduce.urls import site_context

organisations_cli = AppGroup("organisations", help="Create public bodies and County Voluntary Councils.")
users_cli = AppGroup("users", help="Manage people's accounts.")
audit_cli = AppGroup("audit", help="The hash-chained audit trail.")
outbox_cli = AppGroup("outbox", help="Deliver queued email.")


@organisations_cli.command("create")
@click.option("--name", required=True)
@click.option("--kind", type=click.Choice(["public_body", "cvc", "community"]), required=True)
@click.option("--area", "area_code", required=True, help="Area code, e.g. cardiff or wales")
def create_organisation_command(name, kind, area_code):
    """Create an organisation (site administrators' task)."""
    if db.session.get(Area, area_code) is None:
        codes = ", ".join(db.session.scalars(select(Area.code).order_by(Area.code)))
        raise click.BadParameter(f"unknown area; one of: {codes}", param_hint="--area")
    try:
        organisation = create_organisation(name=name, kind=kind, area_code=area_code)
    except ServiceError as error:
        with force_locale("en"):  # no request here to choose the language of the lazy message
            raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {organisation.kind} {organisation.name!r} at /organisations/{organisation.slug}/")


@users_cli.command("make-admin")
@click.argument("email")
def make_admin_command(email):
    """Make an existing account a site administrator."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    user.is_site_admin = True
    record_event("user.made_site_admin", user, actor=None)
    db.session.commit()
    click.echo(f"{user.name} is now a site administrator.")


@audit_cli.command("verify")
def audit_verify_command():
    """Check every row of the audit trail follows the one before it and matches its hash."""
    checked, broken, why = verify_chain()
    if broken is not None:
        click.echo(f"BROKEN at audit row {broken}: {why} ({checked} rows before it are intact)", err=True)
        sys.exit(1)
    click.echo(f"intact: {checked} rows")


@outbox_cli.command("deliver")
@click.option("--limit", default=200, show_default=True)
def deliver_command(limit):
    """Send queued email (SMTP if configured, else .eml files in instance/outbox/)."""
    report = deliver_outbox(limit=limit)
    click.echo(f"sent {len(report.sent)}, will retry {len(report.failed)}, gave up on {len(report.gave_up)}")
    if report.failed or report.gave_up:
        sys.exit(1)


@click.command("demo")
def demo_command():
    """Load the fictional Glanmôr world (idempotent)."""
    with site_context():
        created = load_demo()
        db.session.commit()
    click.echo("Demo data loaded." if created else "Demo data was already there.")
    click.echo(sign_in_help())


@click.command("demo-if-empty")
def demo_if_empty_command():
    """Load the demo data only when the database has no accounts (used by `make run`)."""
    if db.session.scalar(select(User.id).limit(1)) is None:
        with site_context():
            load_demo()
            db.session.commit()
        click.echo("Empty database: demo data loaded.")
    click.echo(sign_in_help())


def init_app(app: Flask) -> None:
    for command in (organisations_cli, users_cli, audit_cli, outbox_cli, notifications_cli, demo_command, demo_if_empty_command):
        app.cli.add_command(command)
