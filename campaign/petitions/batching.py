"""Group commit for signing: many signatures, one transaction.

At a peak, each signing request doing its own transaction spends most of its time in round trips
and commits. Here request threads hand their validated signature to one writer thread per
process and wait; the writer takes everything that has gathered while it was busy (no added wait
when traffic is light) and writes it in one transaction: one query for earlier signatures, one
multi-row insert, then the consent records and confirmation emails. Nobody is answered before
their signature is committed, so nothing accepted is lost.

The rules are the same as `signing.sign()`'s, and anything that is not a plain first signature
(a repeat, a household, an email seen twice in one batch, or a batch that fails) goes through
`signing.sign()` itself, one at a time.
"""

import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import insert, select

from campaign.core.campaigns import current_wording
from campaign.core.email_addresses import canonical_email
from campaign.extensions import db
from campaign.models import Campaign, ConsentRecord, OutboxMessage, Signature
from campaign.petitions import signing

log = logging.getLogger(__name__)


@dataclass
class _Item:
    campaign_id: int
    request: signing.SignatureRequest
    done: Future


class SigningBatcher:
    def __init__(self, app: Flask, max_batch: int, timeout: float = 30.0) -> None:
        self.app = app
        self.max_batch = max_batch
        self.timeout = timeout
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="signing-batcher", daemon=True)
        self._thread.start()

    def submit(self, campaign_id: int, request: signing.SignatureRequest) -> signing.Outcome:
        """Sign, and return once the signature is committed."""
        item = _Item(campaign_id, request, Future())
        self._queue.put(item)
        return item.done.result(timeout=self.timeout)

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            results: dict[int, signing.Outcome | Exception] = {}
            try:
                with self.app.app_context():
                    try:
                        _write(batch, results)
                    finally:
                        db.session.remove()
            except Exception as error:  # noqa: BLE001 - every waiting request must hear back
                log.exception("signing batch of %d failed", len(batch))
                for item in batch:
                    results.setdefault(id(item), error)
            # Answer only once the connection is back in the pool.
            for item in batch:
                result = results[id(item)]
                if isinstance(result, Exception):
                    item.done.set_exception(result)
                else:
                    item.done.set_result(result)


def _write(batch: list[_Item], results: dict) -> None:
    by_campaign: dict[int, list[_Item]] = {}
    for item in batch:
        by_campaign.setdefault(item.campaign_id, []).append(item)
    for campaign_id, items in by_campaign.items():
        for item in _sign_fresh(campaign_id, items, results):
            try:
                campaign = db.session.get_one(Campaign, campaign_id)
                results[id(item)] = signing.sign(campaign, item.request)
            except Exception as error:  # noqa: BLE001 - this request alone hears of it
                db.session.rollback()
                results[id(item)] = error


def _sign_fresh(campaign_id: int, items: list[_Item], results: dict) -> list[_Item]:
    """Write first-time signatures in one transaction; return the items that need the full rules."""
    canonicals = [canonical_email(item.request.email) for item in items]
    seen = set(
        db.session.scalars(
            select(Signature.email_canonical).where(
                Signature.campaign_id == campaign_id,
                Signature.email_canonical.in_(set(canonicals)),
            )
        )
    )
    fresh: list[tuple[_Item, str]] = []
    leftovers: list[_Item] = []
    for item, canonical in zip(items, canonicals, strict=True):
        if canonical in seen:
            leftovers.append(item)
        else:
            seen.add(canonical)
            fresh.append((item, canonical))
    if not fresh:
        db.session.rollback()
        return leftovers
    try:
        _insert_fresh(db.session.get_one(Campaign, campaign_id), fresh)
        db.session.commit()
    except Exception:  # noqa: BLE001 - e.g. another process took an email first: do them singly
        log.info("signing batch fell back to one at a time", exc_info=True)
        db.session.rollback()
        return leftovers + [item for item, _ in fresh]
    for item, _ in fresh:
        results[id(item)] = signing.Outcome.NEW
    return leftovers


def _insert_fresh(campaign: Campaign, fresh: list[tuple[_Item, str]]) -> None:
    """Three multi-row inserts (signatures, consents, emails) instead of an ORM flush per row:
    at a peak the per-object bookkeeping costs more than the database does."""
    wording = current_wording(campaign)
    values = [
        signing.signature_values(campaign, item.request, canonical, 0, wording)
        for item, canonical in fresh
    ]
    ids = db.session.scalars(
        insert(Signature).returning(Signature.id, sort_by_parameter_order=True), values
    ).all()
    consents, emails = [], []
    for (item, _), row, signature_id in zip(fresh, values, ids, strict=True):
        signature = Signature(id=signature_id, **row)  # transient: carries the values, not saved
        consents += signing.consent_values(signature, item.request, wording)
        emails.append(signing.email_values(signature, campaign, "confirm"))
    db.session.execute(insert(ConsentRecord), consents)
    db.session.execute(insert(OutboxMessage), emails)


_lock = threading.Lock()


def batcher_for(app: Flask) -> SigningBatcher:
    """This process's batcher, started on first use (so after a server forks its workers)."""
    app = getattr(app, "_get_current_object", lambda: app)()  # the app itself, not the proxy
    batcher = app.extensions.get("signing_batcher")
    if batcher is None:
        with _lock:
            batcher = app.extensions.get("signing_batcher")
            if batcher is None:
                batcher = SigningBatcher(app, max_batch=app.config["SIGNING_BATCH_MAX"])
                app.extensions["signing_batcher"] = batcher
    return batcher
