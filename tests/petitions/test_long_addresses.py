"""An address valid as typed but too long once normalised gets a clear message at signing, not
"could not save" for ever (issue 11, item 3)."""

from sqlalchemy import func, select

from campaign.core.email_addresses import TOO_LONG
from campaign.extensions import db
from campaign.models import Signature
from tests.factories import make_campaign
from tests.petitions.helpers import sign


def test_signing_with_an_address_too_long_once_case_folded_says_so_and_keeps_it(client):
    make_campaign()
    typed = "ΐ" * 64 + "@" + "d" * 60 + ".com"

    response = sign(client, email=typed)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert TOO_LONG in page
    assert typed in page
    assert db.session.scalar(select(func.count(Signature.id))) == 0
