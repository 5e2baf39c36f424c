"""A confirm or withdraw link names its petition: on another petition's URL it is refused with
the ordinary broken-link page, and nothing changes."""

import pytest
from sqlalchemy import select

from campaign.core.tokens import make_token, read_petition_token, read_token
from campaign.extensions import db
from campaign.models import Signature
from tests.factories import make_campaign
from tests.petitions.helpers import link_from, sent_mail, sign


@pytest.fixture
def two_petitions(app, client):
    make_campaign()
    make_campaign(slug="other-petition", title="Another petition entirely", state="open")
    sign(client)
    return sent_mail(app)[0]


@pytest.mark.parametrize("kind", ["confirm", "withdraw"])
def test_a_link_on_another_petitions_url_is_refused_as_broken(client, two_petitions, kind):
    path = link_from(two_petitions, kind)
    moved = path.replace("/petitions/save-our-centres/", "/petitions/other-petition/")
    response = client.post(moved)
    broken = client.post(f"/petitions/other-petition/{kind}/not-a-token")
    assert response.status_code == 400
    assert response.get_data() == broken.get_data()  # the ordinary broken-link page
    assert db.session.scalar(select(Signature.status)) == "pending"


@pytest.mark.parametrize("kind", ["confirm", "withdraw"])
def test_the_same_link_on_its_own_petition_works(client, two_petitions, kind):
    response = client.post(link_from(two_petitions, kind))
    assert response.status_code == 200
    expected = "confirmed" if kind == "confirm" else "withdrawn"
    assert db.session.scalar(select(Signature.status)) == expected


def test_a_token_names_its_petition(app):
    check = read_token("confirm", make_token("confirm", 7, 3))
    assert (check.signature_id, check.campaign_id, check.problem) == (7, 3, None)
    assert read_petition_token("confirm", make_token("confirm", 7, 3), 4).problem == "invalid"


def test_an_older_link_without_a_petition_is_checked_against_the_signatures_own(
    client, two_petitions
):
    signature_id = db.session.scalar(select(Signature.id))
    legacy = make_token("confirm", signature_id)
    assert client.post(f"/petitions/other-petition/confirm/{legacy}").status_code == 400
    assert client.post(f"/petitions/save-our-centres/confirm/{legacy}").status_code == 200
