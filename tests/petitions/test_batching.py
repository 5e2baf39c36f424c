"""Group commit: signatures written in batches follow exactly the same rules. Every test that
signs through the form goes through the batch writer too: it is the only way in."""

import threading

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import ConsentRecord, OutboxMessage, Signature
from campaign.petitions import batching, signing
from tests.factories import make_campaign
from tests.petitions.helpers import form_data, sign


def request_for(email: str, name: str = "Ada Lovelace", postcode: str = "S1 2HH", **extra):
    return signing.SignatureRequest(
        name=name,
        email=email,
        postcode=postcode,
        country="United Kingdom",
        council_code="E08000039",
        council_name="Sheffield",
        email_updates=False,
        **extra,
    )


def write_batch(campaign_id: int, requests) -> list:
    """The writer's logic on one batch, without its thread."""
    items = [batching._Item(campaign_id, r, batching.Answer()) for r in requests]
    results: dict = {}
    batching.write(items, results)
    return [results[id(item)] for item in items]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_batch_of_first_signatures_is_written_with_consents_and_emails(app):
    campaign = make_campaign()
    outcomes = write_batch(campaign.id, [request_for(f"p{i}@example.org") for i in range(50)])
    assert outcomes == [signing.Outcome.NEW] * 50
    assert count(Signature) == 50
    assert count(ConsentRecord) == 50
    assert count(OutboxMessage) == 50
    assert set(db.session.scalars(select(Signature.emails_sent))) == {1}


def test_repeats_households_and_an_email_twice_in_one_batch_follow_the_full_rules(app):
    campaign = make_campaign()
    write_batch(campaign.id, [request_for("ada@example.org")])
    outcomes = write_batch(
        campaign.id,
        [
            request_for("new@example.org"),
            request_for("ADA+x@example.org"),  # the same person again
            request_for("ada@example.org", name="William King"),  # her household
            request_for("twice@example.org"),
            request_for("twice@example.org"),  # the same email twice in one batch
        ],
    )
    assert outcomes == [
        signing.Outcome.NEW,
        signing.Outcome.REPEAT,
        signing.Outcome.HOUSEHOLD,
        signing.Outcome.NEW,
        signing.Outcome.REPEAT,
    ]
    assert count(Signature) == 4


def test_a_batch_that_fails_is_written_one_at_a_time(app, monkeypatch):
    campaign = make_campaign()
    real_consent_values = signing.consent_values
    calls = {"n": 0}

    def flaky_consent_values(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("a fault in the middle of the batch")
        return real_consent_values(*args, **kwargs)

    monkeypatch.setattr(signing, "consent_values", flaky_consent_values)
    outcomes = write_batch(campaign.id, [request_for(f"p{i}@example.org") for i in range(3)])
    assert outcomes == [signing.Outcome.NEW] * 3
    assert count(Signature) == 3
    assert calls["n"] == 5  # two in the failed batch, then one for each signature singly
    assert count(OutboxMessage) == 3  # the rolled-back batch left no half-written rows
    assert count(ConsentRecord) == 3


def test_a_new_consent_wording_is_used_from_the_next_batch(app):
    from campaign.core.campaigns import add_wording

    campaign = make_campaign()
    write_batch(campaign.id, [request_for("first@example.org")])
    newer = add_wording(campaign, "Count me, version two.", "Updates, version two.")
    db.session.commit()
    write_batch(campaign.id, [request_for("second@example.org")])
    rows = db.session.execute(select(Signature.email, Signature.consent_wording_id)).all()
    wordings = {email: wording_id for email, wording_id in rows}
    assert wordings["second@example.org"] == newer.id
    assert wordings["first@example.org"] != newer.id
    texts = db.session.scalars(
        select(ConsentRecord.wording).where(ConsentRecord.email == "second@example.org")
    ).all()
    assert texts == ["Count me, version two."]


def test_the_writer_thread_stops_when_idle_and_the_next_signature_starts_another(app):
    campaign = make_campaign()
    batcher = batching.SigningBatcher(app, max_batch=10, idle_seconds=0.05)
    assert batcher.submit(campaign.id, request_for("a@example.org")) == signing.Outcome.NEW
    first = batcher._thread
    assert first is not None
    first.join(timeout=5)
    assert batcher._thread is None
    assert batcher.submit(campaign.id, request_for("b@example.org")) == signing.Outcome.NEW
    assert count(Signature) == 2


def test_signing_through_the_form_signs_and_dedups(app):
    make_campaign()
    client = app.test_client()
    assert sign(client).status_code == 303
    assert sign(client, email="ADA@example.org").status_code == 303
    assert sign(client, name="William King").status_code == 303
    assert sorted(db.session.scalars(select(Signature.household_slot))) == [0, 1]


def test_simultaneous_identical_submits_through_the_batcher_give_one_signature(app):
    make_campaign()
    barrier = threading.Barrier(24)
    statuses = []

    def submit():
        client = app.test_client()
        barrier.wait()
        statuses.append(
            client.post("/petitions/save-our-centres/signatures", data=form_data()).status_code
        )

    threads = [threading.Thread(target=submit) for _ in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [303] * 24
    assert count(Signature) == 1


def test_when_the_database_fails_the_form_comes_back_with_everything_kept(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    make_campaign()

    def database_down(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(signing, "sign_first_signatures", database_down)
    response = sign(client, name="Grace Hopper")
    assert response.status_code == 503
    html = response.data.decode()
    assert "we could not save your signature just now" in html
    assert 'value="Grace Hopper"' in html


def test_an_answer_the_writer_never_gives_is_a_timeout_and_the_form_says_not_saved(
    app, client, monkeypatch
):
    from campaign.petitions.signing_post import NOT_SAVED

    make_campaign()
    silent = batching.SigningBatcher(app, max_batch=10, timeout=0.2)
    monkeypatch.setattr(silent, "_run", lambda: None)  # a writer that never answers
    monkeypatch.setattr("campaign.petitions.signing_post.batcher_for", lambda app: silent)
    with pytest.raises(TimeoutError):
        batching.Answer().result(timeout=0.01)
    response = sign(client, name="Grace Hopper")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert NOT_SAVED in html
    assert 'value="Grace Hopper"' in html
