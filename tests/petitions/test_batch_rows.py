"""The batch writer writes, column by column, the rows `sign()` writes for the same request: on
PostgreSQL it builds its own INSERTs (campaign/petitions/bulk_rows.py), so nothing else proves
that they agree."""

import pytest
from sqlalchemy import JSON, Text, cast, func, select, text

from campaign.core import partner_consent
from campaign.extensions import db
from campaign.models import ConsentRecord, OutboxMessage, Signature
from campaign.petitions import batching, bulk_rows, direct_connection, partners, signing
from campaign.petitions.sharing import Attribution
from tests.conftest import POSTGRES
from tests.factories import make_campaign
from tests.petitions.test_batching import request_for, write_batch

# Whatever tells one signature's rows from another's, or the moment they were written.
OWN = {
    Signature: {"id", "email", "email_canonical", "share_code", "created_at"},
    ConsentRecord: {"id", "signature_id", "email", "created_at"},
    OutboxMessage: {"id", "signature_id", "to_email", "created_at", "next_attempt_at"},
}


def full_request(email: str, ticked: tuple) -> signing.SignatureRequest:
    """A request that fills every column a signature can have, with text JSON must escape."""
    return signing.SignatureRequest(
        name='Zoë "Q" O\'Brien \\ Ünal',
        email=email,
        postcode="S1 2HH",
        country="United Kingdom",
        council_code="E08000039",
        council_name="Sheffield",
        email_updates=True,
        ip_address="2001:db8::7",
        user_agent="Mozilla/5.0 " + "x" * 400,  # cut to 300
        partner_opt_ins=ticked,
        answers={"Which “centre”?": ["Hillsborough", 'a "b" \\ c'], "Empty": []},
        constituency_code="E14001474",
        attribution=Attribution("newsletter", "email", "autumn push", "abc123DEF456"),
    )


def rows_of(model, signature_id: int) -> list[dict]:
    """Every column of the model's rows for a signature, JSON as the text stored."""
    table = model.__table__
    key = table.c.id if model is Signature else table.c.signature_id
    columns = [cast(c, Text) if isinstance(c.type, JSON) else c for c in table.columns]
    found = db.session.execute(select(*columns).where(key == signature_id).order_by(table.c.id))
    return [dict(zip(table.columns.keys(), row, strict=True)) for row in found]


def without_own(model, rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in OWN[model]} for row in rows]


@pytest.fixture
def ticked(app):
    campaign = make_campaign()
    boxes = []
    for n, wording in enumerate(["First may email me.", "Second may call me."], start=1):
        organisation = partners.add_organisation(f"Partner {n}")
        partners.link(campaign.id, organisation.id, "partner", n)
        partners.set_wording(campaign.id, organisation.id, wording, "tests")
        boxes.append(organisation.id)
    wordings = {box.organisation_id: box.wording_id for box in partners.boxes(campaign.id)}
    return campaign, tuple(
        partner_consent.PartnerOptIn(o, wordings[o], t)
        for o, t in zip(boxes, ["First may email me.", "Second may call me."], strict=True)
    )


def test_a_batch_writes_every_column_as_signing_one_at_a_time_does(ticked, monkeypatch):
    campaign, opt_ins = ticked
    with monkeypatch.context() as patched:
        # The batch must be written as a batch: a fallback to `sign()` would prove nothing.
        patched.setattr(signing, "sign", lambda *a: pytest.fail("the batch fell back"))
        batch = [full_request(f"batch{n}@example.org", opt_ins) for n in range(3)]
        assert write_batch(campaign.id, batch) == [signing.Outcome.NEW] * 3
    assert signing.sign(campaign, full_request("singl@example.org", opt_ins)) == (
        signing.Outcome.NEW
    )
    ids = {row.email: row.id for row in db.session.execute(select(Signature.email, Signature.id))}
    single = ids["singl@example.org"]
    for email in ("batch0@example.org", "batch2@example.org"):
        for model in (Signature, ConsentRecord, OutboxMessage):
            written, expected = rows_of(model, ids[email]), rows_of(model, single)
            assert without_own(model, written) == without_own(model, expected), model
            for row in written:
                assert all(row[c] is not None for c in OWN[model] if c != "share_code")
                assert row.get("email", row.get("to_email", email)) == email
    share_codes = db.session.scalars(select(Signature.share_code)).all()
    assert len(set(share_codes)) == 4 and {len(code) for code in share_codes} == {
        len(share_codes[0])
    }


def test_a_batch_the_database_refuses_keeps_nothing_and_each_signature_goes_singly(
    app, monkeypatch
):
    campaign = make_campaign()
    assert write_batch(campaign.id, [request_for("taken@example.org")]) == [signing.Outcome.NEW]
    real_reads = bulk_rows.read_for_batch

    def reads_that_missed_it(*args):
        # As if another process signed `taken@` between this batch's reads and its insert.
        reads = real_reads(*args)
        reads.earlier = []
        return reads

    monkeypatch.setattr(bulk_rows, "read_for_batch", reads_that_missed_it)
    requests = [request_for(f"{name}@example.org") for name in ("new1", "taken", "new2")]
    outcomes = write_batch(campaign.id, requests)
    assert outcomes == [signing.Outcome.NEW, signing.Outcome.REPEAT, signing.Outcome.NEW]
    assert db.session.scalar(select(func.count()).select_from(Signature)) == 3
    # The refused batch left nothing: one consent record per signature, one email per new one.
    assert sorted(db.session.scalars(select(ConsentRecord.email))) == sorted(
        ["new1@example.org", "new2@example.org", "taken@example.org"]
    )
    to = db.session.scalars(select(OutboxMessage.to_email)).all()
    assert to.count("new1@example.org") == to.count("new2@example.org") == 1


needs_postgres = pytest.mark.skipif(
    not POSTGRES, reason="the writer's own connection is PostgreSQL's"
)


@needs_postgres
def test_the_writer_reconnects_when_its_connection_was_cut_while_idle(app):
    campaign = make_campaign()
    assert write_batch(campaign.id, [request_for("a@example.org")]) == [signing.Outcome.NEW]
    pid = direct_connection.get().info.backend_pid
    db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    db.session.commit()
    assert write_batch(campaign.id, [request_for("b@example.org")]) == [signing.Outcome.NEW]
    assert direct_connection.get().info.backend_pid != pid


@needs_postgres
def test_a_writer_thread_that_stops_closes_its_connection(app, monkeypatch):
    campaign = make_campaign()
    opened = []

    def get():
        opened.append(real_get())
        return opened[-1]

    real_get = direct_connection.get
    monkeypatch.setattr(direct_connection, "get", get)
    batcher = batching.SigningBatcher(app, max_batch=10, idle_seconds=0.05)
    assert batcher.submit(campaign.id, request_for("a@example.org")) == signing.Outcome.NEW
    thread = batcher._thread
    thread.join(timeout=5)
    assert opened and all(connection.closed for connection in opened)


@pytest.mark.parametrize(
    ("raised", "seen_as"),
    [
        ("OperationalError", "OperationalError"),  # the database went away: a 503 page
        ("UniqueViolation", "IntegrityError"),  # another process took an email first
    ],
)
def test_the_writers_own_connection_raises_what_the_session_would(raised, seen_as):
    import psycopg
    import sqlalchemy.exc

    error = getattr(psycopg.errors, raised, None) or getattr(psycopg, raised)
    with pytest.raises(getattr(sqlalchemy.exc, seen_as)) as caught:
        with direct_connection.sqlalchemy_errors("INSERT INTO signatures ..."):
            raise error("server closed the connection unexpectedly")
    assert isinstance(caught.value.orig, error)


@needs_postgres
def test_a_database_that_refuses_the_writers_connection_is_a_database_error(app, monkeypatch):
    """What the pool raises when PostgreSQL refuses (the driver's own error) reaches the signing
    decision as SQLAlchemy's, so the signer gets the "not saved" page, not a 500."""
    import psycopg
    import sqlalchemy.exc

    def refused():
        raise psycopg.OperationalError("the database system is shutting down")

    direct_connection.close()  # this thread must open a new one
    monkeypatch.setattr(db.engine, "raw_connection", refused)
    with pytest.raises(sqlalchemy.exc.OperationalError):
        direct_connection.get()
