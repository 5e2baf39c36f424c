import time

import pytest

from campaign.mail.webhook_signature import WebhookRejected, load_verifier, verify
from tests.mail.webhook_keys import SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookSigner

BODY = b'[{"email":"ada@example.com","event":"delivered","sg_event_id":"e1","outbox_id":"7"}]'


@pytest.fixture(scope="module")
def signer():
    return WebhookSigner()


def test_a_post_signed_with_the_configured_key_is_accepted(signer):
    verified = verify(BODY, signer.headers(BODY), load_verifier(signer.public_key))

    assert len(verified.digest) == 64


def test_the_same_body_signed_twice_gives_different_digests_for_replay_tracking(signer):
    verifier = load_verifier(signer.public_key)

    first = verify(BODY, signer.headers(BODY), verifier)
    second = verify(BODY, signer.headers(BODY), verifier)

    assert first.digest != second.digest  # ECDSA signatures are randomised


@pytest.mark.parametrize(
    "tamper",
    [
        lambda body, headers: (body.replace(b"delivered", b"bounce"), headers),
        lambda body, headers: (
            body,
            {**headers, TIMESTAMP_HEADER: str(int(headers[TIMESTAMP_HEADER]) - 1)},
        ),
        lambda body, headers: (body, {**headers, SIGNATURE_HEADER: "bm90IGEgc2lnbmF0dXJl"}),
        lambda body, headers: (body, {**headers, SIGNATURE_HEADER: "%%% not base64 %%%"}),
    ],
    ids=["body", "timestamp", "signature", "garbage-signature"],
)
def test_tampered_posts_are_rejected(signer, tamper):
    body, headers = tamper(BODY, signer.headers(BODY))

    with pytest.raises(WebhookRejected) as raised:
        verify(body, headers, load_verifier(signer.public_key))

    assert raised.value.status in (400, 403)


def test_a_post_signed_by_another_key_is_rejected(signer):
    with pytest.raises(WebhookRejected, match="does not match"):
        verify(BODY, WebhookSigner().headers(BODY), load_verifier(signer.public_key))


@pytest.mark.parametrize("missing", [SIGNATURE_HEADER, TIMESTAMP_HEADER])
def test_unsigned_posts_are_rejected_as_unauthorised(signer, missing):
    headers = signer.headers(BODY)
    del headers[missing]

    with pytest.raises(WebhookRejected) as raised:
        verify(BODY, headers, load_verifier(signer.public_key))

    assert raised.value.status == 401


@pytest.mark.parametrize("age", [-3600, 3600])
def test_posts_signed_long_ago_or_in_the_future_are_rejected(signer, age):
    stamp = int(time.time()) - age
    with pytest.raises(WebhookRejected, match="window"):
        verify(
            BODY,
            signer.headers(BODY, timestamp=stamp),
            load_verifier(signer.public_key),
            tolerance=600,
        )


def test_a_missing_or_broken_public_key_is_a_configuration_error_not_a_crash():
    for key in (None, "", "not-a-key"):
        with pytest.raises(WebhookRejected) as raised:
            load_verifier(key)
        assert raised.value.status == 503
