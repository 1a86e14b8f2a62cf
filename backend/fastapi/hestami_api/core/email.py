"""Outgoing email: a small sender interface with an SMTP and a console implementation.

``EMAIL_BACKEND=smtp`` delivers through ``SMTP_HOST``/``SMTP_PORT`` (optionally upgraded with
STARTTLS and authenticated with ``SMTP_USERNAME``/``SMTP_PASSWORD``); ``EMAIL_BACKEND=console``
(the default, for local development) only logs the message. Sending blocks on network I/O:
the outbox's delivery loop (hestami_api.mail.delivery) calls it from a worker thread.
"""

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from functools import lru_cache
from typing import Protocol

import structlog

from hestami_api.core.config import Settings, get_settings

logger = structlog.get_logger(__name__)


class EmailDeliveryError(Exception):
    """The message could not be handed to the mail server. The text never holds credentials."""


@dataclass(frozen=True, slots=True)
class EmailMessageSpec:
    """A plain-text email to one recipient."""

    to: str
    subject: str
    body: str

    def __post_init__(self) -> None:
        # Header injection guard: a line break in a header value would start a new header.
        for name in ("to", "subject"):
            value: str = getattr(self, name)
            if "\r" in value or "\n" in value:
                raise ValueError(f"email {name} must not contain line breaks")
        if not self.to.strip():
            raise ValueError("email recipient must not be empty")


class EmailSender(Protocol):
    def send(self, message: EmailMessageSpec) -> None:
        """Deliver the message or raise EmailDeliveryError."""
        ...


class SmtpEmailSender:
    """Delivers through an SMTP server with the stdlib client: one connection per message."""

    def __init__(self, settings: Settings) -> None:
        self._host = settings.smtp_host
        self._port = settings.smtp_port
        self._timeout = settings.smtp_timeout_seconds
        self._starttls = settings.smtp_starttls
        self._username = settings.smtp_username
        self._password = settings.smtp_password  # stays a SecretStr until the login call
        self._sender = settings.smtp_from
        sender_address = parseaddr(settings.smtp_from)[1]
        self._message_id_domain = sender_address.rpartition("@")[2] or None

    def build(self, message: EmailMessageSpec) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self._sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Date"] = formatdate(localtime=False, usegmt=True)
        email["Message-ID"] = make_msgid(domain=self._message_id_domain)
        email.set_content(message.body)
        return email

    def send(self, message: EmailMessageSpec) -> None:
        email = self.build(message)
        try:
            with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as client:
                if self._starttls:
                    client.starttls(context=ssl.create_default_context())
                if self._username:
                    password = self._password.get_secret_value() if self._password else ""
                    client.login(self._username, password)
                client.send_message(email)
        except (smtplib.SMTPException, OSError) as exc:
            # Only the server address and the error class: neither the password nor the
            # server's reply (which may echo what was sent) goes into the message.
            reason = type(exc).__name__
            code = getattr(exc, "smtp_code", None)
            if isinstance(code, int):
                reason += f" (SMTP {code})"
            elif isinstance(exc, OSError) and exc.strerror:
                reason += f" ({exc.strerror})"
            raise EmailDeliveryError(
                f"Could not deliver email through SMTP server {self._host}:{self._port}: {reason}"
            ) from None
        logger.info("email_sent", backend="smtp", subject=message.subject)


class ConsoleEmailSender:
    """Development backend: logs the message instead of sending it.

    Logging the body is its purpose (a developer copies the reset link from the log). Outside
    development and test the body is withheld, because it can carry a password-reset token
    and logs are read by more people than the mailbox owner.
    """

    def __init__(self, settings: Settings) -> None:
        self._log_body = settings.environment != "production"

    def send(self, message: EmailMessageSpec) -> None:
        if self._log_body:
            logger.info(
                "email_logged",
                backend="console",
                to=message.to,
                subject=message.subject,
                body=message.body,
            )
        else:
            logger.warning(
                "email_not_delivered",
                backend="console",
                subject=message.subject,
                reason="EMAIL_BACKEND=console in production; body withheld from the log",
            )


@lru_cache
def get_email_sender() -> EmailSender:
    """The process-wide sender chosen by EMAIL_BACKEND."""
    settings = get_settings()
    if settings.email_backend == "smtp":
        return SmtpEmailSender(settings)
    return ConsoleEmailSender(settings)
