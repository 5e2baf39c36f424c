"""The kept petition page, thank-you page and count JSON (campaign/petitions/public_cache.py),
answered before Flask while fresh (fast_path.py): each visitor still gets their own token,
stamp and shared-link values, hostile links fill in nothing, and counts are exactly as fresh
as the counts cache."""

import re
import time

import pytest
from sqlalchemy import event, select

from campaign.extensions import db
from campaign.models import Campaign, Signature, SignatureCount
from campaign.petitions import signing
from campaign.petitions.double_submit import COOKIE
from campaign.petitions.fill_time import stamp
from tests.factories import make_campaign
from tests.petitions.helpers import sign

PAGE = "/petitions/save-our-centres"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STARTED = re.compile(r'name="started" type="hidden" value="([^"]+)"')
HIDDEN = re.compile(r'name="(source|utm_medium|utm_campaign|ref)" type="hidden" value="([^"]*)"')


@pytest.fixture
def kept(app):
    """Production's freshness: the caches, and so the kept answers, live for 2 seconds."""
    app.config.update(COUNTS_CACHE_SECONDS=2, CAMPAIGN_CACHE_SECONDS=2)
    make_campaign()
    return app


class Queries:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args) -> None:
        self.count += 1


@pytest.fixture
def queries(app):
    counter = Queries()
    event.listen(db.engine, "before_cursor_execute", counter)
    yield counter
    event.remove(db.engine, "before_cursor_execute", counter)


def _hidden(html: str) -> dict[str, str]:
    return dict(HIDDEN.findall(html))


def test_every_visitor_of_the_kept_page_gets_their_own_working_token(app, kept):
    app.config["WTF_CSRF_ENABLED"] = True
    visitors = [app.test_client() for _ in range(3)]
    pages = [visitor.get(PAGE).get_data(as_text=True) for visitor in visitors]
    tokens = [TOKEN.search(page).group(1) for page in pages]
    assert len(set(tokens)) == 3
    assert all(STARTED.search(page) for page in pages)
    assert all("\x00" not in page for page in pages)
    # The third visitor's page came from the kept bytes: its token works with its cookie only.
    assert sign(visitors[1], csrf_token=tokens[2], email="b@example.org").status_code == 400
    assert sign(visitors[2], csrf_token=tokens[2], email="c@example.org").status_code == 303


def test_a_kept_page_costs_no_query_and_sets_no_session(kept, client, queries):
    first = client.get(PAGE)  # built by the view: reads the database, renders
    assert queries.count > 0
    queries.count = 0
    fresh_visitor = kept.test_client()
    again = fresh_visitor.get(PAGE)
    assert queries.count == 0
    assert [c.split("=", 1)[0] for c in again.headers.getlist("Set-Cookie")] == [COOKIE]
    # The same page as the view's but for the visitor's own values.
    mine = TOKEN.search(first.get_data(as_text=True)).group(1)
    theirs = TOKEN.search(again.get_data(as_text=True)).group(1)
    assert mine != theirs
    normalise = lambda html: STARTED.sub("", TOKEN.sub("", html))  # noqa: E731
    assert normalise(again.get_data(as_text=True)) == normalise(first.get_data(as_text=True))


def test_the_stamp_is_what_itsdangerous_writes_and_it_still_times_the_form(app, monkeypatch):
    from itsdangerous import URLSafeTimedSerializer

    from campaign.petitions.fill_time import filled_too_fast

    app.config["SIGNING_MIN_FILL_SECONDS"] = 3
    now = time.time()
    with monkeypatch.context() as frozen:
        frozen.setattr(time, "time", lambda: now)
        serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="form-started")
        just_now = stamp("save-our-centres")
        assert just_now == serializer.dumps("save-our-centres")
        frozen.setattr(time, "time", lambda: now - 10)
        ten_seconds_ago = stamp("save-our-centres")
    assert filled_too_fast("save-our-centres", just_now)
    assert not filled_too_fast("save-our-centres", ten_seconds_ago)
    assert filled_too_fast("another-petition", ten_seconds_ago)
    # What the serializer itself signed is read back; anything altered or not ours is refused.
    with monkeypatch.context() as frozen:
        frozen.setattr(time, "time", lambda: now - 10)
        theirs = serializer.dumps("save-our-centres")
    assert not filled_too_fast("save-our-centres", theirs)
    tampered = ten_seconds_ago[:-2] + ("AA" if not ten_seconds_ago.endswith("AA") else "BB")
    for forged in (tampered, "", "a.b.c", "ü.ü.ü", ten_seconds_ago.replace(".", "..", 1)):
        assert filled_too_fast("save-our-centres", forged)


def test_a_shared_links_values_are_filled_into_the_kept_page(kept, client):
    client.get(PAGE)  # the kept page exists
    link = (
        f"{PAGE}?utm_source=Newsletter&utm_medium=share&utm_campaign=spring+2026&ref=Ref0Code1234"
    )
    for _ in range(2):  # built by the view, then from the kept bytes
        html = client.get(link).get_data(as_text=True)
        assert _hidden(html) == {
            "source": "newsletter",
            "utm_medium": "share",
            "utm_campaign": "spring 2026",
            "ref": "Ref0Code1234",
        }
    # The next visitor without a link gets none of it.
    assert set(_hidden(client.get(PAGE).get_data(as_text=True)).values()) == {""}


HOSTILE = [
    '"><script>alert(1)</script>',
    "whatsapp\"onfocus='alert(1)'",
    "javascript:alert(1)",
    "a&amp;b<b>",
    "x" * 5000,
    "caf\u00e9\u202e",
    'Ref0Code1234" autofocus onfocus="alert(1)',
    "%3Cscript%3E",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["source", "utm_source", "utm_medium", "utm_campaign", "ref"])
def test_hostile_shared_link_values_fill_in_nothing(kept, client, field, value):
    from urllib.parse import urlencode

    client.get(PAGE)
    for _ in range(2):  # built by the view, then from the kept bytes
        response = client.get(f"{PAGE}?{urlencode({field: value})}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert set(_hidden(html).values()) == {""}
        assert "<script>" not in html and "onfocus" not in html and "javascript:" not in html


def test_a_nul_in_a_shared_link_is_refused_with_a_message(kept, client):
    client.get(PAGE)
    response = client.get(f"{PAGE}?source=a%00b")
    assert response.status_code == 400


def test_the_page_answers_304_only_to_the_browser_holding_the_same_cookie(kept, client):
    first = client.get(PAGE)
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert first.headers["Vary"] == "Cookie"
    etag = first.headers["ETag"]
    again = client.get(PAGE, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    # Another browser that somehow sends the tag gets its own page and token.
    other = kept.test_client().get(PAGE, headers={"If-None-Match": etag})
    assert other.status_code == 200
    assert other.headers["ETag"] != etag
    # A shared link's page is a different page.
    linked = client.get(PAGE + "?source=whatsapp", headers={"If-None-Match": etag})
    assert linked.status_code == 200


def test_the_count_json_changes_with_the_counts_and_answers_304_when_unchanged(app, client):
    make_campaign()
    first = client.get(PAGE + ".json")
    assert first.json["signature_count"] == 0
    assert first.headers["Cache-Control"] == "public, max-age=1"
    again = client.get(PAGE + ".json", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    sign(client)
    signing.confirm(db.session.scalars(select(Signature.id)).one())
    changed = client.get(PAGE + ".json", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert changed.json["signature_count"] == 1


def test_a_confirmation_in_this_process_shows_at_once_on_the_kept_page_and_json(kept, client):
    client.get(PAGE), client.get(PAGE + ".json")
    sign(client)
    signing.confirm(db.session.scalars(select(Signature.id)).one())
    assert client.get(PAGE + ".json").json["signature_count"] == 1
    assert '<strong class="big-number">1</strong>' in client.get(PAGE).get_data(as_text=True)


def test_a_count_changed_by_another_process_shows_within_two_seconds(kept, client):
    campaign_id = db.session.scalar(select(Campaign.id))
    assert client.get(PAGE + ".json").json["signature_count"] == 0
    client.get(PAGE)
    # Another process confirms: the counters change, but this process's cache is not told.
    _count_from_another_process(campaign_id)
    written = time.monotonic()
    while client.get(PAGE + ".json").json["signature_count"] == 0:
        assert time.monotonic() - written < 2.2, "the count JSON was staler than 2 s"
        time.sleep(0.02)
    assert '<strong class="big-number">1</strong>' in client.get(PAGE).get_data(as_text=True)
    assert time.monotonic() - written < 2.2


def test_the_thank_you_page_is_kept_but_never_stored_by_a_cache(kept, client, queries):
    first = client.get(PAGE + "/thank-you")
    queries.count = 0
    again = client.get(PAGE + "/thank-you")
    assert queries.count == 0
    assert again.data == first.data
    assert again.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in again.headers


def test_kept_answers_carry_the_security_headers(kept, client):
    for path in (PAGE, PAGE + ".json", PAGE + "/thank-you"):
        client.get(path)
        response = client.get(path)  # from the kept answer
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_a_closed_petition_sets_no_token(kept, client):
    campaign = db.session.scalar(select(Campaign))
    campaign.state = "closed"
    db.session.commit()
    from campaign.core import campaigns

    campaigns.forget_gate(campaign.slug)
    response = client.get(PAGE)
    assert 'name="csrf_token"' not in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_a_draft_is_not_found_even_after_its_page_was_kept(kept, client):
    client.get(PAGE)
    campaign = db.session.scalar(select(Campaign))
    campaign.state = "draft"
    db.session.commit()
    from campaign.core import campaigns

    campaigns.forget_gate(campaign.slug)
    assert client.get(PAGE).status_code == 404
    assert client.get(PAGE + ".json").status_code == 404


def _count_from_another_process(campaign_id: int) -> None:
    db.session.add(
        SignatureCount(
            campaign_id=campaign_id,
            council_code="E08000039",
            constituency_code="",
            shard=0,
            count=1,
        )
    )
    db.session.commit()


def test_past_half_their_life_the_kept_answers_are_rebuilt_ahead_by_one_request(
    kept, client, queries
):
    campaign_id = db.session.scalar(select(Campaign.id))
    client.get(PAGE), client.get(PAGE + ".json"), client.get(PAGE + "/thank-you")
    _count_from_another_process(campaign_id)
    queries.count = 0
    assert client.get(PAGE + ".json").json["signature_count"] == 0  # young: kept, no query
    assert queries.count == 0
    time.sleep(1.05)  # past half of the 2 s
    # This request rebuilds every kept answer from a fresh read, a second before they expire.
    assert client.get(PAGE + ".json").json["signature_count"] == 1
    assert queries.count > 0
    queries.count = 0
    assert '<strong class="big-number">1</strong>' in client.get(PAGE).get_data(as_text=True)
    assert client.get(PAGE + "/thank-you").status_code == 200
    assert queries.count == 0


def test_a_refresh_the_database_refuses_leaves_the_fresh_kept_answers_in_use(
    kept, client, monkeypatch, caplog
):
    from sqlalchemy.exc import OperationalError

    from campaign.petitions import public_cache

    # Caches of 4 s, asked again after 2.1 s: past half their life (a refresh is claimed) with
    # nearly 2 s to spare before they expire, so a slow moment on a shared machine cannot let the
    # view rebuild from expired caches instead.
    kept.config.update(COUNTS_CACHE_SECONDS=4, CAMPAIGN_CACHE_SECONDS=4)
    first = client.get(PAGE + ".json")

    def refused(campaign_id):
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(public_cache, "read_counts", refused)
    time.sleep(2.1)
    again = client.get(PAGE + ".json")
    assert again.status_code == 200
    assert again.data == first.data
    assert "could not refresh the kept pages" in caplog.text
