"""Bad input in every field gets a clear message, keeps what was typed, and never a 500."""

import re

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Signature
from tests.factories import make_campaign
from tests.petitions.helpers import sign


@pytest.fixture(autouse=True)
def petition(app):
    return make_campaign()


def summary_links(html: str) -> list[tuple[str, str]]:
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary)


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"name": ""}, "name", "Enter your name"),
        ({"name": "   "}, "name", "Enter your name"),
        ({"name": "A" * 101}, "name", "Name must be 100 characters or fewer"),
        (
            {"name": "<script>alert(1)</script>"},
            "name",
            "Enter your name without &lt; or &gt; characters",
        ),
        ({"name": "Ada\x00Lovelace"}, "name", "Your name must not contain control characters"),
        ({"name": "Ada\x1bLovelace"}, "name", "Your name must not contain control characters"),
        ({"email": ""}, "email", "Enter your email address"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"email": "ada@"}, "email", "Enter an email address in the correct format"),
        (
            {"email": "a" * 250 + "@example.org"},
            "email",
            "Email address must be 254 characters or fewer",
        ),
        (
            {"email": "<b>ada</b>@example.org"},
            "email",
            "Enter an email address in the correct format",
        ),
        ({"email": "ada\x07@example.org"}, "email", "Enter an email address in the correct format"),
        (
            {"postcode": "", "outside_uk": "y", "country": "Fr\x00ance"},
            "country",
            "Your country must not contain control characters",
        ),
        ({"postcode": ""}, "postcode", "Enter your postcode, or tick"),
        ({"postcode": "NOT A POSTCODE"}, "postcode", "Enter a real UK postcode, like SW1A 1AA"),
        ({"postcode": "S1 2HH" * 10}, "postcode", "Enter a real UK postcode, like SW1A 1AA"),
        ({"postcode": "<script>"}, "postcode", "Enter a real UK postcode, like SW1A 1AA"),
        ({"postcode": "S1\x002HH"}, "postcode", "Enter a real UK postcode, like SW1A 1AA"),
        (
            {"postcode": "sw1a9zz"},
            "postcode",
            "We cannot find SW1A 9ZZ in the ONS Postcode Directory",
        ),
        (
            {"postcode": "", "outside_uk": "y", "country": ""},
            "country",
            "Enter the country you live in",
        ),
        (
            {"postcode": "", "outside_uk": "y", "country": "C" * 61},
            "country",
            "Country must be 60 characters or fewer",
        ),
        (
            {"postcode": "", "outside_uk": "y", "country": "<i>France</i>"},
            "country",
            "Enter your country without",
        ),
        ({"privacy": None}, "privacy", "Tick the box to agree to the privacy notice"),
    ],
)
def test_bad_input_gets_a_specific_message_linked_from_the_error_summary(
    client, fields, field_id, message
):
    response = sign(client, **fields)
    assert response.status_code == 400
    html = response.data.decode()
    assert (field_id,) == tuple({fid for fid, _ in summary_links(html) if fid == field_id}) or False
    assert message in html
    assert f'id="{field_id}-error"' in html
    assert db.session.scalars(select(Signature)).all() == []


def test_everything_typed_is_kept_when_one_field_is_wrong(client):
    response = sign(
        client,
        name="Grace <Hopper>",
        email="grace@example.org",
        postcode="s1 2hh",
        email_updates="y",
    )
    html = response.data.decode()
    assert 'value="Grace &lt;Hopper&gt;"' in html
    assert 'value="grace@example.org"' in html
    assert 'value="S1 2HH"' in html  # shown as the directory writes it
    for box in ("email_updates", "privacy"):
        tag = re.search(rf'<input[^>]*id="{box}"[^>]*>', html).group(0)
        assert "checked" in tag


def test_markup_typed_into_a_field_is_shown_escaped_never_run(client):
    html = sign(client, email="<script>alert(1)</script>").data.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_page_title_says_there_is_an_error(client):
    html = sign(client, name="").data.decode()
    assert "<title>Error: " in html


def test_a_postcode_is_stored_normalised(client):
    sign(client, postcode="  s12hh ")
    assert db.session.scalar(select(Signature.postcode)) == "S1 2HH"


def test_a_non_geographic_postcode_is_accepted_without_a_council(client):
    from campaign.places import locate

    # A real non-geographic postcode from the directory (it has no district).
    from campaign.places.postcode_index import open_index

    index = open_index()
    postcode = next(
        index.postcode_at(i)
        for i in range(0, len(index), 997)
        if index.get(index.postcode_at(i))[0] is None
    )
    assert locate(postcode).status == "no_council"
    assert sign(client, postcode=postcode).status_code == 303
    assert db.session.scalar(select(Signature.council_code)) is None


def test_a_stale_csrf_token_shows_the_form_again_with_everything_kept(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = sign(client, name="Grace Hopper", csrf_token="stale")
    assert response.status_code == 400
    html = response.data.decode()
    assert 'value="Grace Hopper"' in html
    assert "This page had expired. Check your details and press the button again." in html
    assert db.session.scalars(select(Signature)).all() == []


def test_a_real_csrf_token_from_the_page_is_accepted(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/petitions/save-our-centres").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert sign(client, csrf_token=token).status_code == 303


def test_too_many_submissions_from_one_address_are_slowed_with_a_clear_page(app, _database):
    from campaign import create_app
    from campaign.config import TestConfig

    limited = create_app(
        TestConfig,
        {
            "SQLALCHEMY_DATABASE_URI": _database,
            "RATELIMIT_ENABLED": True,
            "SIGNING_RATE_LIMIT": "2 per minute",
            "MAIL_FILE_DIR": app.config["MAIL_FILE_DIR"],
        },
    )
    with limited.app_context():
        client = limited.test_client()
        statuses = [sign(client, email=f"p{i}@example.org").status_code for i in range(3)]
        assert statuses == [303, 303, 429]
        page = sign(client, email="p9@example.org").data.decode()
        assert "Wait a minute, then try again" in page
        db.session.remove()
        db.engine.dispose()
