"""Write to your MP: find the MP by postcode, edit the draft, send it yourself or print it."""

from urllib.parse import unquote

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import MPLetter, OutboxMessage
from campaign.petitions import letters
from campaign.places import loaders
from tests.factories import make_campaign

SLUG = "save-our-centres"


@pytest.fixture
def campaign(app, postcode_index_path):
    loaders.load_all()
    return make_campaign(SLUG)


@pytest.fixture(scope="session")
def postcode_index_path():
    from campaign.places import postcode_index

    return str(postcode_index.open_index().path)


def _letter(client, **fields):
    data = {
        "postcode": "LA9 4DL",
        "subject": "Save our children's centres",
        "body": "Dear Tim Farron,\n\nPlease help.\n\nAda",
        "route": "email",
    }
    data.update(fields)
    return client.post(
        f"/petitions/{SLUG}/letter", data={k: v for k, v in data.items() if v is not None}
    )


def test_the_first_step_asks_for_a_postcode(client, campaign):
    page = client.get(f"/petitions/{SLUG}/letter").get_data(as_text=True)
    assert "<h1>Write to your MP</h1>" in page
    assert 'name="postcode"' in page and "never send it for you" in page


def test_a_postcode_finds_the_mp_and_a_draft_with_the_councils_figures(client, campaign):
    response = client.get(f"/petitions/{SLUG}/letter?postcode=la94dl")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        "Your MP for <strong>Westmorland and Lonsdale</strong> is <strong>Tim Farron</strong>"
        in page
    )
    assert "https://members.parliament.uk/member/" in page
    assert "MPs as of 3 April 2026." in page
    assert "Dear Tim Farron," in page
    assert (
        "Westmorland and Furness" in page
    )  # the council's figures, as the council page words them
    assert "[In your own words" in page
    assert db.session.scalar(select(func.count()).select_from(MPLetter)) == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("not a postcode", "Enter a real UK postcode, like SW1A 1AA"),
        ("SW1A 9ZZ", "We cannot find SW1A 9ZZ in the ONS Postcode Directory"),
        ("GY1 1AA", "GY1 1AA is not in a UK parliamentary constituency"),
    ],
)
def test_a_postcode_with_no_mp_gets_a_message_and_keeps_what_was_typed(
    client, campaign, typed, message
):
    response = client.get(f"/petitions/{SLUG}/letter", query_string={"postcode": typed})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'value="{typed}"' in page


def test_sending_counts_one_letter_for_the_constituency_keeps_no_copy_and_sends_nothing(
    client, campaign
):
    response = _letter(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Open the letter in my email" in page
    href = page.split('href="mailto:', 1)[1].split('"', 1)[0]
    assert unquote(href.split("&amp;body=", 1)[1]) == "Dear Tim Farron,\n\nPlease help.\n\nAda"
    assert letters.counts_by_constituency(campaign.id) == {"E14001580": 1}
    assert db.session.scalar(select(MPLetter.kept_text)) is None
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_printing_keeps_a_copy_only_when_asked(client, campaign):
    page = _letter(client, route="print", keep_copy="y").get_data(as_text=True)
    assert "<h1>Print your letter</h1>" in page
    assert db.session.scalar(select(MPLetter.route)) == "print"
    assert (
        db.session.scalar(select(MPLetter.kept_text)) == "Dear Tim Farron,\n\nPlease help.\n\nAda"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": ""}, "Write your letter"),
        ({"body": "x" * 6001}, "Your letter must be 6,000 characters or fewer"),
        ({"body": "bell \x07"}, "control characters"),
        ({"subject": ""}, "Enter a subject for your letter"),
        ({"postcode": "nonsense"}, "Enter a real UK postcode"),
        ({"route": "fax"}, "Write to your MP"),
    ],
)
def test_a_letter_that_cannot_go_gets_a_message_and_is_not_counted(
    client, campaign, fields, message
):
    response = _letter(client, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert letters.counts_by_constituency(campaign.id) == {}
