import csv
import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from campaign.extensions import db
from campaign.models.campaigners import ExportRecord
from tests.campaigners.helpers import (
    CARDIFF,
    CORNWALL,
    SHEFFIELD,
    add_signature,
    csrf_free,
    signed_in,
)
from tests.factories import make_campaign


@pytest.fixture
def petition(app):
    return make_campaign()


@pytest.fixture
def campaigner(app, client):
    csrf_free(app)
    return signed_in(client)


@pytest.fixture
def admin(app, client):
    csrf_free(app)
    return signed_in(client, "admin@example.org", role="admin")


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def _records() -> list[ExportRecord]:
    db.session.expire_all()
    return list(db.session.scalars(select(ExportRecord).order_by(ExportRecord.id)))


def _signers(client, petition, **form):
    return client.post(
        f"/campaigners/campaigns/{petition.id}/exports/signers", data={"format": "csv", **form}
    )


def test_counts_by_council_csv_has_code_name_region_and_count_for_confirmed_only(
    campaigner, petition
):
    add_signature(petition, "Ann One", council=SHEFFIELD)
    add_signature(petition, "Bob Two", council=SHEFFIELD)
    add_signature(petition, "Cat Three", council=CARDIFF, postcode="CF10 1EP")
    add_signature(petition, "Dan Four", council=CORNWALL, status="pending")
    response = campaigner.get(f"/campaigners/campaigns/{petition.id}/exports/counts-by-council.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="save-our-centres-counts-by-council-'
    )
    assert _csv(response) == [
        {"code": "W06000015", "name": "Cardiff", "region": "Wales", "count": "1"},
        {
            "code": "E08000039",
            "name": "Sheffield",
            "region": "Yorkshire and The Humber",
            "count": "2",
        },
    ]


def test_counts_by_council_json_totals_match_and_include_signers_outside_the_uk(
    campaigner, petition
):
    add_signature(petition, "Ann One", council=SHEFFIELD)
    add_signature(petition, "Eve Abroad", council=None, postcode=None, country="France")
    response = campaigner.get(
        f"/campaigners/campaigns/{petition.id}/exports/counts-by-council.json"
    )
    document = json.loads(response.get_data())
    assert document["total"] == 2
    assert document["campaign"]["slug"] == "save-our-centres"
    assert [row["name"] for row in document["councils"]] == ["Sheffield", "Outside the UK"]


def test_counts_by_day_give_confirmations_per_day_with_a_running_total(campaigner, petition):
    from datetime import datetime

    add_signature(petition, "Ann One", created_at=datetime(2026, 11, 1, 9))
    add_signature(petition, "Bob Two", created_at=datetime(2026, 11, 1, 10))
    add_signature(petition, "Cat Three", created_at=datetime(2026, 11, 3, 12))
    response = campaigner.get(f"/campaigners/campaigns/{petition.id}/exports/counts-by-day.csv")
    assert _csv(response) == [
        {"date": "2026-11-01", "confirmed": "2", "cumulative": "2"},
        {"date": "2026-11-03", "confirmed": "1", "cumulative": "3"},
    ]
    days = json.loads(
        campaigner.get(
            f"/campaigners/campaigns/{petition.id}/exports/counts-by-day.json"
        ).get_data()
    )
    assert days["total"] == 3 and len(days["days"]) == 2


def test_unknown_count_exports_are_not_found(campaigner, petition):
    assert (
        campaigner.get(
            f"/campaigners/campaigns/{petition.id}/exports/counts-by-week.csv"
        ).status_code
        == 404
    )
    assert campaigner.get("/campaigners/campaigns/999/exports/counts-by-day.csv").status_code == 404


def test_signer_list_holds_only_confirmed_people_who_opted_in(campaigner, petition):
    add_signature(petition, "Opted In", email_updates=True)
    add_signature(petition, "Not Opted", email_updates=False)
    add_signature(petition, "Still Pending", status="pending", email_updates=True)
    add_signature(petition, "Gone Away", status="withdrawn", email_updates=False)
    rows = _csv(_signers(campaigner, petition))
    assert [row["name"] for row in rows] == ["Opted In"]
    assert list(rows[0]) == [
        "name",
        "email",
        "postcode",
        "country",
        "council_code",
        "council_name",
        "signed_at",
        "confirmed_at",
        "email_updates",
        "answers",
    ]
    assert rows[0]["email"] == "opted.in@example.org"
    assert rows[0]["council_name"] == "Sheffield" and rows[0]["email_updates"] == "yes"


@pytest.mark.parametrize(
    "name",
    ['=HYPERLINK("http://evil.example","Click")', "+1+1", "-1+1", "@SUM(A1)", "\t=1"],
)
def test_signer_list_neutralises_names_a_spreadsheet_would_run_as_formulas(
    campaigner, petition, name
):
    add_signature(petition, name, email="formula@example.org")
    rows = _csv(_signers(campaigner, petition))
    assert rows[0]["name"] == "'" + name


def test_a_campaigner_cannot_export_people_who_did_not_opt_in(campaigner, petition):
    add_signature(petition, "Not Opted", email_updates=False)
    response = _signers(campaigner, petition, everyone="y", purpose="a very good reason")
    assert response.status_code == 403
    assert "Only an admin can export people who did not opt in" in response.get_data(as_text=True)
    assert _records() == []


def test_an_admin_must_state_a_purpose_to_export_everyone(admin, petition):
    response = _signers(admin, petition, everyone="y", purpose="")
    assert response.status_code == 400
    assert "Say why you need people who did not opt in" in response.get_data(as_text=True)


def test_an_admin_with_a_purpose_exports_everyone_and_the_purpose_is_recorded(admin, petition):
    add_signature(petition, "Opted In", email_updates=True)
    add_signature(petition, "Not Opted", email_updates=False)
    purpose = "Subject access request from a signer, ref 2026-114"
    rows = _csv(_signers(admin, petition, everyone="y", purpose=purpose))
    assert sorted(row["name"] for row in rows) == ["Not Opted", "Opted In"]
    (record,) = _records()
    assert record.purpose == purpose and record.includes_personal_data
    assert record.row_count == 2 and record.status == "completed"


def test_osdi_export_lists_signatures_with_embedded_people(campaigner, petition):
    add_signature(petition, "Mary Ann Evans", email="mary@example.org")
    add_signature(petition, "Eve Abroad", council=None, postcode=None, country="France")
    response = _signers(campaigner, petition, format="osdi")
    assert response.mimetype == "application/hal+json"
    document = json.loads(response.get_data())
    signatures = document["_embedded"]["osdi:signatures"]
    assert document["total_records"] == 2 == len(signatures)
    person = signatures[0]["_embedded"]["osdi:person"]
    assert person["given_name"] == "Mary Ann" and person["family_name"] == "Evans"
    assert person["email_addresses"] == [
        {"address": "mary@example.org", "primary": True, "status": "subscribed"}
    ]
    assert person["postal_addresses"][0]["postal_code"] == "S1 2HH"
    assert signatures[1]["_embedded"]["osdi:person"]["postal_addresses"][0]["country"] == "France"


def test_every_export_is_audited_with_who_what_and_how_many_rows(campaigner, petition):
    for n in range(3):
        add_signature(petition, f"Person {n}")
    campaigner.get(f"/campaigners/campaigns/{petition.id}/exports/counts-by-council.csv").get_data()
    _signers(campaigner, petition).get_data()
    council, signers = _records()
    assert (council.kind, council.format, council.row_count, council.status) == (
        "counts-by-council",
        "csv",
        1,
        "completed",
    )
    assert not council.includes_personal_data
    assert (signers.kind, signers.row_count, signers.includes_personal_data) == ("signers", 3, True)
    assert signers.account_id == council.account_id and signers.finished_at is not None
    # The whole audit log is an admin's to read.
    assert campaigner.get("/campaigners/audit").status_code == 403
    campaigner.post("/campaigners/sign-out")
    admin = signed_in(campaigner, "admin@example.org", role="admin")
    log = admin.get("/campaigners/audit").get_data(as_text=True)
    assert "campaigner@example.org" in log and "signers (csv)" in log


def test_an_export_abandoned_part_way_is_recorded_as_failed(app, petition):
    from campaign.campaigners.accounts import by_email
    from campaign.campaigners.exports import signers_export
    from tests.campaigners.helpers import make_account

    make_account()
    for n in range(3):
        add_signature(petition, f"Person {n}")
    export = signers_export(by_email("campaigner@example.org"), petition, "csv")
    next(export.chunks)
    export.chunks.close()
    (record,) = _records()
    assert record.status == "failed"


def test_the_hand_in_pack_is_a_pdf_with_the_petition_counts_and_no_personal_data(
    campaigner, petition
):
    add_signature(petition, "Ann Secret", email="ann.secret@example.org", council=SHEFFIELD)
    add_signature(
        petition, "Bob Hidden", email="bob.hidden@example.org", council=CARDIFF, postcode="CF10 1EP"
    )
    response = campaigner.get(f"/campaigners/campaigns/{petition.id}/exports/hand-in.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    flat = " ".join(text.split())
    assert "Save our children's centres" in flat
    assert "Secretary of State for Education" in flat
    assert "Sheffield" in flat and "E08000039" in flat and "Yorkshire and The Humber" in flat
    assert "Wales" in flat and "Cardiff" in flat
    assert "2 people have signed" in flat
    for personal in ("Ann Secret", "ann.secret", "Bob Hidden", "S1 2HH", "CF10 1EP"):
        assert personal not in flat
    (record,) = _records()
    assert record.kind == "hand-in-pack" and record.status == "completed"


def test_the_hand_in_pack_escapes_markup_in_the_petition_text(campaigner, app):
    petition = make_campaign(title="Centres <b>now</b> & always", body="<script>x</script>")
    response = campaigner.get(f"/campaigners/campaigns/{petition.id}/exports/hand-in.pdf")
    text = " ".join(PdfReader(io.BytesIO(response.data)).pages[0].extract_text().split())
    assert "Centres <b>now</b> & always" in text
    assert "<script>x</script>" in text


def test_the_exports_page_lists_the_downloads_and_this_campaigns_log(campaigner, petition):
    page = campaigner.get(f"/campaigners/campaigns/{petition.id}/exports")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "counts-by-council.csv" in body and "hand-in.pdf" in body
    assert "Nothing has been exported yet" in body


def test_osdi_json_escapes_quotes_backslashes_and_keeps_unicode(campaigner, petition):
    add_signature(petition, 'Zoë "Zed" Back\\slash O\'Neill', email="zoe@example.org")
    document = json.loads(_signers(campaigner, petition, format="osdi").get_data())
    person = document["_embedded"]["osdi:signatures"][0]["_embedded"]["osdi:person"]
    assert person["given_name"] == 'Zoë "Zed" Back\\slash'
    assert person["family_name"] == "O'Neill"


def test_signer_times_are_utc_to_the_second_with_a_z(campaigner, petition):
    from datetime import datetime

    add_signature(petition, "Ann One", created_at=datetime(2026, 11, 1, 9, 30, 15, 123456))
    (row,) = _csv(_signers(campaigner, petition))
    assert row["signed_at"] == "2026-11-01T09:30:15Z"
    assert row["confirmed_at"] == "2026-11-01T09:35:15Z"


def test_osdi_splits_a_single_word_name_into_a_given_name_only(campaigner, petition):
    add_signature(petition, "Cher", email="cher@example.org")
    document = json.loads(_signers(campaigner, petition, format="osdi").get_data())
    signature = document["_embedded"]["osdi:signatures"][0]
    person = signature["_embedded"]["osdi:person"]
    assert (person["given_name"], person["family_name"]) == ("Cher", "")
    assert signature["created_date"].endswith("Z")
    assert signature["identifiers"][0].startswith("best_start:signature-")


def test_the_hand_in_pack_is_tagged_pdf_ua_and_words_one_signature_properly(campaigner, petition):
    add_signature(petition, "Ann Secret", email="ann.secret@example.org", council=SHEFFIELD)
    response = campaigner.get(f"/campaigners/campaigns/{petition.id}/exports/hand-in.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert 'pdfuaid:part="1"' in reader.xmp_metadata.rdf_root.toxml()
    assert reader.metadata.title.startswith("Save our children's centres")
    flat = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "1 person has signed" in flat and "1 people" not in flat


@pytest.fixture
def with_constituencies(petition):
    from campaign.places import constituencies

    constituencies.load_bundled()
    add_signature(petition, "Ann", council=SHEFFIELD, constituency="E14001467")
    add_signature(petition, "Bea", council=SHEFFIELD, constituency="E14001467")
    add_signature(petition, "Cai", council=CORNWALL, postcode="TR1 1AA", constituency="E14001554")
    add_signature(petition, "Dee", status="pending", council=SHEFFIELD, constituency="E14001467")
    return petition


def test_counts_by_constituency_name_each_mp_in_csv_and_json(campaigner, with_constituencies):
    base = f"/campaigners/campaigns/{with_constituencies.id}/exports/counts-by-constituency"
    rows = _csv(campaigner.get(base + ".csv"))
    assert rows[0] == {
        "code": "E14001467",
        "name": "Sheffield Central",
        "mp": "Abtisam Mohamed",
        "party": "Lab",
        "count": "2",
    }
    assert [(row["name"], row["count"]) for row in rows[1:]] == [("Truro and Falmouth", "1")]
    document = campaigner.get(base + ".json").get_json()
    assert document["total"] == 3
    assert [c["code"] for c in document["constituencies"]] == ["E14001467", rows[1]["code"]]
    assert [r.kind for r in _records()] == ["counts-by-constituency"] * 2


def test_the_hand_in_pack_lists_constituencies_with_their_mps(campaigner, with_constituencies):
    response = campaigner.get(
        f"/campaigners/campaigns/{with_constituencies.id}/exports/hand-in.pdf"
    )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    flat = " ".join(text.split())
    assert "Signatures by constituency" in flat
    assert "Sheffield Central E14001467 Abtisam Mohamed (Lab) 2" in flat
    assert "as of 3 April 2026" in flat


def test_the_dashboard_shows_signatures_by_constituency(campaigner, with_constituencies):
    page = campaigner.get(f"/campaigners/campaigns/{with_constituencies.id}").get_data(as_text=True)
    assert '<h2 id="constituencies-title">Signatures by constituency</h2>' in page
    assert "<td>Sheffield Central</td><td>Abtisam Mohamed (Lab)</td>" in page


def test_the_dashboard_counts_letters_to_mps_by_constituency(campaigner, with_constituencies):
    from campaign.petitions import letters

    letters.record(with_constituencies.id, "E14001467", "email", None)
    letters.record(with_constituencies.id, "E14001467", "print", None)
    page = campaigner.get(f"/campaigners/campaigns/{with_constituencies.id}").get_data(as_text=True)
    assert "2 letters written" in page
    assert '<td>Sheffield Central</td><td>Abtisam Mohamed (Lab)</td><td class="num">2</td>' in page
