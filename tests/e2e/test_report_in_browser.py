"""The report page in Chromium: it loads under the strict CSP, prints without the site's navigation,
and the browser can save it as a PDF."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.support.remote import Screen, create_workshop, joined_phone_cookie, signed_in_facilitator

pytestmark = pytest.mark.e2e


def test_the_printable_report_hides_navigation_and_saves_as_pdf(live_server, browser):
    facilitator = signed_in_facilitator(live_server)
    workshop = create_workshop(live_server, facilitator, ["norms-statement-professional"])
    cookie = "; ".join(f"{name}={value}" for name, value in facilitator.cookies.items())
    console = Screen(live_server, {"screen": "console", "workshop_id": workshop["id"]}, cookie)
    phone = Screen(live_server, {"screen": "phone", "workshop_id": workshop["id"]},
                   joined_phone_cookie(live_server, workshop["code"]))
    try:
        console.wait_for(lambda screen: screen.state is not None)
        assert console.call("start_workshop") == {"ok": True}
        assert console.call("end_workshop") == {"ok": True}
    finally:
        phone.close()
        console.close()

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies([{"name": name, "value": value, "domain": urlparse(live_server.url).hostname, "path": "/"}
                         for name, value in facilitator.cookies.items()])
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    try:
        page.goto(f"/workshops/{workshop['id']}/report")
        expect(page.get_by_role("heading", level=1)).to_have_text("Report: Restart drill")
        expect(page.locator("#report-participants")).to_have_text("fewer than 5")
        print_button = page.get_by_role("button", name="Print or save as PDF")
        expect(print_button).to_be_visible()  # report.js ran under the CSP
        expect(page.get_by_role("link", name="Download as CSV (spreadsheet)")).to_be_visible()

        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.locator(".report-actions")).to_be_hidden()
        expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000
        assert problems == []
    finally:
        context.close()
