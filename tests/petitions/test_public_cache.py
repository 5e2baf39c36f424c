"""The kept petition page and count JSON: each visitor still gets their own token and stamp,
and counts are exactly as fresh as the counts cache."""

import re

from flask import g
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Signature
from campaign.petitions import signing
from tests.factories import make_campaign
from tests.petitions.helpers import sign

PAGE = "/petitions/save-our-centres"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
STARTED = re.compile(r'name="started" type="hidden" value="([^"]+)"')


def _cache_for(app, seconds: float) -> None:
    app.config.update(COUNTS_CACHE_SECONDS=seconds, CAMPAIGN_CACHE_SECONDS=seconds)


def test_every_visitor_of_the_kept_page_gets_their_own_working_token(app):
    app.config["WTF_CSRF_ENABLED"] = True
    _cache_for(app, 60)
    make_campaign()
    visitors = [app.test_client() for _ in range(3)]
    pages = []
    for visitor in visitors:
        # The fixture's app context outlives requests here; a server's does not.
        g.pop("csrf_token", None)
        pages.append(visitor.get(PAGE).get_data(as_text=True))
    tokens = [TOKEN.search(page).group(1) for page in pages]
    assert len(set(tokens)) == 3
    assert all(STARTED.search(page) for page in pages)
    assert all("\x00" not in page for page in pages)
    # The third visitor's page came from the kept HTML: its token is valid for its session only.
    g.pop("csrf_token", None)
    assert sign(visitors[1], csrf_token=tokens[2], email="b@example.org").status_code == 400
    g.pop("csrf_token", None)
    assert sign(visitors[2], csrf_token=tokens[2], email="c@example.org").status_code == 303


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
