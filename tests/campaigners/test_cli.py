import pytest

from campaign.campaigners.accounts import by_email
from campaign.campaigners.passwords import verify_password
from tests.campaigners.helpers import PASSWORD


def test_create_reads_the_password_from_stdin_and_stores_an_argon2_hash(runner):
    result = runner.invoke(
        args=["campaigners", "create", "Lead@Example.org", "--role", "admin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "Created admin account for lead@example.org" in result.output
    account = by_email("lead@example.org")
    assert account.role == "admin" and account.password_hash.startswith("$argon2id$")
    assert verify_password(account.password_hash, PASSWORD)


def test_create_makes_a_campaigner_by_default(runner):
    runner.invoke(args=["campaigners", "create", "c@example.org"], input=PASSWORD + "\n")
    assert by_email("c@example.org").role == "campaigner"


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (
            ["not-an-email"],
            PASSWORD,
            "Enter an email address in the correct format, like name@example.com",
        ),
        (["x@example.org"], "short", "Use a password of at least 12 characters"),
        (["x@example.org", "--role", "boss"], PASSWORD, "Invalid value for '--role'"),
    ],
)
def test_create_refuses_bad_input_with_a_message(runner, args, password, message):
    result = runner.invoke(args=["campaigners", "create", *args], input=password + "\n")
    assert result.exit_code != 0
    assert message in result.output


def test_create_refuses_an_address_that_already_has_an_account(runner):
    runner.invoke(args=["campaigners", "create", "x@example.org"], input=PASSWORD + "\n")
    result = runner.invoke(args=["campaigners", "create", "X@example.org"], input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "An account for x@example.org already exists" in result.output


def test_set_password_replaces_the_password(runner):
    runner.invoke(args=["campaigners", "create", "x@example.org"], input=PASSWORD + "\n")
    result = runner.invoke(
        args=["campaigners", "set-password", "x@example.org"], input="a-brand-new-passphrase\n"
    )
    assert result.exit_code == 0
    assert verify_password(by_email("x@example.org").password_hash, "a-brand-new-passphrase")
