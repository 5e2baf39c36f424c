"""Sign-ups that ask more: extra questions on the form, answers stored with the signature
through every signing path, and exported in CSV and OSDI."""

import csv
import io

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Signature
from campaign.petitions import questions
from tests.campaigners.helpers import add_signature, csrf_free, signed_in
from tests.factories import make_campaign
from tests.petitions.helpers import sign
from tests.petitions.test_batching import request_for, write_batch

ASK = "Which of these could you do?"
CHOICES = ["Share the campaign", "Write to your MP", "Come to an event", "Tell your story"]


@pytest.fixture
def signup(app):
    campaign = make_campaign("volunteer", kind="signup", target="")
    questions.add_question(campaign, ASK, CHOICES)
    return campaign


def test_the_form_shows_each_choice_as_an_unticked_box_in_a_fieldset(client, signup):
    page = client.get(f"/petitions/{signup.slug}").get_data(as_text=True)
    assert f"<legend>{ASK}" in page
    for choice in CHOICES:
        assert f">{choice}</label>" in page
    assert "checked" not in page


def test_the_ticked_choices_are_stored_with_the_signature(client, signup):
    question = questions.for_campaign(signup.id)[0]
    sign(
        client,
        slug=signup.slug,
        **{question.field_name(1): "y", question.field_name(3): "y", "question_999_0": "y"},
    )
    signature = db.session.scalar(select(Signature))
    assert signature.answers == {ASK: ["Write to your MP", "Tell your story"]}


def test_nothing_ticked_stores_no_answers(client, signup):
    sign(client, slug=signup.slug)
    assert db.session.scalar(select(Signature.answers)) is None


def test_the_batch_writer_stores_answers_too(signup):
    answers = {ASK: ["Come to an event"]}
    write_batch(signup.id, [request_for("b@example.org", answers=answers)])
    assert db.session.scalar(select(Signature.answers)) == answers


@pytest.mark.parametrize(
    ("kind", "text", "choices", "message"),
    [
        ("petition", ASK, CHOICES, "Only sign-ups ask extra questions"),
        ("signup", "", CHOICES, "Enter the question"),
        ("signup", ASK, ["Only one"], "Give between 2 and 8 choices"),
        ("signup", ASK, ["Same", "Same"], "Each choice must be different"),
    ],
)
def test_a_question_that_cannot_be_asked_is_refused(app, kind, text, choices, message):
    campaign = make_campaign(kind=kind)
    with pytest.raises(questions.QuestionRejected, match=message):
        questions.add_question(campaign, text, choices)


def test_at_most_three_questions(signup):
    for n in range(2):
        questions.add_question(signup, f"Question {n}?", ["Yes", "No"])
    with pytest.raises(questions.QuestionRejected, match="at most 3"):
        questions.add_question(signup, "One more?", ["Yes", "No"])


def test_answers_are_exported_in_csv_and_osdi(app, client, signup):
    signature = add_signature(signup, "Ada Lovelace")
    signature.answers = {ASK: ["Share the campaign", "Tell your story"]}
    add_signature(signup, "No Answers")
    db.session.commit()
    csrf_free(app)
    signed_in(client)
    url = f"/campaigners/campaigns/{signup.id}/exports/signers"
    rows = list(
        csv.DictReader(
            io.StringIO(client.post(url, data={"format": "csv"}).get_data().decode("utf-8-sig"))
        )
    )
    by_name = {row["name"]: row["answers"] for row in rows}
    assert by_name["No Answers"] == ""
    assert by_name["Ada Lovelace"] == (
        '{"Which of these could you do?": ["Share the campaign", "Tell your story"]}'
    )
    document = client.post(url, data={"format": "osdi"}).get_json()
    people = [s["_embedded"]["osdi:person"] for s in document["_embedded"]["osdi:signatures"]]
    ada = next(p for p in people if p["given_name"] == "Ada")
    assert ada["custom_fields"] == {ASK: "Share the campaign; Tell your story"}
    assert "custom_fields" not in next(p for p in people if p["given_name"] == "No")


def test_a_campaigner_adds_a_question_and_bad_ones_get_a_message(app, client):
    campaign = make_campaign("volunteer", kind="signup", target="")
    csrf_free(app)
    signed_in(client)
    url = f"/campaigners/campaigns/{campaign.id}/questions"
    refused = client.post(url, data={"text": "Could you?", "choices": "Only one"})
    assert refused.status_code == 400 and "Give between 2 and 8 choices" in refused.get_data(
        as_text=True
    )
    added = client.post(url, data={"text": "Could you?", "choices": "Yes\r\n\r\nMaybe\r\n"})
    assert added.status_code == 302
    assert questions.for_campaign(campaign.id)[0].choices == ("Yes", "Maybe")
    assert "Could you?: Yes; Maybe" in client.get(url).get_data(as_text=True)


def test_the_demo_sign_up_asks_which_of_these_you_could_do(client, app, tmp_path):
    from campaign.petitions.demo import load_demo

    load_demo()
    load_demo()
    page = client.get("/petitions/become-a-local-advocate").get_data(as_text=True)
    assert page.count("<legend>Which of these could you do?") == 1 and "Write to my MP" in page
