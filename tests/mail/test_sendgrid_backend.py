from dataclasses import dataclass, field

import pytest

from campaign.mail.errors import PermanentFailure, TemporaryFailure, UncertainOutcome
from campaign.mail.sendgrid_backend import SendGridBackend
from tests.mail.fake_sendgrid import Fault


@dataclass
class Message:
    id: int
    to_email: str
    subject: str = "Confirm your signature"
    text_body: str = "Hello, please confirm."
    html_body: str | None = "<p>Hello, please confirm.</p>"
    kind: str = "confirm"
    headers: dict = field(default_factory=dict)
    to_name: str | None = None


def backend_for(fake, **overrides):
    options = {
        "api_key": fake.api_key,
        "mail_from": "Best Start <petitions@example.org>",
        "host": fake.host,
        "timeout": 0.5,
        **overrides,
    }
    return SendGridBackend(**options)


def test_one_message_is_handed_over_with_text_html_headers_and_custom_args(fake_sendgrid):
    unsubscribe = {
        "List-Unsubscribe": "<https://example.org/u/abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    message = Message(7, "ada@example.com", headers=unsubscribe)

    provider_id = backend_for(fake_sendgrid).send(message)

    [accepted] = fake_sendgrid.accepted
    assert provider_id == accepted.message_id and provider_id
    assert accepted.to == ["ada@example.com"]
    assert (accepted.text, accepted.html) == (message.text_body, message.html_body)
    assert accepted.headers == unsubscribe
    assert accepted.custom_args == {"outbox_id": "7", "kind": "confirm"}
    assert accepted.sandbox is False


def test_many_messages_share_one_request_each_with_its_own_body_and_subject(fake_sendgrid):
    messages = [
        Message(
            i,
            f"person{i}@example.com",
            subject=f"Hi {i}",
            text_body=f"Text for {i}",
            html_body=f"<p>HTML for {i}</p>",
        )
        for i in range(1, 251)
    ]

    results = backend_for(fake_sendgrid, timeout=10).send_many(messages)

    assert all(r.accepted for r in results)
    assert fake_sendgrid.requests == [(202, 250)]
    by_id = {a.custom_args["outbox_id"]: a for a in fake_sendgrid.accepted}
    assert by_id["42"].subject == "Hi 42"
    assert (by_id["42"].text, by_id["42"].html) == ("Text for 42", "<p>HTML for 42</p>")


def test_more_than_a_thousand_messages_are_split_into_requests_of_a_thousand(fake_sendgrid):
    messages = [Message(i, f"p{i}@example.com") for i in range(2500)]

    backend_for(fake_sendgrid, timeout=10).send_many(messages)

    assert sorted(count for _, count in fake_sendgrid.requests) == [500, 1000, 1000]
    assert len(fake_sendgrid.custom_arg_counts()) == 2500


def test_a_message_too_large_to_substitute_goes_in_a_request_of_its_own(fake_sendgrid):
    large = Message(1, "big@example.com", html_body="<p>" + "x" * 12_000 + "</p>")
    small = [Message(i, f"p{i}@example.com") for i in (2, 3)]

    results = backend_for(fake_sendgrid).send_many([large, *small])

    assert all(r.accepted for r in results)
    assert sorted(count for _, count in fake_sendgrid.requests) == [1, 2]
    assert fake_sendgrid.accepted[0].html == large.html_body


def test_messages_without_html_are_sent_as_plain_text_only(fake_sendgrid):
    backend_for(fake_sendgrid).send_many(
        [Message(1, "a@example.com", html_body=None), Message(2, "b@example.com", html_body=None)]
    )

    assert [a.html for a in fake_sendgrid.accepted] == [None, None]


def test_sandbox_mode_is_requested_and_nothing_is_delivered(fake_sendgrid):
    backend_for(fake_sendgrid, sandbox=True).send(Message(1, "a@example.com"))

    assert fake_sendgrid.requests == [(200, 1)]
    assert fake_sendgrid.delivered() == []


def test_rate_limit_is_temporary_and_reports_the_wait_until_reset(fake_sendgrid):
    fake_sendgrid.fail_next(Fault.rate_limited(reset_in=3))

    with pytest.raises(TemporaryFailure) as raised:
        backend_for(fake_sendgrid).send(Message(1, "a@example.com"))

    assert 2 <= raised.value.retry_after <= 4.5
    assert fake_sendgrid.accepted == []


@pytest.mark.parametrize("fault", [Fault.error(500), Fault.error(503), Fault.gateway_html(502)])
def test_server_errors_are_temporary_failures(fake_sendgrid, fault):
    fake_sendgrid.fail_next(fault)

    with pytest.raises(TemporaryFailure):
        backend_for(fake_sendgrid).send(Message(1, "a@example.com"))


def test_a_provider_that_is_down_is_a_temporary_failure(fake_sendgrid):
    fake_sendgrid.go_down()

    with pytest.raises(TemporaryFailure, match="could not reach"):
        backend_for(fake_sendgrid).send(Message(1, "a@example.com"))


@pytest.mark.parametrize(
    "fault",
    [Fault.malformed(), Fault.slow(1.0), Fault.hang_up_after_accepting()],
    ids=["malformed", "slower-than-timeout", "hang-up"],
)
def test_a_lost_or_garbled_answer_is_an_uncertain_outcome(fake_sendgrid, fault):
    fake_sendgrid.fail_next(fault)

    with pytest.raises(UncertainOutcome):
        backend_for(fake_sendgrid, timeout=0.3).send(Message(1, "a@example.com"))


def test_a_wrong_api_key_keeps_the_message_for_a_later_retry(fake_sendgrid):
    with pytest.raises(TemporaryFailure, match="SENDGRID_API_KEY"):
        backend_for(fake_sendgrid, api_key="SG.wrong").send(Message(1, "a@example.com"))


def test_one_bad_address_in_a_batch_fails_alone_and_the_rest_are_sent(fake_sendgrid):
    messages = [Message(i, f"p{i}@example.com") for i in range(64)]
    messages[37].to_email = "not-an-address"

    results = backend_for(fake_sendgrid).send_many(messages)

    assert [r.accepted for r in results] == [i != 37 for i in range(64)]
    assert isinstance(results[37].error, PermanentFailure)
    assert len(fake_sendgrid.custom_arg_counts()) == 63
    assert len(fake_sendgrid.requests) <= 2 * 6 + 1  # halving, not 64 single requests


def test_after_a_temporary_failure_the_remaining_requests_are_not_attempted(fake_sendgrid):
    large = Message(1, "big@example.com", text_body="x" * 11_000)
    fake_sendgrid.fail_next(Fault.error(500))

    results = backend_for(fake_sendgrid).send_many([large, Message(2, "b@example.com")])

    assert [type(r.error) for r in results] == [TemporaryFailure, TemporaryFailure]
    assert len(fake_sendgrid.requests) == 1


def test_missing_api_key_is_a_clear_configuration_error():
    with pytest.raises(ValueError, match="SENDGRID_API_KEY"):
        SendGridBackend(api_key="", mail_from="x@example.org")


@pytest.mark.parametrize(
    "name, sent",
    [
        ("Ada Lovelace", "Ada Lovelace"),
        ('Lovelace, Ada; "Countess" <x>', "Lovelace Ada Countess x"),
        (None, None),
    ],
)
def test_the_display_name_goes_with_the_address_without_characters_sendgrid_refuses(
    fake_sendgrid, name, sent
):
    backend = backend_for(fake_sendgrid)

    payload = backend.payload([Message(1, "a@example.com", to_name=name)])
    backend.send(Message(1, "a@example.com", to_name=name))

    assert payload["personalizations"][0]["to"][0].get("name") == sent
    assert len(fake_sendgrid.accepted) == 1
