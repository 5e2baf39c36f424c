"""Delivery backends behind one interface (`campaign.mail.interface`). The file backend writes one
.eml per message, named by the outbox id, so a retry overwrites rather than duplicates."""

from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path

from flask import current_app

from campaign.mail.errors import TemporaryFailure
from campaign.mail.interface import MailBackend, Result
from campaign.models import OutboxMessage


def build_mime(message: OutboxMessage, sender: str) -> EmailMessage:
    mime = EmailMessage()
    mime["From"] = sender
    mime["To"] = formataddr((message.to_name or "", message.to_email))
    mime["Subject"] = message.subject
    mime["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    for name, value in (message.headers or {}).items():
        mime[name] = value
    mime.set_content(message.text_body)
    if message.html_body:
        mime.add_alternative(message.html_body, subtype="html")
    return mime


class FileBackend:
    # Writing the same message again overwrites its file: a resend can never duplicate.
    idempotent = True
    name = "file"

    def __init__(self, directory: str, sender: str) -> None:
        self.directory = Path(directory)
        self.sender = sender

    def send(self, message: OutboxMessage) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{message.id:010d}-{message.kind}.eml"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(bytes(build_mime(message, self.sender)))
        temporary.replace(path)
        return path.name

    def send_many(self, messages: Sequence[OutboxMessage]) -> list[Result]:
        results = []
        for message in messages:
            try:
                results.append(Result(message, provider_message_id=self.send(message)))
            except OSError as error:  # a full or unwritable disk: keep the message for later
                results.append(Result(message, error=TemporaryFailure(str(error))))
        return results


def get_backend() -> MailBackend:
    config = current_app.config
    name = config["MAIL_BACKEND"]
    if name == "file":
        return FileBackend(config["MAIL_FILE_DIR"], config["MAIL_FROM"])
    if name == "sendgrid":
        from campaign.mail.sendgrid_backend import SendGridBackend

        return SendGridBackend.from_config(config)
    raise RuntimeError(f"Unknown MAIL_BACKEND {name!r}: use 'file' or 'sendgrid'")
