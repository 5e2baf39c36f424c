import pytest

from campaign.extensions import db
from campaign.models import OutboxMessage
from tests.mail.fake_sendgrid import FakeSendGrid
from tests.mail.webhook_keys import WebhookSigner


@pytest.fixture
def fake_sendgrid():
    with FakeSendGrid() as fake:
        yield fake


@pytest.fixture(scope="session")
def signer():
    return WebhookSigner()


@pytest.fixture
def sendgrid_app(app, fake_sendgrid, signer):
    """The app delivering through the SendGrid backend to the fake provider on localhost."""
    app.config.update(
        MAIL_BACKEND="sendgrid",
        SENDGRID_API_KEY=fake_sendgrid.api_key,
        SENDGRID_API_HOST=fake_sendgrid.host,
        SENDGRID_TIMEOUT=5,
        SENDGRID_WEBHOOK_PUBLIC_KEY=signer.public_key,
        MAIL_LEASE_SECONDS=30,
        MAIL_UNCERTAIN_GRACE_SECONDS=30,
    )
    return app


def add_messages(count: int, kind: str = "confirm", start: int = 0) -> list[int]:
    messages = [
        OutboxMessage(
            kind=kind,
            to_email=f"person{start + i}@example.com",
            subject="Confirm your signature",
            text_body=f"Confirm, person {start + i}",
            html_body=f"<p>Confirm, person {start + i}</p>",
            headers={
                "List-Unsubscribe": f"<http://localhost/unsubscribe/{i}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        for i in range(count)
    ]
    db.session.add_all(messages)
    db.session.commit()
    return [m.id for m in messages]
