from datetime import datetime

import pytest

from campaign.campaigners.invalidation import Criteria, InvalidationError, invalidate, preview, undo
from campaign.core.counts import campaign_counts, counted_from_signatures
from campaign.extensions import db
from campaign.models import Signature
from tests.campaigners.helpers import CARDIFF, add_signature, csrf_free, make_account, signed_in
from tests.factories import make_campaign

BAD_IP = "203.0.113.66"


@pytest.fixture
def petition(app):
    return make_campaign()


@pytest.fixture
def account(app):
    return make_account("moderator@example.org")


def _spam(petition, n=3, status="confirmed"):
    tag = "" if status == "confirmed" else status
    return [
        add_signature(
            petition,
            f"Bot Number{i}",
            email=f"bot{tag}{i}@mailinator.com",
            ip=BAD_IP,
            status=status,
        )
        for i in range(n)
    ]


def _status(signature) -> str:
    db.session.expire_all()
    return db.session.get(Signature, signature.id).status


def test_preview_counts_what_matches_without_changing_anything(petition):
    _spam(petition, 3)
    _spam(petition, 1, status="pending")
    real = add_signature(petition, "Real Person")
    found = preview(petition.id, Criteria(ip_address=BAD_IP))
    assert (found.total, found.confirmed, found.pending) == (4, 3, 1)
    assert found.sample[0]["email"] == "b***@mailinator.com"
    assert campaign_counts(petition.id).total == 4 and _status(real) == "confirmed"


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (Criteria(ip_address=BAD_IP), 3),
        (Criteria(email_domain="mailinator.com"), 3),
        (Criteria(email_domain="MAILINATOR.COM"), 3),
        (Criteria(email="Bot0@Mailinator.com"), 1),
        (Criteria(window_start=datetime(2026, 1, 1), window_end=datetime(2026, 1, 2)), 1),
        (Criteria(ip_address=BAD_IP, email_domain="example.org"), 0),
        (Criteria(email_domain="_ailinator.com"), 0),
    ],
)
def test_each_criterion_matches_exactly_the_signatures_it_names(petition, criteria, expected):
    _spam(petition, 3)
    add_signature(petition, "Early Bird", created_at=datetime(2026, 1, 1, 12))
    add_signature(petition, "Real Person")
    assert preview(petition.id, criteria).total == expected


def test_gmail_variants_of_an_address_are_matched_through_its_canonical_form(petition):
    add_signature(petition, "Ada Lovelace", email="ada.lovelace+petition@gmail.com")
    assert preview(petition.id, Criteria(email="AdaLovelace@googlemail.com")).total == 1


def test_empty_or_backwards_criteria_are_refused_with_a_reason(petition):
    with pytest.raises(InvalidationError, match="Give an IP address"):
        preview(petition.id, Criteria())
    with pytest.raises(InvalidationError, match="end of the time window"):
        preview(
            petition.id,
            Criteria(window_start=datetime(2026, 2, 1), window_end=datetime(2026, 1, 1)),
        )


def test_invalidating_takes_confirmed_signatures_out_of_the_counts(petition, account):
    bots = _spam(petition, 3)
    pending_bot = _spam(petition, 1, status="pending")[0]
    add_signature(petition, "Real Person")
    add_signature(petition, "Welsh Person", council=CARDIFF)
    batch = invalidate(petition.id, Criteria(ip_address=BAD_IP), account, "Script from one IP")
    assert (batch.matched, batch.confirmed_matched) == (4, 3)
    assert all(_status(s) == "invalidated" for s in [*bots, pending_bot])
    counts = campaign_counts(petition.id)
    assert counts.total == 2
    assert counts.by_council == {"E08000039": 1, "W06000015": 1}
    assert counted_from_signatures(db.session, petition.id) == {"E08000039": 1, "W06000015": 1}


def test_undo_restores_each_signature_to_its_previous_state_and_the_counts(petition, account):
    bots = _spam(petition, 3)
    pending_bot = _spam(petition, 1, status="pending")[0]
    add_signature(petition, "Real Person")
    batch = invalidate(petition.id, Criteria(ip_address=BAD_IP), account, "Script")
    assert undo(batch.id, account) == 4
    assert [_status(s) for s in bots] == ["confirmed"] * 3
    assert _status(pending_bot) == "pending"
    assert campaign_counts(petition.id).total == 4
    assert counted_from_signatures(db.session, petition.id) == {"E08000039": 4}
    with pytest.raises(InvalidationError, match="already been undone"):
        undo(batch.id, account)


def test_undo_leaves_alone_a_signature_that_changed_state_since(petition, account):
    bots = _spam(petition, 2)
    batch = invalidate(petition.id, Criteria(ip_address=BAD_IP), account, "Script")
    db.session.get(Signature, bots[0].id).status = "withdrawn"
    db.session.commit()
    assert undo(batch.id, account) == 1
    assert _status(bots[0]) == "withdrawn" and _status(bots[1]) == "confirmed"
    assert campaign_counts(petition.id).total == 1


def test_nothing_is_invalidated_when_more_match_than_the_preview_showed(petition, account):
    _spam(petition, 3)
    with pytest.raises(InvalidationError, match="3 signatures match now, not the 2"):
        invalidate(petition.id, Criteria(ip_address=BAD_IP), account, "Script", expected=2)
    assert campaign_counts(petition.id).total == 3


def test_a_reason_is_required(petition, account):
    with pytest.raises(InvalidationError, match="Say why"):
        invalidate(petition.id, Criteria(ip_address=BAD_IP), account, "  ")


def test_the_pages_preview_then_invalidate_then_undo(app, client, petition):
    csrf_free(app)
    signed_in(client)
    _spam(petition, 2)
    add_signature(petition, "Real Person")
    url = f"/campaigners/campaigns/{petition.id}/invalidate"
    page = client.get(url, query_string={"ip_address": BAD_IP})
    assert page.status_code == 200
    assert "2 signatures match" in page.get_data(as_text=True)
    done = client.post(url, data={"ip_address": BAD_IP, "expected": "2", "reason": "Bots"})
    assert done.status_code == 302
    assert campaign_counts(petition.id).total == 1
    dashboard = client.get(f"/campaigners/campaigns/{petition.id}").get_data(as_text=True)
    assert "IP 203.0.113.66" in dashboard and "Bots" in dashboard
    from campaign.models.campaigners import InvalidationBatch

    batch = db.session.query(InvalidationBatch).one()
    assert client.post(f"/campaigners/invalidations/{batch.id}/undo").status_code == 302
    assert campaign_counts(petition.id).total == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"ip_address": "not-an-ip"}, "Enter an IP address like"),
        ({"email_domain": "no spaces allowed"}, "Enter an email domain like"),
        ({"email": "nope"}, "Enter an email address in the correct format"),
        ({"window_start": "yesterday"}, "Not a valid datetime value"),
        (
            {"window_start": "2026-02-01T00:00", "window_end": "2026-01-01T00:00"},
            "The end of the window must be after its start",
        ),
        ({"ip_address": ""}, "Give an IP address"),
    ],
)
def test_bad_criteria_get_a_clear_message_not_an_error(app, client, petition, query, message):
    signed_in(client)
    page = client.get(f"/campaigners/campaigns/{petition.id}/invalidate", query_string=query)
    assert page.status_code == 400
    assert message in page.get_data(as_text=True)


def test_confirming_without_a_reason_shows_the_preview_again_with_a_message(app, client, petition):
    csrf_free(app)
    signed_in(client)
    _spam(petition, 2)
    page = client.post(
        f"/campaigners/campaigns/{petition.id}/invalidate",
        data={"ip_address": BAD_IP, "expected": "2", "reason": ""},
    )
    assert page.status_code == 400
    body = page.get_data(as_text=True)
    assert "Say why these signatures are being invalidated" in body and "2 signatures match" in body
