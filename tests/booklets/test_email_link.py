"""'Email me a link': one email with a link to the booklet, never an attachment."""

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import OutboxMessage

SHEFFIELD = "E08000039"


def post(client, code=SHEFFIELD, **fields):
    data = {"email": "ada@example.org", "name": "Ada Lovelace", "postcode": "S1 2HH"}
    data.update(fields)
    return client.post(
        f"/local/{code}/booklet/email", data={k: v for k, v in data.items() if v is not None}
    )


def test_asking_for_the_link_queues_one_email_with_a_personal_booklet_link(client):
    response = post(client)
    assert response.status_code == 200
    assert "We have emailed you a link" in response.data.decode()
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.kind == "booklet_ready"
    assert message.to_email == "ada@example.org"
    assert f"http://localhost/local/{SHEFFIELD}/booklet.pdf?name=Ada+Lovelace" in message.text_body
    assert "postcode=S1+2HH" in message.text_body
    assert "Dear Ada Lovelace" in message.text_body
    assert "Sheffield" in message.subject


def test_without_a_name_the_email_still_reads_well(client):
    post(client, name="")
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.text_body.startswith("Hello,")
    assert "name=" not in message.text_body


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": ""}, "Enter your email address"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"email": "a" * 300 + "@example.org"}, "Email address must be 254 characters or fewer"),
        ({"name": "A" * 81}, "A name on the booklet can be at most"),
    ],
)
def test_bad_input_comes_back_with_a_message_and_what_was_typed(client, fields, message):
    response = post(client, **fields)
    assert response.status_code == 400
    html = response.data.decode()
    assert message in html
    assert 'href="#booklet-email"' in html
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_markup_in_the_email_box_is_shown_escaped(client):
    html = post(client, email="<script>x</script>").data.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


@pytest.mark.parametrize("code", ["E99999999", "W06000015", "nonsense"])
def test_unknown_and_devolved_councils_get_no_email(client, code):
    assert post(client, code=code).status_code == 404
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_the_council_page_offers_the_email_form(client, runner):
    runner.invoke(args=["data", "load"])
    html = client.get(f"/local/{SHEFFIELD}").data.decode()
    assert f'action="/local/{SHEFFIELD}/booklet/email"' in html
