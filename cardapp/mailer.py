"""Sending email through the SMTP server of CARDAPP_SMTP_*: plain text, no tracking, no images.

Sent in the background so that a page answers as fast whether or not an email went out: the time
a reset request takes must not tell whether an address has an account. A failure is logged
without the recipient's address.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from email.message import EmailMessage
from email.utils import make_msgid

from cardapp.config import Settings

log = logging.getLogger("cardapp.mail")
TIMEOUT_S = 20


def message(settings: Settings, to: str, subject: str, text: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.smtp_from
    mail["To"] = to
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid(domain=settings.smtp_from.rsplit("@", 1)[-1])
    mail["Auto-Submitted"] = "auto-generated"  # no out-of-office replies
    mail.set_content(text)
    return mail


def send(settings: Settings, mail: EmailMessage) -> None:
    """Deliver one message now; raises on failure."""
    context = ssl.create_default_context()
    if settings.smtp_tls == "tls":
        server: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_S,
                                                context=context)
    else:
        server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_S)
    with server:
        if settings.smtp_tls == "starttls":
            server.starttls(context=context)
        if settings.smtp_user:
            server.login(settings.smtp_user, settings.smtp_password)
        server.send_message(mail)


def send_in_background(settings: Settings, mail: EmailMessage, kind: str) -> None:
    """Deliver without keeping the request waiting; `kind` names the email in the log (never the address)."""

    def deliver() -> None:
        try:
            send(settings, mail)
            log.info("%s email sent", kind)
        except (OSError, smtplib.SMTPException) as error:
            log.error("%s email could not be sent: %s", kind, type(error).__name__)

    threading.Thread(target=deliver, name=f"mail-{kind}", daemon=True).start()
