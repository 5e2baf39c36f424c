import pytest

from campaign.campaigners.passwords import (
    MAX_LENGTH,
    hash_password,
    password_problem,
    verify_password,
)


def test_a_hash_is_argon2id_and_verifies_only_the_right_password():
    stored = hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse battery staple")
    assert not verify_password(stored, "correct horse battery stapler")


def test_verifying_without_an_account_is_false_but_still_does_the_work():
    assert verify_password(None, "no account has this password, it only burns time") is False


def test_a_corrupt_stored_hash_is_a_failed_sign_in_rather_than_an_error():
    assert verify_password("not-a-hash", "whatever password") is False


def test_an_absurdly_long_password_is_refused_without_hashing():
    assert verify_password(hash_password("x" * 20), "x" * (MAX_LENGTH + 1)) is False


@pytest.mark.parametrize(
    ("password", "message_start"),
    [
        ("short", "Use a password of at least"),
        ("a" * 300, "Use a password of at most"),
        ("jo@ex.org", "Use a password of at least"),
        ("aaaaaaaaaaaaaaaa", "Choose a password that is not one character"),
    ],
)
def test_weak_passwords_get_a_message_saying_what_to_do(password, message_start):
    assert password_problem(password).startswith(message_start)


def test_a_password_equal_to_the_email_is_refused():
    email = "campaigns.lead@example.org"
    assert password_problem(email, email) == "Choose a password that is not your email address"


def test_a_long_varied_password_is_accepted():
    assert password_problem("tulip-marble-31-orbit") is None
