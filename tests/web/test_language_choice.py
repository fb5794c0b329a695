"""Choosing the page's language: the browser's Accept-Language (with q-values and regional variants),
the no-JavaScript switcher listing every interface language in its own name, and the page's dates."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from flask.testing import FlaskClient

from cardapp.i18n import LANGUAGES
from tests.support.accounts import post_form


def page_language(client: FlaskClient, accept: str) -> str:
    page = client.get("/", headers={"Accept-Language": accept}).get_data(as_text=True)
    found = re.search(r'<html lang="([a-z]+)">', page)
    assert found, page[:200]
    return found.group(1)


@pytest.mark.parametrize(("accept", "expected"), [
    ("nb-NO", "nb"), ("no", "nb"), ("en-GB,en;q=0.9", "en"),
    ("en;q=0.3, nb;q=0.8", "nb"),           # the q-values decide, not the order
    ("fr, nb-NO;q=0.5", "nb"),              # a language cardapp lacks is passed over
    ("nn-NO", "nn"), ("nn;q=0.9, nb;q=0.8", "nn"),
    ("da-DK, nb;q=0.5", "da"), ("da", "da"),
    ("sv-SE", "sv"), ("sv-FI, en;q=0.5", "sv"),
    ("se-NO, nb;q=0.5", "nb"),              # Northern Sámi has no catalogue: its reader's next wish
    ("", "en"),
])
def test_the_browsers_wish_picks_the_closest_interface_language(client: FlaskClient, accept: str, expected: str):
    assert page_language(client, accept) == expected


def test_the_switcher_offers_every_interface_language_in_its_own_name_without_script(client: FlaskClient):
    page = client.get("/", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    start = page.index('<form class="language-switcher"')
    switcher = page[start:page.index("</form>", start)]
    assert "<details>" in switcher and "<summary>" in switcher
    buttons = re.findall(r'<button type="submit" name="lang" value="(\w+)" lang="(\w+)"\s*([^>]*)>([^<]+)</button>',
                         switcher)
    assert [(value, name) for value, _lang, _current, name in buttons] == list(LANGUAGES.items())
    assert all(value == lang for value, lang, _current, _name in buttons)
    assert [value for value, _lang, current, _name in buttons if 'aria-current="true"' in current] == ["nb"]


def test_a_choice_of_a_language_without_a_catalogue_falls_back_along_its_chain(client: FlaskClient):
    assert set(LANGUAGES) == {"en", "nb", "nn", "da", "sv"}
    response = post_form(client, "/language", {"lang": "se", "next": "/"})  # Northern Sámi: se -> nb
    assert "cardapp_lang=nb" in response.headers["Set-Cookie"]
    response = post_form(client, "/language", {"lang": "nn", "next": "/"})
    assert "cardapp_lang=nn" in response.headers["Set-Cookie"]


def test_dates_are_written_in_the_pages_language(app):
    from cardapp.web.language import local_date

    with app.test_request_context("/", headers={"Accept-Language": "nb"}):
        app.preprocess_request()
        assert str(local_date(dt.date(2027, 3, 1), "long")) == '<time datetime="2027-03-01">1. mars 2027</time>'
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        app.preprocess_request()
        assert str(local_date(dt.date(2027, 3, 1), "long")) == '<time datetime="2027-03-01">1 March 2027</time>'
    for accept, written in (("nn", "1. mars 2027"), ("da", "1. marts 2027"), ("sv", "1 mars 2027")):
        with app.test_request_context("/", headers={"Accept-Language": accept}):
            app.preprocess_request()
            assert str(local_date(dt.date(2027, 3, 1), "long")) == f'<time datetime="2027-03-01">{written}</time>'


def test_the_then_and_now_shares_and_their_change_are_numbers_in_the_pages_language(app):
    from flask import render_template

    from cardapp.domain.comparison import ScenarioChange

    change = ScenarioChange(card="c1", choices=("ok", "not_ok"), then_shares=(50, 50), now_shares=(25, 75),
                            changes=(-25, 25), moved=True, reason=None)
    found = SimpleNamespace(factors=[], scenarios=[change], names={"c1": "Hugs at the premiere"},
                            then=SimpleNamespace(title="Spring"), now=SimpleNamespace(title="Autumn"))
    for accept, cells in (("en", "<td>50%</td>\n        <td>25%</td><td>-25</td>"),
                          ("nb", "<td>50\xa0%</td>\n        <td>25\xa0%</td><td>-25</td>")):
        with app.test_request_context("/", headers={"Accept-Language": accept}):
            app.preprocess_request()
            page = render_template("programme/compare.html", choices=[], then_key="", now_key="", found=found,
                                   problem=None)
        assert cells in page
        assert "<td>75" in page and "<td>+25</td>" in page
