"""Campaigner accounts: creating them, changing roles, passwords and whether they may sign in."""

import secrets

from sqlalchemy import select

from campaign.campaigners.passwords import hash_password, password_problem
from campaign.core import email_addresses
from campaign.extensions import db
from campaign.models.campaigners import ROLES, Account
from campaign.privacy.staff import other_active_admins
from campaign.timeutil import utcnow


class AccountError(ValueError):
    """A change to accounts that the rules do not allow; the message says why, for people."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def checked_email(email: str) -> str:
    try:
        return email_addresses.checked_email(email).lower()
    except email_addresses.EmailAddressError as error:
        raise AccountError(str(error)) from None


def new_session_token() -> str:
    return secrets.token_hex(16)


def by_email(email: str) -> Account | None:
    """The account with this address; an erased account has none, so it is never found."""
    account = db.session.scalar(select(Account).where(Account.email == normalise_email(email)))
    return None if account is None or account.removed else account


def create_account(email: str, password: str, role: str = "campaigner") -> Account:
    """Create an account and commit it. Raises AccountError with a message for people."""
    email = checked_email(email)
    if role not in ROLES:
        raise AccountError(f"Choose a role: {' or '.join(ROLES)}")
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)
    if by_email(email) is not None:
        raise AccountError(f"An account for {email} already exists")
    account = Account(
        email=email,
        password_hash=hash_password(password),
        role=role,
        session_token=new_session_token(),
    )
    db.session.add(account)
    db.session.commit()
    return account


def set_password(account: Account, password: str) -> None:
    problem = password_problem(password, account.email)
    if problem:
        raise AccountError(problem)
    account.password_hash = hash_password(password)
    account.password_changed_at = utcnow()
    account.session_token = new_session_token()
    db.session.commit()


def end_sessions(account: Account) -> None:
    """Sign the account out everywhere: every session cookie it has stops working. Commits."""
    account.session_token = new_session_token()
    db.session.commit()


def set_role(account: Account, role: str, acting: Account) -> None:
    if role not in ROLES:
        raise AccountError(f"Choose a role: {' or '.join(ROLES)}")
    if account.role == "admin" and role != "admin" and other_active_admins(account) == 0:
        raise AccountError("Keep at least one active admin: make someone else an admin first")
    if account.id == acting.id and role != "admin":
        raise AccountError("You cannot remove your own admin role; ask another admin")
    account.role = role
    db.session.commit()


def set_active(account: Account, active: bool, acting: Account) -> None:
    if not active:
        if account.id == acting.id:
            raise AccountError("You cannot deactivate your own account")
        if account.role == "admin" and other_active_admins(account) == 0:
            raise AccountError("Keep at least one active admin")
        # Ends every session the account has open.
        account.session_token = new_session_token()
    account.active = active
    db.session.commit()


def all_accounts() -> list[Account]:
    """Every account but erased ones, which no one can change any more."""
    return [a for a in db.session.scalars(select(Account).order_by(Account.email)) if not a.removed]
