"""Property-based tests: generated input for every public form, URL parameter and JSON
endpoint. Whatever arrives, the answer is never a 5xx, and a form sent back with a problem keeps
what the person typed.

`make test` runs a few thousand examples in all (derandomised, so CI is repeatable); for many
more, with fresh random input each run: `HYPOTHESIS_PROFILE=thorough pytest -m slow -k property`.
"""

import json
import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from tests.factories import make_campaign
from tests.mail.webhook_keys import WebhookSigner
from tests.places.conftest import loaded, postcode_index_path  # noqa: F401 - fixtures

settings.register_profile(
    "default",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"


def examples(n: int):
    """n examples in `make test`; the thorough profile's own (much larger) number otherwise."""
    return settings() if THOROUGH else settings(max_examples=n)


# Any text a person or a program could send: every plane, control characters and NUL included;
# surrogates cannot be encoded to UTF-8, so no client can send them.
anything = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
short = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
email_like = st.one_of(st.emails(), anything, st.builds(lambda a, b: f"{a}@{b}", short, short))
postcode_like = st.one_of(
    st.sampled_from(["S1 2HH", "s12hh", "SW1A 1AA", "BT1 1AA", "GY1 1AA", "ZZ99 9ZZ"]), short
)
flag = st.sampled_from(["", "y", "on", "1", "\x00"])
query = st.dictionaries(short, short, max_size=4)


def no_server_error(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]


@pytest.fixture
def petition(app):
    return make_campaign()


@given(
    name=anything,
    email=email_like,
    postcode=postcode_like,
    outside_uk=flag,
    country=short,
    privacy=flag,
    email_updates=flag,
)
@examples(250)
def test_property_the_signing_form_never_fails_and_keeps_what_was_typed(
    client, petition, name, email, postcode, outside_uk, country, privacy, email_updates
):
    data = {
        "name": name,
        "email": email,
        "postcode": postcode,
        "outside_uk": outside_uk,
        "country": country,
        "privacy": privacy,
        "email_updates": email_updates,
        "started": "",
        "website": "",
    }
    response = client.post(f"/petitions/{petition.slug}/signatures", data=data)

    no_server_error(response)
    assert response.status_code in (303, 400)
    if response.status_code == 400 and name.strip() and len(name.strip()) <= 100:
        assert str(escape(name.strip())) in response.get_data(as_text=True)


@given(path=short, args=query)
@examples(150)
def test_property_petition_pages_and_json_never_fail(client, petition, path, args):
    path = quote(path, safe="")
    for url in (
        f"/petitions/{petition.slug}",
        f"/petitions/{petition.slug}.json",
        f"/petitions/{path}",
        f"/petitions/{path}.json",
        f"/petitions/{petition.slug}/confirm/{path}",
        f"/unsubscribe/{path}",
    ):
        no_server_error(client.get(url, query_string=args))


@given(postcode=st.one_of(postcode_like, anything), args=query)
@examples(400)
@pytest.mark.usefixtures("postcode_index_path")
def test_property_the_postcode_lookup_never_fails(client, postcode, args):
    no_server_error(client.get("/local", query_string={**args, "postcode": postcode}))


@given(code=st.one_of(st.sampled_from(["E08000039", "E07000008", "W06000015"]), short), args=query)
@examples(200)
@pytest.mark.usefixtures("loaded")
def test_property_council_pages_and_json_never_fail(client, code, args):
    code = quote(code, safe="")
    for suffix in ("", ".json"):
        response = client.get(f"/local/{code}{suffix}", query_string=args)
        no_server_error(response)
        if response.status_code in (301, 302):
            assert response.headers["Location"].startswith("/")


@given(
    centre_name=anything,
    kind=st.one_of(st.sampled_from(["closed", "reduced", "threatened"]), short),
    happened_on=st.one_of(st.dates().map(str), short),
    evidence_url=st.one_of(st.just("https://www.example.org/news"), anything),
    details=anything,
)
@examples(200)
@pytest.mark.usefixtures("loaded")
def test_property_the_closure_report_form_never_fails_and_keeps_what_was_typed(
    client, centre_name, kind, happened_on, evidence_url, details
):
    data = {
        "centre_name": centre_name,
        "kind": kind,
        "happened_on": happened_on,
        "evidence_url": evidence_url,
        "details": details,
        "website": "",
    }
    response = client.post("/local/E08000039/reports", data=data)

    no_server_error(response)
    if response.status_code == 400 and centre_name.strip() and len(centre_name.strip()) <= 100:
        assert str(escape(centre_name.strip())) in response.get_data(as_text=True)


@given(email=email_like, name=short, petition_slug=short, postcode=postcode_like)
@examples(150)
@pytest.mark.usefixtures("loaded")
def test_property_the_booklet_email_form_never_fails(client, email, name, petition_slug, postcode):
    data = {"email": email, "name": name, "petition": petition_slug, "postcode": postcode}
    no_server_error(client.post("/local/E08000039/booklet/email", data=data))


@given(code=short, name=short, petition_slug=short)
@examples(200)
@pytest.mark.usefixtures("postcode_index_path")
def test_property_booklet_links_with_a_bad_council_or_name_never_fail(
    client, code, name, petition_slug
):
    response = client.get(
        f"/local/{quote(code, safe='')}/booklet.pdf",
        query_string={"name": name, "petition": petition_slug},
    )
    response.close()
    no_server_error(response)


@given(email=email_like, password=short, next_url=short)
@examples(60)
def test_property_the_campaigners_sign_in_form_never_fails(client, email, password, next_url):
    response = client.post(
        "/campaigners/sign-in",
        query_string={"next": next_url},
        data={"email": email, "password": password},
    )
    no_server_error(response)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | short,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(short, children, max_size=4),
    max_leaves=12,
)
events = st.lists(
    st.fixed_dictionaries(
        {
            "event": st.one_of(st.sampled_from(["delivered", "bounce", "processed"]), short),
            "email": email_like,
            "sg_event_id": short,
        },
        optional={
            "outbox_id": json_values,
            "timestamp": json_values,
            "reason": json_values,
            "type": json_values,
            "sg_message_id": json_values,
        },
    ),
    max_size=5,
)


@given(body=st.one_of(events, json_values))
@examples(200)
def test_property_signed_webhook_posts_never_fail(app, client, body):
    signer = WebhookSigner.shared()
    app.config["SENDGRID_WEBHOOK_PUBLIC_KEY"] = signer.public_key
    raw = json.dumps(body).encode()
    response = client.post(
        "/webhooks/sendgrid",
        data=raw,
        headers={**signer.headers(raw), "Content-Type": "application/json"},
    )
    no_server_error(response)
