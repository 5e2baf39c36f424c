"""Does the answer's timing tell a new signature from a repeat? The page is the same either way
(a redirect to thank-you); this measures how long each takes, through the real signing view and
the group-commit writer, alternating new and repeat so drift hits both alike, and prints the two
medians side by side. Run: `.venv/bin/python bench/signing_timing.py` (SQLite in a temporary
folder; set DATABASE_URL to use PostgreSQL; BENCH_ROUNDS sets the number of each, default 300).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from campaign import create_app  # noqa: E402
from campaign.config import TestConfig  # noqa: E402
from campaign.core.campaigns import add_wording  # noqa: E402
from campaign.extensions import db  # noqa: E402
from campaign.models import Campaign  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "300"))
SLUG = "timing"


def _app():
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/timing.db"
    return create_app(
        TestConfig,
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "MAIL_FILE_DIR": tempfile.mkdtemp(),
        },
    )


def _form(email: str) -> dict:
    return {"name": "Timing Person", "email": email, "postcode": "S1 2HH", "privacy": "y"}


def main() -> None:
    app = _app()
    with app.app_context():
        upgrade()
        campaign = Campaign(slug=SLUG, title="Timing", state="open")
        db.session.add(campaign)
        db.session.flush()
        add_wording(campaign, "Count my signature.", "Email me updates.", created_by="bench")
        db.session.commit()
        client = app.test_client()
        path = f"/petitions/{SLUG}/signatures"
        client.post(path, data=_form("repeat@example.org"))  # the one who signs again
        for n in range(20):  # warm up both paths
            client.post(path, data=_form(f"warm{n}@example.org"))
            client.post(path, data=_form("repeat@example.org"))
        new, repeat = [], []
        for n in range(ROUNDS):
            for email, times in ((f"new{n}@example.org", new), ("repeat@example.org", repeat)):
                started = time.perf_counter()
                response = client.post(path, data=_form(email))
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 303, response.status_code
    new_ms, repeat_ms = statistics.median(new), statistics.median(repeat)
    print(f"signing, {ROUNDS} of each, {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
    print(f"  median new signature {new_ms:6.2f} ms   median repeat {repeat_ms:6.2f} ms")
    print(f"  difference {new_ms - repeat_ms:+.2f} ms ({(new_ms / repeat_ms - 1) * 100:+.0f}%)")


if __name__ == "__main__":
    main()
