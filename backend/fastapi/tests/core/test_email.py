"""SmtpEmailSender against a real aiosmtpd server; ConsoleEmailSender through structlog."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
import structlog
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword
from aiosmtpd.smtp import Session as SmtpSession

from hestami_api.core.config import Settings
from hestami_api.core.email import (
    ConsoleEmailSender,
    EmailDeliveryError,
    EmailMessageSpec,
    SmtpEmailSender,
)
from tests.services import free_port

# The test server accepts AUTH without TLS on purpose (loopback only).
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

SMTP_USER = "mailer"
SMTP_PASSWORD = "s3cret-smtp-password-value"
SENDER = "Hestami <no-reply@hestami.example>"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class CollectingHandler:
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: SmtpSession, envelope: Envelope
    ) -> str:
        assert isinstance(envelope.content, bytes)
        assert envelope.mail_from is not None
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def check_login(
    server: SMTP, session: SmtpSession, envelope: Envelope, mechanism: str, data: object
) -> AuthResult:
    ok = (
        isinstance(data, LoginPassword)
        and data.login == SMTP_USER.encode()
        and data.password == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


@pytest.fixture
def handler() -> CollectingHandler:
    return CollectingHandler()


@pytest.fixture
def smtp_port(handler: CollectingHandler) -> Iterator[int]:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port
    controller.stop()


@pytest.fixture
def auth_smtp_port(handler: CollectingHandler) -> Iterator[int]:
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=check_login,
        auth_require_tls=False,
        auth_required=True,
    )
    controller.start()
    yield controller.port
    controller.stop()


def smtp_settings(port: int, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "email_backend": "smtp",
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_username": None,
        "smtp_password": None,
        "smtp_from": SENDER,
        "smtp_starttls": False,
        "smtp_timeout_seconds": 5.0,
    }
    values |= overrides
    return Settings.model_validate(values)


MESSAGE = EmailMessageSpec(
    to="ana@example.org",
    subject="Reset your Hestami password",
    body="Open https://app.hestami.test/reset?token=abc123 within 30 minutes.\n",
)


def test_smtp_sender_delivers_recipient_subject_and_body(
    handler: CollectingHandler, smtp_port: int
) -> None:
    SmtpEmailSender(smtp_settings(smtp_port)).send(MESSAGE)

    assert len(handler.received) == 1
    received = handler.received[0]
    assert received.rcpt_tos == ["ana@example.org"]
    assert received.mail_from == "no-reply@hestami.example"
    assert received.message["To"] == "ana@example.org"
    assert received.message["From"] == SENDER
    assert received.message["Subject"] == "Reset your Hestami password"
    assert received.message["Date"]
    assert received.message["Message-ID"].endswith("@hestami.example>")
    body = received.message.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content().replace("\r\n", "\n") == MESSAGE.body


def test_smtp_sender_keeps_non_ascii_text(handler: CollectingHandler, smtp_port: int) -> None:
    message = EmailMessageSpec(to="zoe@example.org", subject="Réinitialisation €", body="Grüße ✓")
    SmtpEmailSender(smtp_settings(smtp_port)).send(message)

    received = handler.received[0].message
    assert received["Subject"] == "Réinitialisation €"
    body = received.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content().strip() == "Grüße ✓"


def test_smtp_sender_logs_in_with_configured_credentials(
    handler: CollectingHandler, auth_smtp_port: int
) -> None:
    settings = smtp_settings(auth_smtp_port, smtp_username=SMTP_USER, smtp_password=SMTP_PASSWORD)
    SmtpEmailSender(settings).send(MESSAGE)

    assert [r.rcpt_tos for r in handler.received] == [["ana@example.org"]]


def test_rejected_login_raises_without_revealing_the_password(
    handler: CollectingHandler, auth_smtp_port: int
) -> None:
    settings = smtp_settings(
        auth_smtp_port, smtp_username=SMTP_USER, smtp_password="wrong-" + SMTP_PASSWORD
    )
    with pytest.raises(EmailDeliveryError) as caught:
        SmtpEmailSender(settings).send(MESSAGE)

    assert "SMTPAuthenticationError" in str(caught.value)
    assert SMTP_PASSWORD not in str(caught.value)
    assert caught.value.__cause__ is None
    assert handler.received == []


def test_server_requiring_login_refuses_anonymous_sender(auth_smtp_port: int) -> None:
    with pytest.raises(EmailDeliveryError):
        SmtpEmailSender(smtp_settings(auth_smtp_port)).send(MESSAGE)


def test_closed_port_raises_email_delivery_error() -> None:
    settings = smtp_settings(free_port(), smtp_username=SMTP_USER, smtp_password=SMTP_PASSWORD)
    with pytest.raises(EmailDeliveryError) as caught:
        SmtpEmailSender(settings).send(MESSAGE)

    assert f"127.0.0.1:{settings.smtp_port}" in str(caught.value)
    assert SMTP_PASSWORD not in str(caught.value)


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        ("ana@example.org\r\nBcc: eve@example.org", "hi"),
        ("ana@example.org", "hi\nBcc: eve@example.org"),
        ("  ", "hi"),
    ],
)
def test_message_spec_refuses_header_injection_and_empty_recipient(to: str, subject: str) -> None:
    with pytest.raises(ValueError, match="email"):
        EmailMessageSpec(to=to, subject=subject, body="x")


def test_console_sender_logs_the_message_in_development() -> None:
    settings = Settings.model_validate({"environment": "development", "email_backend": "console"})
    sender = ConsoleEmailSender(settings)
    with structlog.testing.capture_logs() as logs:
        sender.send(MESSAGE)

    assert len(logs) == 1
    assert logs[0]["to"] == MESSAGE.to
    assert logs[0]["subject"] == MESSAGE.subject
    assert logs[0]["body"] == MESSAGE.body


def test_console_sender_withholds_the_body_in_production() -> None:
    settings = Settings.model_validate(
        {
            "environment": "production",
            "email_backend": "console",
            "jwt_secret": "Pq7-Lx2v9Nw4Zr8Tk1Hs6Yb3Mc5Jd0Gf",
        }
    )
    with structlog.testing.capture_logs() as logs:
        ConsoleEmailSender(settings).send(MESSAGE)

    assert len(logs) == 1
    assert logs[0]["log_level"] == "warning"
    assert "token=abc123" not in repr(logs)
