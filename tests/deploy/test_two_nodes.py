"""Two app nodes behind nginx on one PostgreSQL and one Redis, with two outbox workers and two
booklet workers: signing through the balancer reaches both nodes, the per-IP rate limit is shared
between them, counts stay exact and every email is handed to the provider exactly once; a booklet
asked for through one node is rendered once, by a worker, and served from the shared cache
through the other."""

import http.client
import re
import shutil
import time
import urllib.parse

import pytest
import redis
from sqlalchemy import func, select

from campaign.booklets.queue import SharedStore
from campaign.core.tokens import make_token
from campaign.extensions import db
from campaign.models import OutboxMessage, Signature
from tests.conftest import POSTGRES
from tests.deploy.layout import REDIS_URL, Layout
from tests.factories import make_campaign
from tests.mail.fake_sendgrid import FakeSendGrid
from tests.mail.helpers import wait_until
from tests.petitions.helpers import SHEFFIELD

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES, reason="app nodes in other processes need PostgreSQL"),
    pytest.mark.skipif(not shutil.which("nginx"), reason="needs nginx (Debian package)"),
]

SLUG = "save-our-centres"
SIGNERS = 30  # the production limit: 30 signing posts a minute from one address
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
STARTED = re.compile(r'name="started" type="hidden" value="([^"]+)"')


class Visitor:
    """A browser: its own cookie, every request through the balancer."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        if response.getheader("Set-Cookie"):
            self.cookie = response.getheader("Set-Cookie").split(";", 1)[0]
        connection.close()
        return response.status, response.getheader("X-Upstream"), text


def _redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.ConnectionError:
        pytest.skip(f"needs Redis at {REDIS_URL}")


def test_two_nodes_behind_nginx_share_limits_count_exactly_and_send_each_email_once(app):
    _redis_or_skip()
    make_campaign()
    db.session.commit()
    with (
        FakeSendGrid() as fake,
        Layout(
            app.config["SQLALCHEMY_DATABASE_URI"], app.config["SECRET_KEY"], fake.host
        ) as layout,
    ):
        visitors = [Visitor(layout.port) for _ in range(SIGNERS + 2)]
        forms = []
        for visitor in visitors:
            status, _, page = visitor.request("GET", f"/petitions/{SLUG}")
            assert status == 200
            forms.append((CSRF.search(page).group(1), STARTED.search(page).group(1)))
        time.sleep(3.2)  # the production fill time
        answers = [
            visitor.request(
                "POST",
                f"/petitions/{SLUG}/signatures",
                {
                    "name": f"Signer {i}",
                    "email": f"signer{i}@example.org",
                    "postcode": SHEFFIELD,
                    "privacy": "y",
                    "csrf_token": csrf,
                    "started": started,
                },
            )
            for i, (visitor, (csrf, started)) in enumerate(zip(visitors, forms, strict=True))
        ]
        statuses = [status for status, _, _ in answers]
        # Every post came from 127.0.0.1: the limit is counted in Redis, across both nodes.
        assert statuses == [303] * SIGNERS + [429, 429]
        assert len({node for _, node, _ in answers}) == 2

        db.session.expire_all()
        ids = db.session.scalars(select(Signature.id).order_by(Signature.id)).all()
        assert len(ids) == SIGNERS
        confirmers = set()
        for signature_id, visitor in zip(ids, visitors, strict=False):
            path = f"/petitions/{SLUG}/confirm/{make_token('confirm', signature_id)}"
            _, _, page = visitor.request("GET", path)
            if signature_id % 2:  # round robin would otherwise give every POST the same node
                visitor.request("GET", "/privacy")
            status, node, _ = visitor.request("POST", path, {"csrf_token": CSRF.search(page)[1]})
            assert status == 200
            confirmers.add(node)
        assert len(confirmers) == 2

        def count() -> int:
            import json

            return json.loads(Visitor(layout.port).request("GET", f"/petitions/{SLUG}.json")[2])[
                "signature_count"
            ]

        wait_until(lambda: count() == SIGNERS, timeout=10)
        # A confirmation email and a thank-you for each signer, each handed over once.
        wait_until(lambda: len(fake.accepted) >= 2 * SIGNERS, timeout=60)
        time.sleep(0.5)
    counts = fake.custom_arg_counts()
    db.session.expire_all()
    outbox_ids = db.session.scalars(select(OutboxMessage.id)).all()
    assert len(outbox_ids) == 2 * SIGNERS
    assert sorted(counts) == sorted(str(i) for i in outbox_ids)
    assert set(counts.values()) == {1}
    assert (
        db.session.scalar(
            select(func.count()).select_from(Signature).where(Signature.status == "confirmed")
        )
        == SIGNERS
    )


BOOKLET = "/local/E08000039/booklet.pdf?name=Layout+Advocate"


def _get_booklet(port: int) -> tuple[int, str, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", BOOKLET)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return (
        response.status,
        response.getheader("X-Upstream"),
        response.getheader("X-Booklet-Cache", ""),
        body,
    )


def test_a_booklet_asked_for_through_one_node_is_rendered_once_and_served_by_the_other(app):
    from campaign.places import loaders

    _redis_or_skip()
    loaders.load_all()
    make_campaign()
    db.session.commit()
    with (
        FakeSendGrid() as fake,
        Layout(
            app.config["SQLALCHEMY_DATABASE_URI"], app.config["SECRET_KEY"], fake.host
        ) as layout,
    ):
        store = SharedStore(redis.Redis.from_url(REDIS_URL), ttl=60)
        # The first ask waits for a worker (which may still be loading its fonts): a 503 "busy,
        # try again" is a right answer meanwhile, so ask again as the page says.
        deadline = time.monotonic() + 90
        while (first := _get_booklet(layout.port))[0] == 503 and time.monotonic() < deadline:
            time.sleep(1)
        status, first_node, _, pdf = first
        assert status == 200 and pdf.startswith(b"%PDF")
        # Round robin: the next asks go to the other node, whose folder has never seen it.
        answers = [_get_booklet(layout.port) for _ in range(3)]
        other = [a for a in answers if a[1] != first_node]
        assert other, "nginx sent every request to one node"
        for status, _, cache, body in other:
            assert (status, cache) == (200, "hit")
            assert body == pdf
        assert store.renders() == 1
        logs = [layout.booklet_log(n).read_text() for n in range(layout.booklet_workers)]
        assert sum(log.count(" rendered in ") for log in logs) == 1
        # Each node keeps its own copy: the second came through Redis, not a shared folder.
        copies = [list(layout.booklet_dir(port).rglob("*.pdf")) for port in layout.node_ports]
        assert [len(found) for found in copies] == [1, 1]
        assert copies[0][0].read_bytes() == copies[1][0].read_bytes() == pdf
