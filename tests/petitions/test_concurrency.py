"""Concurrent double submits: the database, not luck, keeps one person to one signature."""

import threading

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import Signature
from tests.conftest import POSTGRES
from tests.factories import make_campaign
from tests.petitions.helpers import form_data

SUBMITS = 24


def submit_together(app, payloads: list[dict]) -> list[int]:
    barrier = threading.Barrier(len(payloads))
    statuses: list[int] = []

    def submit(payload: dict) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post("/petitions/save-our-centres/signatures", data=payload)
        statuses.append(response.status_code)

    threads = [threading.Thread(target=submit, args=(p,)) for p in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.skipif(not POSTGRES, reason="concurrent writers need PostgreSQL")
def test_two_dozen_simultaneous_identical_submits_give_one_signature(app):
    make_campaign()
    statuses = submit_together(app, [form_data()] * SUBMITS)
    assert statuses == [303] * SUBMITS
    assert db.session.scalar(select(func.count()).select_from(Signature)) == 1


@pytest.mark.skipif(not POSTGRES, reason="concurrent writers need PostgreSQL")
def test_simultaneous_household_submits_never_exceed_two_signatures(app):
    make_campaign()
    payloads = [form_data(name=f"Person {i}") for i in range(SUBMITS)]
    statuses = submit_together(app, payloads)
    assert statuses == [303] * SUBMITS
    slots = db.session.scalars(select(Signature.household_slot).order_by(Signature.household_slot))
    assert list(slots) == [0, 1]


def test_simultaneous_identical_submits_on_sqlite_also_give_one_signature(app):
    make_campaign()
    statuses = submit_together(app, [form_data()] * 8)
    assert statuses == [303] * 8
    assert db.session.scalar(select(func.count()).select_from(Signature)) == 1
