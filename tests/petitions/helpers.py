"""Helpers for driving the signing form as a browser would."""

import email
import email.policy
import re
from pathlib import Path

from flask import Flask

# Real postcodes from the ONS Postcode Directory (November 2025).
SHEFFIELD = "S1 2HH"  # Sheffield City Council, E08000039


def form_data(**fields) -> dict:
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "postcode": SHEFFIELD,
        "privacy": "y",
        "started": "",
        "website": "",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def sign(client, slug: str = "save-our-centres", **fields):
    return client.post(f"/petitions/{slug}/signatures", data=form_data(**fields))


def sent_mail(app: Flask) -> list[str]:
    """Deliver the outbox through the file backend and return each message's text."""
    from campaign.mail import outbox

    outbox.deliver()
    directory = Path(app.config["MAIL_FILE_DIR"])
    if not directory.exists():
        return []
    texts = []
    for path in sorted(directory.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",)).get_content()
        texts.append(f"To: {message['To']}\nSubject: {message['Subject']}\n\n{body}")
    return texts


def link_from(mail: str, kind: str) -> str:
    """The path of the first link of a kind ("confirm", "withdraw", "unsubscribe") in an email."""
    match = re.search(rf"http://localhost(/\S*{kind}/[\w.\-]+)", mail)
    assert match, f"no {kind} link in the email"
    return match.group(1)
