import pytest

from tests.mail.fake_sendgrid import FakeSendGrid


@pytest.fixture
def fake_sendgrid():
    with FakeSendGrid() as fake:
        yield fake
