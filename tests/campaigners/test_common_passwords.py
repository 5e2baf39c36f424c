"""OWASP ASVS 6.2.4 and 6.2.8: every way a password is set refuses the passwords people use
most (zxcvbn's list of 30,000 from leaked password sets, and the 3,000 most used stretched to
the 12-character minimum the ways people stretch them), with a message a campaigner can act on;
and a password is checked exactly as typed, spaces included."""

import pytest
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from campaign.campaigners.accounts import by_email
from campaign.campaigners.passwords import (
    COMMON,
    GUESSABLE,
    MIN_LENGTH,
    password_problem,
    verify_password,
)
from tests.campaigners.helpers import PASSWORD, csrf_free, forget_cached_user, make_account

MOST_USED = FREQUENCY_LISTS["passwords"]


def _repeated(password: str) -> str:
    """monkey -> monkeymonkey"""
    stretched = password
    while len(stretched) < MIN_LENGTH:
        stretched += password
    return stretched


def _capitalised_with_a_digit_run(password: str) -> str:
    """dragon -> Dragon123456"""
    stretched = password.capitalize()
    return stretched + "1234567890"[: max(1, MIN_LENGTH - len(stretched))]


def test_the_list_holds_30000_passwords_most_used_first():
    assert len(MOST_USED) == len(set(MOST_USED)) == 30_000
    assert MOST_USED[:3] == ["123456", "password", "12345678"]


def test_every_listed_password_long_enough_for_the_policy_is_refused_as_common_in_any_case():
    long_enough = [p for p in MOST_USED if len(p) >= MIN_LENGTH]
    assert len(long_enough) > 200
    for password in long_enough:
        for typed in (password, password.upper()):
            problem = password_problem(typed)
            # "1111111111zz" is already refused as one character repeated, before the list.
            assert problem == COMMON or (problem and len(set(typed)) < 4), typed


@pytest.mark.parametrize("stretch", [_repeated, _capitalised_with_a_digit_run])
def test_the_3000_most_used_passwords_stretched_to_twelve_characters_are_all_refused(stretch):
    accepted = [stretch(p) for p in MOST_USED[:3000] if password_problem(stretch(p)) is None]
    assert accepted == []


@pytest.mark.parametrize(
    "password", ["Password1234!", "iloveyou2024!", "qwertyuiopas", "Liverpool1892", "1qaz2wsx3edc"]
)
def test_common_passwords_and_their_variants_are_refused_with_advice(password):
    problem = password_problem(password)
    assert problem in (COMMON, GUESSABLE)
    assert "three or four unrelated words" in problem


def test_a_password_made_from_the_accounts_own_address_is_refused():
    assert password_problem("adalovelace-example", "ada.lovelace@example.org") == GUESSABLE
    assert password_problem("adalovelace-example", "someone@else.org") is None


@pytest.mark.parametrize(
    "password",
    [PASSWORD, "a-brand-new-passphrase", "correct horse battery staple", "x" * 20 + "q7"],
)
def test_passphrases_of_unrelated_words_are_accepted(password):
    if len(set(password)) >= 4:
        assert password_problem(password) is None


def test_a_very_long_passphrase_is_judged_quickly_by_its_first_72_characters():
    assert password_problem("tulip marble orbit " * 13) is None  # 247 characters


@pytest.fixture
def admin(app, client):
    csrf_free(app)
    make_account("admin@example.org", "admin")
    client.post("/campaigners/sign-in", data={"email": "admin@example.org", "password": PASSWORD})
    return client


COMMON_ONE = "Password1234!"


def test_an_admin_creating_an_account_with_a_common_password_is_told_why(admin):
    response = admin.post(
        "/campaigners/accounts/",
        data={"email": "new@example.org", "role": "campaigner", "password": COMMON_ONE},
    )
    assert response.status_code == 400
    assert "too easy to guess" in response.get_data(as_text=True)
    assert by_email("new@example.org") is None


def test_an_admin_resetting_a_password_to_a_common_one_is_told_why(admin):
    other = make_account("helper@example.org")
    response = admin.post(
        f"/campaigners/accounts/{other.id}/password", data={"password": COMMON_ONE}
    )
    assert response.status_code == 400
    assert "too easy to guess" in response.get_data(as_text=True)
    assert verify_password(by_email("helper@example.org").password_hash, PASSWORD)


def test_changing_your_own_password_to_a_common_one_is_refused(admin):
    response = admin.post(
        "/campaigners/password", data={"current_password": PASSWORD, "password": "iloveyou2024!"}
    )
    assert response.status_code == 200
    assert "too easy to guess" in response.get_data(as_text=True)
    assert verify_password(by_email("admin@example.org").password_hash, PASSWORD)


@pytest.mark.parametrize(
    "command", [["create", "x@example.org"], ["set-password", "x@example.org"]]
)
def test_the_command_line_refuses_a_common_password_too(runner, command):
    if command[0] == "set-password":
        make_account("x@example.org")
    result = runner.invoke(args=["campaigners", *command], input="qazwsxedcrfv\n")
    assert result.exit_code == 1
    assert "This is one of the 30,000 passwords people use most" in result.output


def test_a_password_is_checked_exactly_as_typed_spaces_included(app, client):
    csrf_free(app)
    spaced = "  " + PASSWORD + " "
    make_account("spaces@example.org", password=spaced)
    trimmed = client.post(
        "/campaigners/sign-in", data={"email": "spaces@example.org", "password": PASSWORD}
    )
    assert trimmed.status_code == 401
    forget_cached_user()
    exact = client.post(
        "/campaigners/sign-in", data={"email": "spaces@example.org", "password": spaced}
    )
    assert exact.status_code == 302


def test_a_new_password_typed_with_spaces_is_stored_with_them(admin):
    spaced = " a-brand-new-passphrase "
    admin.post("/campaigners/password", data={"current_password": PASSWORD, "password": spaced})
    stored = by_email("admin@example.org").password_hash
    assert verify_password(stored, spaced)
    assert not verify_password(stored, spaced.strip())
