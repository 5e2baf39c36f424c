"""The figures on a petition's dashboard: counts, confirmation, time, place, and signs of abuse."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from sqlalchemy import func, select

from campaign.campaigners.exports import council_rows, daily_rows
from campaign.campaigners.regions import region_totals
from campaign.core.counts import campaign_counts
from campaign.extensions import db
from campaign.models import Campaign, Signature

# An IP is worth a look when it sent this many signatures in any ten minutes: a family or an
# office sharing one connection rarely does, a script does.
BURST_WINDOW = timedelta(minutes=10)
BURST_THRESHOLD = 10
SUSPECT_IP_LIMIT = 20
# Abuse already dealt with (invalidated) or undone by its signer (withdrawn) is not a suspect.
LIVE_STATES = ("pending", "confirmed")
# The dashboard looks for abuse in recent days: that is where it can still be stopped, and
# scanning every signature of a million-strong campaign takes seconds. The whole campaign is a
# click away.
RECENT_ABUSE = timedelta(days=7)


@dataclass(frozen=True)
class Summary:
    confirmed: int
    pending: int
    withdrawn: int
    invalidated: int
    duplicates_prevented: int

    @property
    def confirmation_rate(self) -> float | None:
        signed = self.confirmed + self.pending
        return self.confirmed / signed if signed else None


def summary(campaign: Campaign) -> Summary:
    # One pass over the campaign's signatures for the states and the repeat attempts.
    rows = db.session.execute(
        select(Signature.status, func.count(), func.sum(Signature.repeat_attempts))
        .where(Signature.campaign_id == campaign.id)
        .group_by(Signature.status)
    ).all()
    by_status = {status: count for status, count, _ in rows}
    return Summary(
        # The public counters, so the dashboard agrees with the petition page to the signature.
        confirmed=campaign_counts(campaign.id).total,
        pending=by_status.get("pending", 0),
        withdrawn=by_status.get("withdrawn", 0),
        invalidated=by_status.get("invalidated", 0),
        duplicates_prevented=sum(int(repeats or 0) for _, _, repeats in rows),
    )


def signed_per_day(campaign: Campaign) -> list[dict]:
    """Per day (UTC): signatures made that day, and confirmations that still count."""
    day = func.date(Signature.created_at)
    signed = {
        _day(d): n
        for d, n in db.session.execute(
            select(day, func.count()).where(Signature.campaign_id == campaign.id).group_by(day)
        ).all()
    }
    confirmed = {row["date"]: row["confirmed"] for row in daily_rows(campaign)}
    return [
        {"date": d, "signed": signed.get(d, 0), "confirmed": confirmed.get(d, 0)}
        for d in sorted(set(signed) | set(confirmed))
    ]


def _day(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def places(campaign: Campaign) -> tuple[list[dict], list[dict]]:
    """(councils, regions): confirmed counts by council and by region or nation."""
    councils = council_rows(campaign)
    return councils, region_totals(councils)


@dataclass(frozen=True)
class Burst:
    ip_address: str
    total: int
    most_in_window: int
    window_start: datetime
    first: datetime
    last: datetime


def densest_window(times: list[datetime], window: timedelta = BURST_WINDOW) -> tuple[int, datetime]:
    """The most timestamps falling in any stretch of `window`, and where that stretch starts."""
    best, best_start, left = 0, times[0], 0
    for right, moment in enumerate(times):
        while moment - times[left] >= window:
            left += 1
        if right - left + 1 > best:
            best, best_start = right - left + 1, times[left]
    return best, best_start


def _live(campaign: Campaign, since: datetime | None) -> list:
    conditions = [Signature.campaign_id == campaign.id, Signature.status.in_(LIVE_STATES)]
    if since is not None:
        conditions.append(Signature.created_at >= since)
    return conditions


def bursts(campaign: Campaign, since: datetime | None = None) -> list[Burst]:
    """IP addresses that sent a burst of signatures (since a time, or ever), busiest first."""
    live = _live(campaign, since)
    busy = db.session.execute(
        select(Signature.ip_address, func.count())
        .where(*live, Signature.ip_address.is_not(None))
        .group_by(Signature.ip_address)
        .having(func.count() >= BURST_THRESHOLD)
        .order_by(func.count().desc())
        .limit(SUSPECT_IP_LIMIT * 5)
    ).all()
    found = []
    for ip, total in busy:
        times = list(
            db.session.scalars(
                select(Signature.created_at)
                .where(*live, Signature.ip_address == ip)
                .order_by(Signature.created_at)
            )
        )
        most, start = densest_window(times)
        if most >= BURST_THRESHOLD:
            found.append(Burst(str(ip), total, most, start, times[0], times[-1]))
    found.sort(key=lambda b: (-b.most_in_window, -b.total))
    return found[:SUSPECT_IP_LIMIT]


def _domain_expression():
    email = func.lower(Signature.email)
    if db.session.get_bind().dialect.name == "postgresql":
        return func.split_part(email, "@", 2)
    return func.substr(email, func.instr(email, "@") + 1)


def disposable_domains(campaign: Campaign, since: datetime | None = None) -> list[dict]:
    """Disposable-address domains among live signatures, with how many used each."""
    domain = _domain_expression()
    rows = db.session.execute(
        select(domain, func.count()).where(*_live(campaign, since)).group_by(domain)
    ).all()
    found = [{"domain": d, "count": n} for d, n in rows if d in DISPOSABLE_DOMAINS]
    return sorted(found, key=lambda row: (-row["count"], row["domain"]))
