"""Email through the outbox.

queue_email() writes a message in the same transaction as the change that
caused it; deliver_outbox() (`flask --app coproduce outbox deliver`) sends
what is queued, over SMTP when mail settings are given, otherwise into
instance/outbox/ as .eml files. A message is claimed by a conditional update
before it is sent, so two deliverers never send it twice; failures are
retried with a growing delay.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime as rfc2822_date
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select, update

from coproduce.columns import utcnow
from coproduce.extensions import db
from coproduce.notifications.models import OutboxMessage, OutboxStatus

MAX_ATTEMPTS = 8


def queue_email(recipient, subject, template: str, **context) -> OutboxMessage:
    """Render `template` (under templates/emails/) in the recipient's language and queue it."""
    language = getattr(recipient, "preferred_language", None) or "en"
    with force_locale(language):
        subject_text = str(subject)
        body = render_template(f"emails/{template}.txt", recipient=recipient, **context)
    message = OutboxMessage(
        recipient_id=recipient.id,
        to_address=recipient.email,
        subject=subject_text,
        body_text=body,
        language=language,
    )
    db.session.add(message)
    return message


def build_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = rfc2822_date(message.created_at)
    email.set_content(message.body_text)
    # After set_content(), which removes every Content-* header set before it.
    email["Content-Language"] = message.language
    return email


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    gave_up: list[int] = field(default_factory=list)


class FileTransport:
    """Writes each message as instance/outbox/<id>-<uuid>.eml: the default with no mail server."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def send(self, message: OutboxMessage, email: EmailMessage) -> None:
        # The Message-ID in the name too: ids restart with a new database, old files stay.
        name = f"{message.id:08d}-{message.message_id.strip('<>').partition('@')[0]}.eml"
        with open(self.folder / name, "xb") as f:  # 'x': never overwrite
            f.write(bytes(email))

    def close(self) -> None:
        pass


class SMTPTransport:
    def __init__(self, config):
        host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
        if config["MAIL_USE_SSL"]:
            self.smtp = smtplib.SMTP_SSL(host, port, context=ssl.create_default_context(), timeout=30)
        else:
            self.smtp = smtplib.SMTP(host, port, timeout=30)
            if config["MAIL_USE_TLS"]:
                self.smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            self.smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")

    def send(self, message: OutboxMessage, email: EmailMessage) -> None:
        self.smtp.send_message(email)

    def close(self) -> None:
        try:
            self.smtp.quit()
        except smtplib.SMTPException:
            pass


def open_transport():
    config = current_app.config
    if config["MAIL_SERVER"]:
        return SMTPTransport(config)
    return FileTransport(Path(current_app.instance_path) / "outbox")


def _claim(message_id: int) -> bool:
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.QUEUED)
        .values(status=OutboxStatus.SENDING, claimed_at=utcnow())
    )
    db.session.commit()
    return result.rowcount == 1


def deliver_outbox(limit: int = 200) -> DeliveryReport:
    report = DeliveryReport()
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == OutboxStatus.QUEUED, OutboxMessage.next_attempt_at <= utcnow())
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    db.session.commit()
    if not due:
        return report
    try:
        transport = open_transport()
    except (OSError, smtplib.SMTPException) as error:
        for message_id in due:
            if _claim(message_id):  # unclaimed, another deliverer may have sent it meanwhile
                _record_failure(db.session.get(OutboxMessage, message_id), error, report)
                db.session.commit()
        return report
    try:
        for message_id in due:
            if not _claim(message_id):
                continue  # another deliverer has it
            message = db.session.get(OutboxMessage, message_id)
            try:
                transport.send(message, build_email(message))
            except (OSError, smtplib.SMTPException) as error:
                _record_failure(message, error, report)
            else:
                message.status = OutboxStatus.SENT
                message.sent_at = utcnow()
                message.attempts += 1
                report.sent.append(message.id)
            db.session.commit()
    finally:
        transport.close()
    return report


def _record_failure(message: OutboxMessage, error: Exception, report: DeliveryReport) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
        report.gave_up.append(message.id)
    else:
        message.status = OutboxStatus.QUEUED
        message.next_attempt_at = utcnow() + timedelta(minutes=2 ** message.attempts)
        report.failed.append(message.id)
