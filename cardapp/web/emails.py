"""The emails cardapp sends, written in the recipient's language: an invitation and a reset link."""

from __future__ import annotations

from email.message import EmailMessage

from flask import current_app

from cardapp.config import Settings
from cardapp.i18n import translate
from cardapp.mailer import message


def settings() -> Settings:
    configured: Settings = current_app.config["CARDAPP"]
    return configured


def invitation_email(to: str, link: str, role: str, organisation: str, language: str) -> EmailMessage:
    role_name = translate(f"role.{role}", language)
    return message(settings(), to, translate("mail.invitation_subject", language), translate(
        "mail.invitation_body", language, link=link, role=role_name, organisation=organisation))


def reset_email(to: str, link: str, language: str) -> EmailMessage:
    return message(settings(), to, translate("mail.reset_subject", language),
                   translate("mail.reset_body", language, link=link))


def public_link(path: str) -> str:
    """A full link to `path` for an email, on CARDAPP_PUBLIC_URL (required with SMTP), never on the
    Host a request claims: a forged Host would otherwise send a reset link to another site."""
    return f"{settings().public_url.rstrip('/')}{path}"
