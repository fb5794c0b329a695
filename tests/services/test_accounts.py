from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from cardapp.domain.accounts import Actor, Role
from cardapp.services import accounts
from cardapp.services.errors import Conflict, Forbidden, Invalid, InvalidCredentials, NotFound
from tests.support.accounts import NOW, PASSWORD, SYSTEM


def test_the_first_admin_is_created_through_a_one_time_setup_link(database):
    assert not accounts.admin_exists(database)
    first = accounts.create_setup_link(database, NOW)
    second = accounts.create_setup_link(database, NOW)
    with pytest.raises(NotFound):
        accounts.find_invitation(database, first, NOW)  # a newer link replaces the older one
    admin = accounts.accept_invitation(database, second, PASSWORD, NOW, email="Admin@Example.org")
    assert (admin.email, admin.role) == ("admin@example.org", Role.ADMIN)
    assert accounts.admin_exists(database)
    with pytest.raises(NotFound):
        accounts.accept_invitation(database, second, PASSWORD, NOW, email="again@example.org")
    with pytest.raises(Conflict):
        accounts.create_setup_link(database, NOW)


def test_an_invitation_expires_after_seven_days(database):
    organisation = accounts.create_organisation(database, SYSTEM, "Teater Nord", NOW.date())
    token = accounts.invite(database, SYSTEM, "kari@teater.no", Role.FACILITATOR, organisation.id, NOW)
    assert accounts.find_invitation(database, token, NOW).organisation_name == "Teater Nord"
    with pytest.raises(NotFound):
        accounts.accept_invitation(database, token, PASSWORD, NOW + dt.timedelta(days=7, seconds=1))


def test_sign_in_never_says_whether_the_email_or_the_password_was_wrong(database):
    organisation = accounts.create_organisation(database, SYSTEM, "Teater Nord", NOW.date())
    token = accounts.invite(database, SYSTEM, "kari@teater.no", Role.ORGANISER, organisation.id, NOW)
    accounts.accept_invitation(database, token, PASSWORD, NOW)
    assert accounts.authenticate(database, " KARI@teater.no", PASSWORD).role is Role.ORGANISER
    for email, password in (("kari@teater.no", "wrong password here"), ("nobody@teater.no", PASSWORD)):
        with pytest.raises(InvalidCredentials) as error:
            accounts.authenticate(database, email, password)
        assert error.value.key == "account.invalid_credentials"


def test_passwords_are_stored_only_as_argon2_hashes(database, tmp_path):
    token = accounts.create_setup_link(database, NOW)
    accounts.accept_invitation(database, token, PASSWORD, NOW, email="admin@example.org")
    with sqlite3.connect(tmp_path / "services.sqlite3") as connection:
        everything = "\n".join(connection.iterdump())
    assert PASSWORD not in everything and token not in everything
    assert "$argon2id$" in everything


def test_a_password_change_signs_out_every_other_browser(database):
    token = accounts.create_setup_link(database, NOW)
    admin = accounts.accept_invitation(database, token, PASSWORD, NOW, email="admin@example.org")
    with pytest.raises(InvalidCredentials):
        accounts.change_password(database, admin.id, "not the password", "another long sentence")
    with pytest.raises(Invalid):
        accounts.change_password(database, admin.id, PASSWORD, "short")
    changed = accounts.change_password(database, admin.id, PASSWORD, "another long sentence")
    assert accounts.load_user(database, admin.id, admin.auth_version) is None
    assert accounts.load_user(database, admin.id, changed.auth_version) == changed


def test_the_last_admin_cannot_be_demoted_or_blocked(database):
    token = accounts.create_setup_link(database, NOW)
    admin = accounts.accept_invitation(database, token, PASSWORD, NOW, email="admin@example.org")
    organisation = accounts.create_organisation(database, admin.actor, "Teater Nord", NOW.date())
    with pytest.raises(Conflict):
        accounts.update_user(database, admin.actor, admin.id, Role.ORGANISER, organisation.id, True)
    with pytest.raises(Conflict):
        accounts.update_user(database, admin.actor, admin.id, Role.ADMIN, None, False)


def test_organisers_invite_only_into_their_own_organisation_and_everyone_but_admins_needs_one(database):
    organisation = accounts.create_organisation(database, SYSTEM, "Teater Nord", NOW.date())
    other = accounts.create_organisation(database, SYSTEM, "Festival Sør", NOW.date())
    token = accounts.invite(database, SYSTEM, "kari@teater.no", Role.ORGANISER, organisation.id, NOW)
    organiser = accounts.accept_invitation(database, token, PASSWORD, NOW)
    assert accounts.invite(database, organiser.actor, "helper@teater.no", Role.FACILITATOR, organisation.id, NOW)
    with pytest.raises(Forbidden):
        accounts.invite(database, organiser.actor, "ola@festival.no", Role.FACILITATOR, other.id, NOW)
    with pytest.raises(Forbidden):
        accounts.invite(database, organiser.actor, "boss@teater.no", Role.ADMIN, organisation.id, NOW)
    with pytest.raises(Invalid):
        accounts.invite(database, SYSTEM, "ola@teater.no", Role.FACILITATOR, None, NOW)
    with pytest.raises(Conflict):
        accounts.invite(database, SYSTEM, "kari@teater.no", Role.FACILITATOR, organisation.id, NOW)


def test_organisation_names_are_unique_and_get_readable_slugs(database):
    first = accounts.create_organisation(database, SYSTEM, "  Teater   Nord ", NOW.date())
    assert (first.name, first.slug) == ("Teater Nord", "teater-nord")
    with pytest.raises(Conflict):
        accounts.create_organisation(database, SYSTEM, "teater nord", NOW.date())
    assert accounts.create_organisation(database, SYSTEM, "Teater-Nord!", NOW.date()).slug == "teater-nord-2"


def test_an_organisation_name_or_help_text_with_invisible_characters_is_refused(database):
    for name in ("Teater\u202eNord", "Teater\u200bSør", "Teater\x00Øst"):
        with pytest.raises(Invalid) as refused:
            accounts.create_organisation(database, SYSTEM, name, NOW.date())
        assert refused.value.key == "text.hidden_characters"
    organisation = accounts.create_organisation(database, SYSTEM, "Teater Vest", NOW.date())
    organiser = Actor(user_id=1, role=Role.ORGANISER, organisation_id=organisation.id)
    with pytest.raises(Invalid):
        accounts.set_organisation_help_text(database, organiser, "Ring\u202e 116 123")
    accounts.set_organisation_help_text(database, organiser, "  Snakk med verneombudet.\r\nRing 116 123.  ")
    assert accounts.organisation_help_text(database, organiser) == "Snakk med verneombudet.\nRing 116 123."
