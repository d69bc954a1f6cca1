"""The email outbox: queued with the change that caused it, in the recipient's
language, delivered once (to files, or through a real SMTP server on
loopback), retried with a growing delay, given up on after MAX_ATTEMPTS."""

from __future__ import annotations

import socket
import threading
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as email_policy

import pytest
from aiosmtpd.controller import Controller
from flask_babel import get_locale
from sqlalchemy import select, update

from coproduce.accounts.models import User
from coproduce.accounts.services import register_user
from coproduce.columns import utcnow
from coproduce.extensions import db
from coproduce.notifications import outbox
from coproduce.notifications.models import OutboxMessage
from coproduce.notifications.outbox import MAX_ATTEMPTS, deliver_outbox, queue_email
from tests.factories import PASSWORD, create_user, outbox_to, reload

LINK = "https://coproduce.example/confirm/a-token"


def queue_confirmation(user: User, subject="Confirm your email address") -> OutboxMessage:
    message = queue_email(user, subject, "confirm_email", link=LINK)
    db.session.commit()
    return message


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse(raw: bytes):
    return message_from_bytes(raw, policy=email_policy)


class Mailbox:
    """An aiosmtpd handler that keeps what it receives and refuses chosen recipients."""

    def __init__(self):
        self.envelopes = []
        self.refused = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def messages(self):
        return [parse(envelope.original_content or envelope.content) for envelope in self.envelopes]


@pytest.fixture
def mailbox(app, monkeypatch):
    """A real SMTP server on 127.0.0.1, configured as the app's mail server for one test."""
    handler = Mailbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    yield handler
    controller.stop()


@pytest.fixture
def refusing_server(app, monkeypatch):
    """A mail server setting whose port refuses connections."""
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())


@pytest.fixture
def outbox_folder(app, monkeypatch, tmp_path):
    """No mail server, and the shared app's instance folder moved to tmp_path for one test."""
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    return tmp_path / "outbox"


def make_due(message: OutboxMessage) -> None:
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message.id)
                       .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


# Queueing


def test_the_email_is_written_in_the_same_transaction_as_the_change(app):
    with app.test_request_context():
        register_user("Aisha Khan", "aisha@example.org", PASSWORD)
        db.session.rollback()
    assert db.session.scalars(select(User)).all() == []
    assert db.session.scalars(select(OutboxMessage)).all() == []

    with app.test_request_context():
        user = register_user("Aisha Khan", "aisha@example.org", PASSWORD)
        db.session.commit()
    [message] = outbox_to("aisha@example.org")
    assert message.recipient_id == user.id
    assert message.status == "queued" and message.attempts == 0
    assert "/confirm/" in message.body_text


class LocaleProbe:
    """A subject that reads as the locale it is turned into text under."""

    def __str__(self):
        return str(get_locale())


def test_the_email_is_rendered_in_the_recipients_language(app, monkeypatch):
    rendered_in = []
    real_render = outbox.render_template

    def render_and_note_locale(*args, **kwargs):
        rendered_in.append(str(get_locale()))
        return real_render(*args, **kwargs)

    monkeypatch.setattr(outbox, "render_template", render_and_note_locale)
    welsh, english = create_user("Megan Hughes", language="cy"), create_user("Tom Baker", language="en")

    with app.test_request_context(headers={"Accept-Language": "en"}):
        to_welsh = queue_email(welsh, LocaleProbe(), "confirm_email", link=LINK)
        assert str(get_locale()) == "en"  # the request's own language is untouched
        with app.test_request_context(headers={"Accept-Language": "cy"}):
            to_english = queue_email(english, LocaleProbe(), "confirm_email", link=LINK)
    db.session.commit()

    assert (to_welsh.language, to_welsh.subject) == ("cy", "cy")
    assert (to_english.language, to_english.subject) == ("en", "en")
    assert rendered_in == ["cy", "en"]
    assert outbox.build_email(to_welsh)["Content-Language"] == "cy"


# Delivery to files


def test_without_a_mail_server_each_message_becomes_an_eml_file(outbox_folder):
    user = create_user("Siân Jones", language="cy")
    message = queue_confirmation(user, "Cadarnhewch eich cyfeiriad e-bost")

    report = deliver_outbox()

    assert report.sent == [message.id] and report.failed == report.gave_up == []
    [path] = outbox_folder.glob("*.eml")
    email = parse(path.read_bytes())
    assert email["To"] == user.email
    assert email["Subject"] == "Cadarnhewch eich cyfeiriad e-bost"
    assert email["Message-ID"] == message.message_id
    assert email["Content-Language"] == "cy"
    assert LINK in email.get_content()
    sent = reload(OutboxMessage, message.id)
    assert (sent.status, sent.attempts) == ("sent", 1) and sent.sent_at is not None

    assert deliver_outbox().sent == []
    assert len(list(outbox_folder.glob("*.eml"))) == 1


def test_a_file_left_from_an_earlier_database_does_not_block_delivery(outbox_folder):
    message = queue_confirmation(create_user())
    outbox_folder.mkdir()
    (outbox_folder / f"{message.id:08d}.eml").write_bytes(b"Subject: from a database since deleted\n\n")

    assert deliver_outbox().sent == [message.id]


# Delivery through SMTP


def test_a_message_arrives_at_the_smtp_server(app, mailbox):
    user = create_user("Dafydd Price")
    message = queue_confirmation(user)

    report = deliver_outbox()

    assert report.sent == [message.id]
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == [user.email]
    [email] = mailbox.messages()
    assert email["To"] == user.email
    assert email["Subject"] == "Confirm your email address"
    assert email["Message-ID"] == message.message_id
    assert email["From"] == app.config["MAIL_FROM"]
    assert LINK in email.get_content()


def test_delivering_twice_sends_once(mailbox):
    queue_confirmation(create_user())
    queue_confirmation(create_user())

    assert len(deliver_outbox().sent) == 2
    assert deliver_outbox().sent == []
    assert len(mailbox.envelopes) == 2


def test_two_deliverers_at_once_send_each_message_once(app, mailbox, monkeypatch):
    messages = [queue_confirmation(create_user()) for _ in range(3)]
    message_ids = {message.message_id for message in messages}
    both_claiming = threading.Barrier(2, timeout=20)
    real_claim = outbox._claim

    def claim_at_the_same_moment(message_id):
        both_claiming.wait()  # both have found the message due and now race for it
        return real_claim(message_id)

    monkeypatch.setattr(outbox, "_claim", claim_at_the_same_moment)
    reports, errors = [], []

    def deliverer():
        with app.app_context():
            try:
                reports.append(deliver_outbox())
            except Exception as error:  # reported below, not lost in the thread
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=deliverer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    first, second = reports
    assert sorted(first.sent + second.sent) == sorted(message.id for message in messages)
    assert set(first.sent).isdisjoint(second.sent)
    assert sorted(email["Message-ID"] for email in mailbox.messages()) == sorted(message_ids)


def test_a_recipient_refused_by_the_server_is_retried_and_the_others_are_sent(mailbox):
    refused, accepted = create_user(), create_user()
    mailbox.refused.add(refused.email)
    refused_message, accepted_message = queue_confirmation(refused), queue_confirmation(accepted)

    report = deliver_outbox()

    assert report.sent == [accepted_message.id]
    assert report.failed == [refused_message.id]
    retry = reload(OutboxMessage, refused_message.id)
    assert (retry.status, retry.attempts) == ("queued", 1)
    assert "No such mailbox" in retry.last_error
    assert [envelope.rcpt_tos for envelope in mailbox.envelopes] == [[accepted.email]]


def test_an_unreachable_server_leaves_the_message_queued_for_a_later_retry(refusing_server):
    message = queue_confirmation(create_user())
    before = utcnow()

    report = deliver_outbox()

    assert report.failed == [message.id] and report.sent == []
    retry = reload(OutboxMessage, message.id)
    assert (retry.status, retry.attempts) == ("queued", 1)
    assert "Connection" in retry.last_error or "refused" in retry.last_error.lower()
    assert retry.next_attempt_at > before + timedelta(minutes=1)
    assert deliver_outbox().failed == []  # not due again yet
    assert reload(OutboxMessage, message.id).attempts == 1


def test_after_max_attempts_the_message_is_marked_failed(refusing_server):
    message = queue_confirmation(create_user())
    delays = []
    for _ in range(MAX_ATTEMPTS - 1):
        started = utcnow()
        assert deliver_outbox().failed == [message.id]
        delays.append(reload(OutboxMessage, message.id).next_attempt_at - started)
        make_due(message)

    report = deliver_outbox()

    assert report.gave_up == [message.id] and report.failed == []
    failed = reload(OutboxMessage, message.id)
    assert (failed.status, failed.attempts) == ("failed", MAX_ATTEMPTS)
    assert delays == sorted(delays) and delays[0] < delays[-1]  # the wait grows
    make_due(failed)
    assert deliver_outbox().gave_up == []


def test_an_unreachable_server_does_not_requeue_what_another_deliverer_sent(app, refusing_server, monkeypatch):
    message = queue_confirmation(create_user())

    def another_deliverer_sends_it_then_we_fail_to_connect():
        with db.engine.begin() as connection:
            connection.execute(update(OutboxMessage).where(OutboxMessage.id == message.id)
                               .values(status="sent", sent_at=utcnow(), attempts=1))
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(outbox, "open_transport", another_deliverer_sends_it_then_we_fail_to_connect)

    report = deliver_outbox()

    assert report.failed == []
    assert reload(OutboxMessage, message.id).status == "sent"


# The command


def test_outbox_deliver_command_prints_the_counts(app, outbox_folder):
    queue_confirmation(create_user())
    queue_confirmation(create_user())

    result = app.test_cli_runner().invoke(args=["outbox", "deliver"])

    assert result.exit_code == 0, result.output
    assert "sent 2, will retry 0, gave up on 0" in result.output
    assert len(list(outbox_folder.glob("*.eml"))) == 2


def test_outbox_deliver_command_fails_when_a_message_could_not_be_sent(app, refusing_server):
    queue_confirmation(create_user())

    result = app.test_cli_runner().invoke(args=["outbox", "deliver"])

    assert result.exit_code == 1
    assert "sent 0, will retry 1, gave up on 0" in result.output
