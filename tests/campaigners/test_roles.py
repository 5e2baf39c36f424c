"""Every /campaigners/ URL, for every role and for signed-out visitors: each role gets exactly
what campaign/campaigners/roles.py gives it. The URLs come from the app's URL map, so a new page
without a rule fails here."""

import pytest
from werkzeug.routing import Rule

from campaign import create_app
from campaign.campaigners.blueprint import ROLE_REFUSED
from campaign.campaigners.roles import REQUIRED_ROLE, ROLE_ORDER, may_use
from campaign.config import TestConfig
from tests.campaigners.helpers import csrf_free, make_account, signed_in
from tests.factories import make_campaign

VALUES = {"by": "council", "fmt": "csv", "decision": "approve"}


def _campaigner_rules() -> list[tuple[str, str]]:
    app = create_app(TestConfig)
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/campaigners/"):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method))
    return sorted(found)


RULES = _campaigner_rules()


def test_every_campaigners_url_has_a_rule_and_every_rule_a_url():
    endpoints = {endpoint for endpoint, _method in RULES}
    assert endpoints == set(REQUIRED_ROLE)


def _url(app, endpoint: str, ids: dict[str, int]) -> str:
    rule: Rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {name: ids.get(name, VALUES.get(name)) for name in rule.arguments}
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values)


def _refused_by_role(response) -> bool:
    return response.status_code == 403 and ROLE_REFUSED in response.get_data(as_text=True)


def _sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and "/campaigners/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("role", [None, *ROLE_ORDER])
@pytest.mark.parametrize(("endpoint", "method"), RULES)
def test_each_role_gets_exactly_the_pages_its_work_needs(app, client, role, endpoint, method):
    csrf_free(app)
    campaign = make_campaign()
    other = make_account("someone.else@example.org")
    if role is not None:
        signed_in(client, f"{role}@example.org", role=role)
    ids = {
        "campaign_id": campaign.id,
        "account_id": other.id,
        "batch_id": 1,
        "report_id": 1,
        "resource_id": 1,
        "milestone_id": 1,
    }
    response = client.open(_url(app, endpoint, ids), method=method)
    if may_use(role, endpoint):
        assert not _refused_by_role(response)
        if role and endpoint != "campaigners.sign_out":  # signing out ends at the sign-in page
            assert not _sent_to_sign_in(response)
        assert response.status_code < 500
    elif role is None:
        assert _sent_to_sign_in(response)
    else:
        assert _refused_by_role(response)


def test_the_matrix_in_the_readme_is_the_table():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for endpoint, needed in REQUIRED_ROLE.items():
        assert f"| `{endpoint}` | {needed} |" in readme, endpoint
