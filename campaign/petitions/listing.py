"""Finding campaigns: `/petitions` and `/petitions.json` list open and closed campaigns (the
closed ones are the archive), searched by words, target and topic, a page at a time."""

import math
from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select

from campaign.extensions import db
from campaign.models import Campaign

STATES = ("all", "open", "closed")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_WORDS = 200


@dataclass(frozen=True)
class Query:
    words: str = ""
    state: str = "all"
    target: str = ""
    topic: str = ""
    page: int = 1
    per_page: int = PAGE_SIZE


@dataclass
class Parsed:
    query: Query
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field name, message)


def parse(args) -> Parsed:
    """Read the query from request arguments; each bad value gets a message naming the fix."""
    problems = []
    words = " ".join(str(args.get("q", "")).split())
    if len(words) > MAX_WORDS:
        problems.append(("q", f"Search for {MAX_WORDS} characters or fewer"))
        words = words[:MAX_WORDS]
    state = args.get("state", "all") or "all"
    if state not in STATES:
        problems.append(("state", "Choose open, closed or all petitions"))
        state = "all"
    page = _whole_number(args.get("page", "1"), 1, 100_000)
    if page is None:
        problems.append(("page", "The page must be a whole number from 1"))
        page = 1
    per_page = _whole_number(args.get("per_page", str(PAGE_SIZE)), 1, MAX_PAGE_SIZE)
    if per_page is None:
        problems.append(("per_page", f"per_page must be a whole number from 1 to {MAX_PAGE_SIZE}"))
        per_page = PAGE_SIZE
    query = Query(
        words=words,
        state=state,
        target=str(args.get("target", "")).strip()[:200],
        topic=str(args.get("topic", "")).strip()[:80],
        page=page,
        per_page=per_page,
    )
    return Parsed(query, problems)


def _whole_number(value, low: int, high: int) -> int | None:
    text = str(value).strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if low <= number <= high else None


@dataclass(frozen=True)
class Page:
    campaigns: list[Campaign]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def search(query: Query) -> Page:
    statement = _filtered(query)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = db.session.scalars(
        statement.order_by(Campaign.created_at.desc(), Campaign.id.desc())
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    )
    return Page(list(rows), total, query.page, query.per_page)


def _filtered(query: Query) -> Select:
    # Drafts are never public; everything else is, open or closed.
    statement = select(Campaign).where(Campaign.state != "draft")
    if query.state != "all":
        statement = statement.where(Campaign.state == query.state)
    if query.target:
        statement = statement.where(Campaign.target == query.target)
    if query.topic:
        statement = statement.where(Campaign.topic == query.topic)
    for word in query.words.split():
        pattern = f"%{_escaped(word.lower())}%"
        statement = statement.where(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (Campaign.title, Campaign.summary, Campaign.target)
                )
            )
        )
    return statement


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def choices() -> tuple[list[str], list[str]]:
    """The targets and topics of public campaigns, for the filters."""
    public = Campaign.state != "draft"
    targets = db.session.scalars(
        select(Campaign.target).where(public, Campaign.target != "").distinct()
    )
    topics = db.session.scalars(
        select(Campaign.topic).where(public, Campaign.topic != "").distinct()
    )
    return sorted(targets), sorted(topics)
