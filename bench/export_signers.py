"""Streaming a signer export of 1,000,000 signatures: time and peak memory.

Seeds a PostgreSQL database with a campaign and N confirmed signatures (COPY, once; later runs
reuse them), then runs each export in a fresh process through the real view (signed in as an
admin exporting everyone, with a purpose, so every row goes out) and reads the streamed body as a
browser would. The child reports its wall time and its peak resident memory (ru_maxrss), next to
its resident memory just before the export started, so the streaming cost is visible on its own.
Targets: under 15 s and under 150 MB peak. Run: `.venv/bin/python bench/export_signers.py`
(needs PostgreSQL on 127.0.0.1; `--rows N` to change the size).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from _postgres import ensure_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = os.environ.get("BENCH_EXPORT_DATABASE", "best_campaigners_bench")
DATABASE_URL = f"postgresql+psycopg://root@127.0.0.1:5432/{DATABASE}"
SLUG = "bench-export"
ADMIN = "bench-admin@example.org"
PASSWORD = "bench-export-password-1"
TIME_TARGET_S = 15
MEMORY_TARGET_MB = 150


def _app():
    os.environ["DATABASE_URL"] = DATABASE_URL
    from campaign import create_app
    from campaign.config import ProductionConfig

    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    app = create_app(
        ProductionConfig,
        {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "SESSION_COOKIE_SECURE": False},
    )
    return app


def seed(rows: int) -> int:
    """Make sure the bench campaign has `rows` confirmed signatures; returns its id."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from campaign.campaigners.accounts import by_email, create_account
    from campaign.core.campaigns import add_wording, current_wording
    from campaign.core.counts import reconcile
    from campaign.extensions import db
    from campaign.models import Campaign, Signature
    from campaign.places.councils import english_councils

    app = _app()
    with app.app_context():
        upgrade()
        if by_email(ADMIN) is None:
            create_account(ADMIN, PASSWORD, "admin")
        campaign = db.session.scalar(select(Campaign).where(Campaign.slug == SLUG))
        if campaign is None:
            campaign = Campaign(
                slug=SLUG,
                title="Bench petition",
                target="Secretary of State",
                state="open",
                kind="petition",
            )
            db.session.add(campaign)
            db.session.flush()
            add_wording(campaign, "Privacy wording", "Updates wording", "bench")
            db.session.commit()
        have = db.session.scalar(
            select(func.count()).select_from(Signature).where(Signature.campaign_id == campaign.id)
        )
        if have == rows:
            print(f"seed: reusing {rows:,} signatures")
            return campaign.id
        db.session.execute(Signature.__table__.delete().where(Signature.campaign_id == campaign.id))
        db.session.commit()
        wording_id = current_wording(campaign).id
        councils = [(c.code, c.name) for c in english_councils()]
        started = time.perf_counter()
        _copy_signatures(db, campaign.id, wording_id, councils, rows)
        reconcile(db.session, campaign.id)
        db.session.execute(db.text("ANALYZE signatures"))
        db.session.commit()
        print(f"seed: {rows:,} signatures copied in {time.perf_counter() - started:.1f} s")
        return campaign.id


def _copy_signatures(db, campaign_id, wording_id, councils, rows) -> None:
    rng = random.Random(2026)
    base = datetime(2026, 9, 1)
    columns = (
        "campaign_id, name, email, email_canonical, household_slot, postcode, "
        "council_code, council_name, status, email_updates, consent_wording_id, "
        "ip_address, emails_sent, repeat_attempts, created_at, confirmed_at"
    )
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        with cursor.copy(f"COPY signatures ({columns}) FROM STDIN") as copy:
            for n in range(rows):
                code, name = councils[n % len(councils)]
                signed = base + timedelta(seconds=n * 5 + rng.randrange(5))
                # Every thousandth name is a formula, so the escaping is on the measured path.
                person = f'=HYPERLINK("x") {n}' if n % 1000 == 0 else f"Signer Number{n}"
                email = f"signer{n}@example.org"
                copy.write_row(
                    (
                        campaign_id,
                        person,
                        email,
                        email,
                        0,
                        "S1 2HH",
                        code,
                        name,
                        "confirmed",
                        n % 5 != 0,
                        wording_id,
                        f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}",
                        1,
                        0,
                        signed,
                        signed + timedelta(minutes=3),
                    )
                )
        connection.commit()
    finally:
        connection.close()


def child(campaign_id: int, fmt: str) -> None:
    """Runs in its own process: sign in, stream the export, report figures as JSON."""
    app = _app()
    client = app.test_client()
    with app.app_context():
        from campaign.campaigners.accounts import by_email

        # A session made directly: signing in would run argon2, whose memory (by design) would
        # count in this process's peak and hide the export's own.
        account_id = by_email(ADMIN).get_id()
        with client.session_transaction() as session:
            session["_user_id"] = account_id
            session["_fresh"] = True
            session["signed_in_at"] = time.time()
        before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        cpu_before = time.process_time()
        started = time.perf_counter()
        response = client.post(
            f"/campaigners/campaigns/{campaign_id}/exports/signers",
            data={"format": fmt, "everyone": "y", "purpose": "Benchmark of the export path"},
            buffered=False,
        )
        size = 0
        lines = 0
        for chunk in response.response:
            size += len(chunk)
            lines += chunk.count(b"\n")
        response.close()
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_before
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "status": response.status_code,
                "seconds": seconds,
                "cpu": cpu,
                "bytes": size,
                "lines": lines,
                "rss_before_mb": before_kb / 1024,
                "peak_mb": peak_kb / 1024,
            }
        )
    )


def _load() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=2, metavar=("CAMPAIGN_ID", "FORMAT"))
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1])
        return 0
    ensure_database(DATABASE)
    campaign_id = seed(args.rows)
    ok = True
    print(f"machine: {_load()}")
    for fmt, label in (("csv", "CSV"), ("osdi", "OSDI JSON")):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(campaign_id), fmt],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        met = figures["seconds"] < TIME_TARGET_S and figures["peak_mb"] < MEMORY_TARGET_MB
        ok = ok and met and figures["status"] == 200
        print(
            f"{label:>9}: {args.rows:,} signatures, {figures['bytes'] / 1e6:.0f} MB streamed "
            f"in {figures['seconds']:.1f} s ({args.rows / figures['seconds']:,.0f} rows/s, "
            f"{figures['cpu']:.1f} s of CPU in the web process); "
            f"peak RSS {figures['peak_mb']:.0f} MB (process before export "
            f"{figures['rss_before_mb']:.0f} MB) [targets <{TIME_TARGET_S} s, "
            f"<{MEMORY_TARGET_MB} MB: {'met' if met else 'MISSED'}]"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
