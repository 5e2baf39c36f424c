"""The dedup rules, through the form as a supporter meets them."""

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import OutboxMessage, Signature
from tests.factories import make_campaign
from tests.petitions.helpers import sign

SAME_POSTCODE = "S1 2HH"
OTHER_POSTCODE = "SW1A 1AA"


@pytest.fixture
def petition(app):
    return make_campaign()


def signatures() -> list[Signature]:
    return list(db.session.scalars(select(Signature).order_by(Signature.id)))


def emails_of_kind(kind: str) -> int:
    return db.session.scalar(select(func.count()).where(OutboxMessage.kind == kind))


def test_a_new_signature_is_pending_with_its_council_and_a_confirmation_email(client, petition):
    response = sign(client)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/petitions/save-our-centres/thank-you")
    [signature] = signatures()
    assert signature.status == "pending"
    assert signature.postcode == "S1 2HH"
    assert (signature.council_code, signature.council_name) == ("E08000039", "Sheffield")
    assert signature.email_canonical == "ada@example.org"
    assert emails_of_kind("confirm") == 1


@pytest.mark.parametrize(
    "second_email",
    ["ada@example.org", "ADA@Example.ORG", "ada+again@example.org", " ada@example.org "],
)
def test_the_same_person_signing_again_with_any_spelling_of_their_email_adds_nothing(
    client, petition, second_email
):
    sign(client)
    sign(client, email=second_email)
    assert len(signatures()) == 1
    assert signatures()[0].repeat_attempts == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ada.lovelace@gmail.com", "adalovelace@gmail.com"),
        ("ada@gmail.com", "a.d.a+x@googlemail.com"),
    ],
)
def test_gmail_dots_and_tags_do_not_make_a_second_signature(client, petition, first, second):
    sign(client, email=first)
    sign(client, email=second)
    assert len(signatures()) == 1


def test_a_second_person_in_the_same_household_may_sign_with_the_shared_email(client, petition):
    sign(client, name="Ada Lovelace", postcode=SAME_POSTCODE)
    sign(client, name="William King", postcode=SAME_POSTCODE)
    first, second = signatures()
    assert (first.household_slot, second.household_slot) == (0, 1)
    assert second.name == "William King"


def test_a_different_name_at_a_different_postcode_is_not_a_household(client, petition):
    sign(client, name="Ada Lovelace", postcode=SAME_POSTCODE)
    sign(client, name="William King", postcode=OTHER_POSTCODE)
    assert len(signatures()) == 1


def test_no_more_than_two_signatures_per_email_even_in_one_household(client, petition):
    for name in ("Ada Lovelace", "William King", "Byron King"):
        sign(client, name=name, postcode=SAME_POSTCODE)
    assert len(signatures()) == 2


def test_the_same_name_written_differently_is_the_same_person(client, petition):
    sign(client, name="Ada Lovelace")
    sign(client, name="  ada   LOVELACE ")
    assert len(signatures()) == 1


def test_every_submission_lands_on_the_identical_thank_you_page(client, petition):
    first = sign(client)
    repeat = sign(client)
    household = sign(client, name="William King")
    assert first.headers["Location"] == repeat.headers["Location"] == household.headers["Location"]
    pages = {client.get(r.headers["Location"]).data for r in (first, repeat, household)}
    assert len(pages) == 1


def test_signing_again_before_confirming_sends_the_confirmation_again(client, petition):
    sign(client)
    sign(client)
    assert emails_of_kind("confirm") == 2
    assert emails_of_kind("already_signed") == 0


def test_signing_again_after_confirming_sends_the_already_signed_email(client, petition):
    from campaign.petitions import signing

    sign(client)
    signing.confirm(signatures()[0].id)
    sign(client)
    assert emails_of_kind("already_signed") == 1


def test_no_signature_gets_more_than_five_emails(client, petition):
    for _ in range(9):
        sign(client)
    assert emails_of_kind("confirm") == 5
    assert signatures()[0].emails_sent == 5


def test_someone_who_withdrew_can_sign_again_and_must_confirm_again(client, petition):
    from campaign.petitions import signing

    sign(client)
    signature_id = signatures()[0].id
    signing.confirm(signature_id)
    signing.withdraw(signature_id)
    sign(client)
    [signature] = signatures()
    assert signature.status == "pending"
    assert emails_of_kind("confirm") == 2


def test_the_database_refuses_a_third_slot_and_a_duplicate_slot(app, petition):
    from sqlalchemy.exc import IntegrityError

    from campaign.core.campaigns import current_wording

    wording = current_wording(petition)

    def row(slot):
        return Signature(
            campaign_id=petition.id,
            name="A",
            email="a@b.org",
            email_canonical="a@b.org",
            household_slot=slot,
            consent_wording_id=wording.id,
        )

    db.session.add(row(0))
    db.session.commit()
    for slot in (0, 2):
        db.session.add(row(slot))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_outside_the_uk_people_give_a_country_instead_of_a_postcode(client, petition):
    response = sign(client, postcode="", outside_uk="y", country="France")
    assert response.status_code == 303
    [signature] = signatures()
    assert (signature.postcode, signature.country, signature.council_code) == (None, "France", None)


def test_a_filled_in_honeypot_is_thanked_but_stores_nothing(client, petition):
    response = sign(client, website="http://spam.example")
    assert response.status_code == 303
    assert signatures() == []


def test_a_form_sent_faster_than_a_person_could_type_is_shown_again_with_everything_kept(
    app, client, petition
):
    app.config["SIGNING_MIN_FILL_SECONDS"] = 3
    page = client.get("/petitions/save-our-centres").data.decode()
    started = page.split('name="started" type="hidden" value="')[1].split('"')[0]
    response = sign(client, started=started, name="Grace Hopper")
    assert response.status_code == 400
    body = response.data.decode()
    assert "That was quick" in body
    assert 'value="Grace Hopper"' in body
    assert signatures() == []


def test_a_form_with_a_stamp_old_enough_is_accepted(app, client, petition):
    from itsdangerous import URLSafeTimedSerializer

    app.config["SIGNING_MIN_FILL_SECONDS"] = 3
    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="form-started")
    import time
    from unittest import mock

    with mock.patch("time.time", return_value=time.time() - 10):
        started = serializer.dumps("save-our-centres")
    assert sign(client, started=started).status_code == 303


def test_a_closed_petition_takes_no_signatures(client, app):
    make_campaign(state="closed")
    response = sign(client)
    assert response.status_code == 409
    assert "This petition is closed" in response.data.decode()
    assert signatures() == []


def test_a_draft_petition_is_not_found(client, app):
    make_campaign(state="draft")
    assert client.get("/petitions/save-our-centres").status_code == 404
    assert sign(client).status_code == 404


def test_neither_a_new_signature_nor_a_repeat_past_the_cap_renders_an_email_in_the_request(
    app, client, monkeypatch
):
    """The answer's timing must not tell whether an address has signed: no signing request
    renders an email (the mail worker does, when it sends), new or repeat, under the cap or past
    it."""
    from campaign.petitions import signer_emails
    from campaign.petitions import signing as signing_module

    make_campaign()
    rendered = []
    real = signer_emails.email_values
    monkeypatch.setattr(
        signer_emails, "email_values", lambda *a, **k: rendered.append(1) or real(*a, **k)
    )
    for _ in range(signing_module.MAX_EMAILS_PER_SIGNATURE + 1):
        sign(client)
    queued_before = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    sign(client)
    assert rendered == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == queued_before
    assert queued_before == signing_module.MAX_EMAILS_PER_SIGNATURE
