import html
import re

import pytest
from sqlalchemy import select

from campaign.core import counts
from campaign.extensions import db
from campaign.models import Campaign, ClosureReport


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


# --- /local?postcode= ---------------------------------------------------------------------------


def test_lookup_page_offers_the_postcode_box(client):
    response = client.get("/local")
    assert response.status_code == 200
    assert 'name="postcode"' in _text(response)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("s1 2hh", "E08000039"), ("B60 1AA", "E10000034"), ("LA9 4AA", "E06000064")],
)
def test_english_postcode_goes_to_its_council_page(client, postcode_index_path, raw, code):
    response = client.get("/local", query_string={"postcode": raw})
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/local/{code}?postcode=")


@pytest.mark.parametrize(
    ("raw", "code", "nation"),
    [
        ("CF10 1EP", "W06000015", "Wales"),
        ("EH1 1AA", "S12000036", "Scotland"),
        ("BT1 1AA", "N09000003", "Northern Ireland"),
    ],
)
def test_devolved_postcode_gets_a_clear_devolved_page(
    client, postcode_index_path, raw, code, nation
):
    response = client.get("/local", query_string={"postcode": raw}, follow_redirects=True)
    text = _text(response)
    assert response.status_code == 200
    assert f"Children's centres in {nation} are a devolved matter" in text
    assert "cover England only" in text
    assert "You can still sign our petitions" in text


@pytest.mark.parametrize(
    ("raw", "status", "message"),
    [
        ("", 400, "Enter your postcode, like S1 2HH"),
        ("   ", 400, "Enter your postcode, like S1 2HH"),
        ("hello", 400, "Enter a real UK postcode, like S1 2HH"),
        ("S1 2HH<script>", 400, "Enter a real UK postcode"),
        ("SW1A 9ZZ", 404, "We cannot find SW1A 9ZZ in the ONS Postcode Directory"),
        ("M1 9FN", 200, "M1 9FN is a postcode without an area of its own"),
        ("JE2 3AA", 200, "JE2 3AA is in Jersey"),
        ("IM1 1AA", 200, "IM1 1AA is in the Isle of Man"),
    ],
)
def test_each_problem_gets_its_own_message_and_keeps_what_was_typed(
    client, postcode_index_path, raw, status, message
):
    response = client.get("/local", query_string={"postcode": raw})
    text = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in text
    assert "There is a problem" in text
    if raw.strip():
        assert 'value="' + raw.replace("<", "&lt;").replace(">", "&gt;") + '"' in text
    assert "<script>" not in text


@pytest.mark.parametrize(
    "raw", ["\x00", "S1\x1b2HH", "x" * 10_000, "%", "S1\u200b2HH", "SW1A 1AA" * 100, "' OR 1=1 --"]
)
def test_junk_postcodes_get_a_message_never_a_server_error(client, postcode_index_path, raw):
    response = client.get("/local", query_string={"postcode": raw})
    assert response.status_code == 400


# --- /local/<gss> -------------------------------------------------------------------------------


def test_council_page_tells_a_parent_the_headline_the_gap_and_the_chart(client, loaded):
    response = client.get("/local/E08000039")
    text = _text(response)
    assert response.status_code == 200
    assert "<h1>Sheffield: children's centres and the early years</h1>" in text
    assert (
        "Sheffield spent £8.0m on Sure Start children's centres and early years in 2024-25, "
        "against £24.7m in 2010-11: £16.7m (67.7%) less, in cash terms" in text
    )
    assert "46.5% of children on free school meals in Sheffield" in text
    assert "a gap of 27.3 percentage points" in text
    assert "<svg" in text and "no figure" in text
    assert "2012-13" in text and "2015-16" in text and "not like-for-like" in text
    assert "Not collected (the pandemic)" in text
    assert "one of the 14 trailblazers" in text
    assert "£24,659,176" in text and "£843,954,320" in text
    assert "booklet.pdf" in text or "/booklet" in text


def test_council_page_with_a_postcode_lists_the_nearest_places_with_distances(client, loaded):
    text = _text(client.get("/local/E08000039", query_string={"postcode": "S1 2HH"}))
    assert "Distance from S1 2HH" in text
    assert "Sharrow Family Hub" in text
    assert re.search(r"\d+\.\d miles \(\d+\.\d km\)", text)


def test_council_page_ignores_a_bad_postcode_for_nearest_places(client, loaded):
    response = client.get("/local/E08000039", query_string={"postcode": "<b>nonsense"})
    assert response.status_code == 200
    assert "Enter your postcode to see the nearest" in _text(response)


def test_council_page_shows_local_signatures_for_each_open_petition(client, loaded):
    petition = Campaign(
        slug="best-start", title="Best Start in Life", state="open", kind="petition"
    )
    signup = Campaign(slug="news", title="Get our newsletter", state="open", kind="signup")
    db.session.add_all([petition, signup])
    db.session.commit()
    counts.adjust(db.session, petition.id, "E08000039", 3)
    counts.adjust(db.session, petition.id, "E08000038", 5)
    db.session.commit()
    text = _text(client.get("/local/E08000039"))
    assert "Best Start in Life" in text
    assert "<strong>3</strong> people in Sheffield have signed" in text
    assert "Get our newsletter" not in text
    data = client.get("/local/E08000039.json").get_json()
    assert data["petitions"] == [
        {"slug": "best-start", "title": "Best Start in Life", "signatures_in_council": 3}
    ]


@pytest.mark.parametrize(
    "code",
    [
        "E06000064",
        "E06000065",
        "E06000066",
        "E08000038",
        "E09000033",
        "E10000034",
        "E06000005",
        "E08000003",
    ],
)
def test_every_kind_of_council_page_renders(client, loaded, code):
    assert client.get(f"/local/{code}").status_code == 200


def test_devolved_council_page_by_code(client, loaded):
    text = _text(client.get("/local/W06000015"))
    assert "Cardiff" in text and "devolved matter" in text


@pytest.mark.parametrize(
    ("code", "target"),
    [
        ("E07000234", "E10000034"),  # Bromsgrove district -> Worcestershire
        ("E08000019", "E08000039"),  # Sheffield's code before 2025
        ("E10000023", "E06000065"),  # North Yorkshire County Council (abolished 2023)
    ],
)
def test_district_and_old_codes_lead_to_the_council_that_runs_childrens_services(
    client, loaded, code, target
):
    response = client.get(f"/local/{code}?postcode=S1+2HH")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/local/{target}?postcode=S1+2HH"


def test_a_council_split_in_two_offers_both_successors(client, loaded):
    response = client.get("/local/E10000006")  # Cumbria
    text = _text(response)
    assert response.status_code == 404
    assert "Cumbria County Council no longer exists" in text
    assert "/local/E06000063" in text and "/local/E06000064" in text


@pytest.mark.parametrize("code", ["E99999999", "nonsense", "<script>"])
def test_unknown_council_code_is_a_404_with_a_way_forward(client, loaded, code):
    response = client.get(f"/local/{code}")
    assert response.status_code == 404
    assert "We could not find that council" in _text(response)


# --- /local/<gss>.json --------------------------------------------------------------------------


def test_council_json_has_the_same_facts_as_data(client, loaded):
    data = client.get("/local/E08000039.json").get_json()
    assert data["council"] == {
        "code": "E08000039",
        "name": "Sheffield",
        "region": "Yorkshire and The Humber",
        "la_number": "373",
        "predecessors": [],
    }
    spending = data["spending"]
    assert spending["council"]["2014-15"] is None
    assert spending["missing_years"] == ["2014-15"]
    assert [c["year"] for c in spending["definition_changes"]] == ["2012-13", "2015-16"]
    assert spending["england"]["2015-16"] == 843954320
    assert data["early_years"]["good_level_fsm"]["break_after"] == "2019"
    assert data["family_hubs"]["trailblazer"] is True
    assert data["sources"]


def test_council_json_with_postcode_includes_nearest(client, loaded):
    data = client.get("/local/E08000039.json?postcode=S1+2HH").get_json()
    assert len(data["nearest"]) == 5


def test_devolved_and_unknown_councils_in_json(client, loaded):
    devolved = client.get("/local/W06000015.json")
    assert devolved.status_code == 200 and devolved.get_json()["devolved"] is True
    district = client.get("/local/E07000234.json")
    assert (district.status_code, district.headers["Location"]) == (301, "/local/E10000034.json")
    unknown = client.get("/local/E99999999.json")
    assert unknown.status_code == 404 and "error" in unknown.get_json()


# --- reporting a closure ------------------------------------------------------------------------

GOOD_REPORT = {
    "centre_name": "Sharrow Family Hub",
    "kind": "closure",
    "happened_on": "31/03/2025",
    "evidence_url": "https://www.example.gov.uk/decision",
    "details": "Closed after a consultation.\r\nServices moved.",
}


def _post_report(client, **changes):
    return client.post("/local/E08000039/reports", data={**GOOD_REPORT, **changes})


def test_a_report_is_kept_pending_and_thanked(client, loaded):
    response = _post_report(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/local/E08000039?reported=1#report")
    report = db.session.scalar(select(ClosureReport))
    assert (report.status, report.centre_name, report.happened_on.isoformat()) == (
        "pending",
        "Sharrow Family Hub",
        "2025-03-31",
    )
    thanked = _text(client.get(response.headers["Location"]))
    assert "Thank you. We will check your report" in thanked


@pytest.mark.parametrize("date", ["2025-03-31", "31/03/2025", "31 March 2025", "31 Mar 2025"])
def test_report_dates_in_the_ways_people_type_them(client, loaded, date):
    assert _post_report(client, happened_on=date).status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("centre_name", "", "Enter the name of the centre or service"),
        ("centre_name", "x" * 201, "Enter a name of 200 characters or fewer"),
        ("centre_name", "<script>alert(1)</script>", "without &lt; or &gt; characters"),
        ("centre_name", "Hub\x00", "must not contain control characters"),
        ("kind", "", "Choose whether it closed or was cut"),
        ("kind", "demolished", "Not a valid choice"),
        ("happened_on", "", "Enter the date, for example 31 March 2025"),
        ("happened_on", "31/02/2025", "Enter a real date, for example 31 March 2025"),
        ("happened_on", "01/01/1990", "Enter a date between 2000 and five years from now"),
        ("evidence_url", "", "Enter a link to the evidence"),
        ("evidence_url", "javascript:alert(1)", "Enter a web address starting with https://"),
        ("evidence_url", "https://exa mple.org", "Enter the web address without spaces"),
        ("evidence_url", "https://x.org/" + "a" * 500, "500 characters or fewer"),
        ("details", "y" * 1001, "Enter 1,000 characters or fewer"),
        ("details", "bell\x07", "Remove the control characters"),
    ],
)
def test_bad_report_fields_get_a_clear_message_and_keep_what_was_typed(
    client, loaded, field, value, message
):
    response = _post_report(client, **{field: value})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in text
    assert "There is a problem" in text
    if field != "centre_name":
        assert GOOD_REPORT["centre_name"] in text
    assert db.session.scalar(select(ClosureReport)) is None


def test_a_bot_filling_the_hidden_field_is_thanked_but_nothing_is_kept(client, loaded):
    assert _post_report(client, website="http://spam.example").status_code == 302
    assert db.session.scalar(select(ClosureReport)) is None


def test_reports_for_devolved_or_unknown_councils_are_refused(client, loaded):
    assert client.post("/local/W06000015/reports", data=GOOD_REPORT).status_code == 404
    assert client.post("/local/E99999999/reports", data=GOOD_REPORT).status_code == 404


@pytest.mark.parametrize("path", ["/", "/petitions/save-our-centres"])
def test_home_and_petition_pages_have_a_postcode_box_leading_to_the_council_page(app, path):
    from tests.factories import make_campaign

    make_campaign()
    text = app.test_client().get(path).get_data(as_text=True)
    assert 'action="/local"' in text
    assert 'name="postcode"' in text


def test_council_page_and_json_still_work_before_any_data_is_loaded(client, postcode_index_path):
    response = client.get("/local/E08000039?postcode=S1+2HH")
    assert response.status_code == 200
    assert "Sheffield" in _text(response)
    data = client.get("/local/E08000039.json").get_json()
    assert data["spending"]["council"]["2010-11"] is None
    assert data["nearest"] == []


def test_every_english_councils_page_and_json_render(client, loaded):
    from campaign.places.councils import english_councils

    for council in english_councils():
        assert client.get(f"/local/{council.code}").status_code == 200, council
        assert client.get(f"/local/{council.code}.json").status_code == 200, council


def test_a_stale_csrf_token_keeps_the_report_and_asks_to_send_it_again(app, client, loaded):
    app.config["WTF_CSRF_ENABLED"] = True
    response = _post_report(client, csrf_token="stale")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This page had expired. Check your report and press the button again." in html
    assert 'value="Sharrow Family Hub"' in html
    assert db.session.scalar(select(ClosureReport)) is None


def test_a_real_csrf_token_from_the_council_page_is_accepted(app, client, loaded):
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/local/E08000039").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert _post_report(client, csrf_token=token).status_code == 302
    assert db.session.scalar(select(ClosureReport)).status == "pending"


def test_the_booklet_form_carries_the_postcode_for_the_nearest_centres(client, loaded):
    with_postcode = client.get("/local/E08000039?postcode=S1+2HH").get_data(as_text=True)
    assert '<input type="hidden" name="postcode" value="S1 2HH">' in with_postcode
    without = client.get("/local/E08000039").get_data(as_text=True)
    assert 'type="hidden" name="postcode"' not in without
