"""Guidelines (draft, versions, adoption, .docx, printable page) and the evidence pack for the renewal."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import docx

from cardapp.domain.accounts import Role
from tests.support.accounts import post_form
from tests.web.programme.conftest import FACILITATOR, browser_of
from tests.web.test_report import NAMES, TIME_OF_DAY

TOP_FACTOR = "Recruitment through networks"


def make_draft(browser) -> int:
    made = post_form(browser, "/programme/guidelines/draft", {})
    assert made.status_code == 303, made.get_data(as_text=True)
    return int(made.headers["Location"].rsplit("/", 1)[1])


def docx_text(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs)


def test_the_draft_joins_agreements_top_risks_with_measures_and_the_template_in_both_languages(
        app, organiser, ended_risk_map):
    version_id = make_draft(organiser)
    html = organiser.get(f"/programme/guidelines/{version_id}").get_data(as_text=True)
    assert "Version 1" in html and "not adopted" in html
    english = organiser.get(f"/programme/guidelines/{version_id}/guidelines.docx?lang=en")
    assert english.status_code == 200 and english.mimetype.endswith("wordprocessingml.document")
    text = docx_text(english.data)
    assert "Our guidelines for a safe working environment" in text
    assert "We ask before we touch" in text  # a guideline agreement
    assert f"{TOP_FACTOR} (very present): Open calls for every role; Two people on every hiring panel" in text
    # Too few rated it: the report does not place it, so the guidelines do not call it a top risk.
    assert NAMES["hierarchies-and-competition"] not in text
    for must in ("heard separately", "only if the person who reported wants one", "support person",
                 "belong with the police", "written warning", "Anti-Discrimination Ombud",
                 "keep both parties informed"):
        assert must in text, must
    bokmal = docx_text(organiser.get(f"/programme/guidelines/{version_id}/guidelines.docx?lang=nb").data)
    assert "Våre retningslinjer for et trygt arbeidsmiljø" in bokmal and "We ask before we touch" in bokmal
    assert "hørt hver for seg" in bokmal and "Likestillings- og diskrimineringsombudet" in bokmal


def test_editing_makes_a_new_version_and_adoption_is_recorded_and_final(app, organiser, ended_risk_map):
    first = make_draft(organiser)
    saved = post_form(organiser, f"/programme/guidelines/{first}", {
        "text_en": "# Our rules\n- We say no to group insults.\n", "text_nb": "# Våre regler\n- Vi sier nei.\n"})
    assert saved.status_code == 303
    second = int(saved.headers["Location"].rsplit("/", 1)[1])
    assert second != first
    assert "Our guidelines for a safe working environment" in organiser.get(
        f"/programme/guidelines/{first}").get_data(as_text=True)  # the first version is kept as it was
    empty = post_form(organiser, f"/programme/guidelines/{second}", {"text_en": " ", "text_nb": "x"})
    assert empty.status_code == 422 and "Please fill in the text." in empty.get_data(as_text=True)

    missing = post_form(organiser, f"/programme/guidelines/{second}/adopt", {"adopted_on": "2027-01-10",
                                                                            "adopted_by": ""})
    assert missing.status_code == 422
    adopted = post_form(organiser, f"/programme/guidelines/{second}/adopt", {"adopted_on": "2027-01-10",
                                                                            "adopted_by": "The board"})
    assert adopted.status_code == 303
    listing = organiser.get("/programme/guidelines").get_data(as_text=True)
    assert 'Adopted on <time datetime="2027-01-10">10 January 2027</time> by The board.' in listing
    assert "Version 2" in listing
    again = post_form(organiser, f"/programme/guidelines/{second}/adopt", {"adopted_on": "2027-02-01",
                                                                          "adopted_by": "Management"},
                      headers={"Accept": "application/json"})
    assert again.status_code == 409
    text = docx_text(organiser.get(f"/programme/guidelines/{second}/guidelines.docx?lang=en").data)
    assert text.splitlines() == ["Our rules", "We say no to group insults.", "Adopted on 2027-01-10 by The board."]
    printable = organiser.get(f"/programme/guidelines/{second}/print?lang=nb").get_data(as_text=True)
    assert '<html lang="nb">' in printable and "<h1>Våre regler</h1>" in printable
    assert "Vedtatt 10. januar 2027 av The board." in printable


def test_facilitators_read_the_guidelines_and_other_organisations_find_nothing(app, organiser, stranger):
    version_id = make_draft(organiser)
    facilitator = browser_of(app, FACILITATOR, Role.FACILITATOR)
    assert "Version 1" in facilitator.get("/programme/guidelines").get_data(as_text=True)
    assert facilitator.get(f"/programme/guidelines/{version_id}/guidelines.docx?lang=en").status_code == 200
    assert post_form(facilitator, "/programme/guidelines/draft", {}).status_code == 403
    assert "Version 1" not in stranger.get("/programme/guidelines").get_data(as_text=True)
    for path in (f"/programme/guidelines/{version_id}", f"/programme/guidelines/{version_id}/guidelines.docx",
                 f"/programme/guidelines/{version_id}/print"):
        assert stranger.get(path).status_code == 404, path
    refused = post_form(stranger, f"/programme/guidelines/{version_id}/adopt",
                        {"adopted_on": "2027-01-10", "adopted_by": "Us"}, headers={"Accept": "application/json"})
    assert refused.status_code == 404


def test_the_evidence_pack_holds_totals_and_the_adopted_guidelines_and_nothing_per_person(
        app, organiser, ended_risk_map):
    html = organiser.get("/programme").get_data(as_text=True)
    risk_measure = int(re.findall(r'id="measure-(\d+)"', html)[0])
    post_form(organiser, f"/programme/measures/{risk_measure}", {
        "status": "done", "responsible": "Safety representative", "workshop": str(ended_risk_map.workshop_id)})
    version_id = make_draft(organiser)
    post_form(organiser, f"/programme/guidelines/{version_id}/adopt", {"adopted_on": "2027-01-10",
                                                                      "adopted_by": "The board"})
    response = organiser.get("/programme/evidence.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    pack = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(pack.namelist()) == ["actions.csv", "guidelines-v1-en.docx", "guidelines-v1-nb.docx",
                                       "measures.csv", "risk_maps.csv", "summary.json", ]
    summary = json.loads(pack.read("summary.json"))
    assert summary["workshops_held_per_measure"]["Risk map"] == 1
    assert summary["actions_by_status"] == {"open": 5, "done": 0, "carried_over": 0}
    assert summary["guidelines_adopted"] == {"version": 1, "adopted_on": "2027-01-10", "adopted_by": "The board"}
    rows = list(csv.reader(io.StringIO(pack.read("risk_maps.csv").decode("utf-8-sig"))))
    assert rows[0] == ["workshop", "held on", "rank", "risk factor", "level", "score (0 to 2)", "answers", "measures"]
    assert rows[1][2:7] == ["1", TOP_FACTOR, "high", "1.83", "6"]
    suppressed = next(row for row in rows if row[3] == NAMES["hierarchies-and-competition"])
    assert suppressed[2] == suppressed[5] == suppressed[6] == ""  # below the minimum: no place, no numbers
    assert "We ask before we touch" in docx_text(pack.read("guidelines-v1-en.docx"))

    texts = [pack.read(name).decode("utf-8-sig") for name in pack.namelist() if not name.endswith(".docx")]
    texts += [docx_text(pack.read(name)) for name in pack.namelist() if name.endswith(".docx")]
    for text in texts:
        assert not TIME_OF_DAY.search(text), TIME_OF_DAY.search(text)
        for secret in ended_risk_map.secrets:  # tokens' hashes and the answer ids the phones sent
            assert secret not in text
        for per_person in ("participant", "token", "user_agent", "ip_address", "fasilitator@", "arrangor@"):
            assert per_person not in text.lower()


def test_typed_text_in_the_evidence_pack_never_runs_as_a_spreadsheet_formula(app, organiser, ended_risk_map):
    html = organiser.get("/programme").get_data(as_text=True)
    action_id = int(re.findall(r'id="action-(\d+)"', html)[0])
    assert post_form(organiser, f"/programme/actions/{action_id}", {
        "status": "open", "responsible": "=1+2", "due_on": ""}).status_code == 303
    pack = zipfile.ZipFile(io.BytesIO(organiser.get("/programme/evidence.zip").data))
    rows = list(csv.reader(io.StringIO(pack.read("actions.csv").decode("utf-8-sig"))))
    assert "'=1+2" in [cell for row in rows for cell in row]
    assert "=1+2" not in [cell for row in rows for cell in row]


def test_another_organisation_gets_its_own_empty_evidence_pack(app, organiser, stranger, ended_risk_map):
    pack = zipfile.ZipFile(io.BytesIO(stranger.get("/programme/evidence.zip").data))
    assert "guidelines-v1-en.docx" not in pack.namelist()
    assert json.loads(pack.read("summary.json"))["actions_by_status"] == {"open": 0, "done": 0, "carried_over": 0}
    assert len(list(csv.reader(io.StringIO(pack.read("risk_maps.csv").decode("utf-8-sig"))))) == 1
