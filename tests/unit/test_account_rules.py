from __future__ import annotations

import pytest

from cardapp.domain.accounts import (
    Actor,
    InvalidEmail,
    NotAllowed,
    Role,
    WeakPassword,
    check_password,
    normalised_email,
    required_organisation,
)
from cardapp.domain.rate_limits import RateLimit


def test_emails_are_stored_trimmed_and_lowercase():
    assert normalised_email("  Kari.Nordmann@Teater.NO ") == "kari.nordmann@teater.no"
    for bad in ("kari", "kari@", "@teater.no", "kari@teater", "ka ri@teater.no"):
        with pytest.raises(InvalidEmail):
            normalised_email(bad)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short pass", "password_too_short"),
        ("x" * 257, "password_too_long"),
        ("passord12345", "password_too_common"),
        ("aaaaaaaaaaaaab", "password_too_common"),
        ("kari-is-my-name-2026", "password_contains_email"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str):
    with pytest.raises(WeakPassword, match=reason):
        check_password(password, "kari@teater.no")


def test_a_long_sentence_is_a_good_password():
    check_password("a long walk by the fjord", "kari@teater.no")
    check_password("a long walk by the fjord", "f@teater.no")


def test_each_role_sees_only_its_own_organisation():
    organiser = Actor(1, Role.ORGANISER, organisation_id=10)
    facilitator = Actor(2, Role.FACILITATOR, organisation_id=10)
    admin = Actor(3, Role.ADMIN, organisation_id=None)
    assert organiser.may_see_organisation(10) and not organiser.may_see_organisation(11)
    assert organiser.may_edit_decks_of(10) and not organiser.may_edit_decks_of(11)
    assert facilitator.may_run_workshops_of(10) and not facilitator.may_edit_decks_of(10)
    assert not admin.may_see_organisation(11) and admin.may_manage_users()
    assert not organiser.may_manage_users()
    assert not admin.may_edit_decks_of(None), "shipped decks are read-only, even for admins"


def test_a_server_admin_sees_and_edits_only_their_own_organisations_decks():
    member_admin = Actor(4, Role.ADMIN, organisation_id=10)
    assert member_admin.may_see_organisation(10) and member_admin.may_edit_decks_of(10)
    assert not member_admin.may_see_organisation(11) and not member_admin.may_edit_decks_of(11)
    assert not Actor(3, Role.ADMIN, organisation_id=None).may_see_organisation(None)


def test_only_an_organisations_own_people_run_its_workshops_and_a_server_admin_is_no_exception():
    outside_admin = Actor(3, Role.ADMIN, organisation_id=None)
    member_admin = Actor(4, Role.ADMIN, organisation_id=10)
    assert not outside_admin.may_run_workshops_of(10) and not outside_admin.may_run_workshops_of(None)
    assert outside_admin.refused_workshops_of(10) == "privacy.admin_not_member"
    assert member_admin.may_run_workshops_of(10) and member_admin.refused_workshops_of(10) is None
    assert not member_admin.may_run_workshops_of(11)
    assert Actor(1, Role.ORGANISER, 11).refused_workshops_of(10) == "workshop.not_found"
    assert outside_admin.may_manage_users(), "an admin still manages accounts and organisations"


def test_an_organiser_invites_into_their_own_organisation_but_never_an_admin():
    organiser = Actor(1, Role.ORGANISER, organisation_id=10)
    assert organiser.may_invite(Role.FACILITATOR, 10) and organiser.may_invite(Role.ORGANISER, 10)
    assert not organiser.may_invite(Role.ADMIN, 10) and not organiser.may_invite(Role.FACILITATOR, 11)
    assert not Actor(2, Role.FACILITATOR, 10).may_invite(Role.FACILITATOR, 10)
    assert Actor(3, Role.ADMIN, None).may_invite(Role.ADMIN, None)


def test_only_admins_may_be_without_an_organisation():
    required_organisation(Role.ADMIN, None)
    with pytest.raises(NotAllowed):
        required_organisation(Role.FACILITATOR, None)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_rate_limit_allows_a_burst_then_a_steady_rate():
    clock = FakeClock()
    limit = RateLimit(burst=3, per_second=0.5, clock=clock)
    assert [limit.allow("k") for _ in range(4)] == [True, True, True, False]
    assert limit.retry_after("k") == pytest.approx(2.0)
    clock.now += 2
    assert limit.allow("k") and not limit.allow("k")
    assert limit.allow("other"), "keys are limited separately"


def test_a_rate_limit_forgets_quiet_keys_instead_of_growing_forever():
    clock = FakeClock()
    limit = RateLimit(burst=1, per_second=1, clock=clock, max_keys=10)
    for key in range(10):
        limit.allow(key)
    clock.now += 5
    limit.allow("new")
    assert len(limit._buckets) == 1
