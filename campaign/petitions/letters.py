"""Write to your MP: a letter drafted from the campaign and the council's figures, which the
person edits and sends themselves.

The platform never sends a letter on anyone's behalf and has no MP email service: the letter
goes out from the writer's own email (a `mailto:` link carrying the text) or on paper. What it
keeps is a count by constituency, and the text only when the writer asks it to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import Campaign, Constituency, MPLetter
from campaign.models.letters import LETTER_ROUTES
from campaign.places import constituencies, locate, sentences
from campaign.places.facts_build import council_facts

__all__ = ["LETTER_ROUTES", "Draft", "FoundMP", "draft", "find_mp", "first_draft"]

STORY_PROMPT = "[In your own words: what these services mean for you, your family or your area.]"
MAX_LETTER_LENGTH = 6_000
# Mail programs cut off very long mailto: links (some at about 2,000 characters); past this the
# page offers the text to copy as well.
MAILTO_COMFORTABLE = 1_900
MEMBER_CONTACT = "https://members.parliament.uk/member/{id}/contact"


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


def draft(
    *,
    mp: Constituency,
    campaign_title: str,
    campaign_summary: str,
    campaign_target: str,
    council_sentences: Sequence[str],
    writer_name: str = "",
    postcode: str = "",
) -> Draft:
    """A first draft for the writer to edit: their MP, the campaign's case, their council's
    published figures (as worded for the council page), and a space for their own story."""
    greeting = f"Dear {mp.mp_name}," if mp.mp_name else "Dear Member of Parliament,"
    figures = " ".join(council_sentences)
    paragraphs = [
        greeting,
        f"I am writing to you as a constituent in {mp.name} about the campaign "
        f"\u201c{campaign_title.strip()}\u201d.",
        campaign_summary.strip(),
    ]
    paragraphs += [
        figures,
        STORY_PROMPT,
        f"Please raise this with the {campaign_target.strip()} and let me know what you will do.",
        "\n".join(
            line for line in ("Yours sincerely,", writer_name.strip(), postcode.strip()) if line
        ),
    ]
    return Draft(subject=campaign_title.strip(), body="\n\n".join(p for p in paragraphs if p))


@dataclass(frozen=True)
class FoundMP:
    problem: str | None = None  # what to tell the person when there is no MP to write to
    postcode: str | None = None
    mp: Constituency | None = None
    council_code: str | None = None
    nation: str | None = None


def find_mp(typed: str) -> FoundMP:
    """The MP for a postcode as typed, or the reason there is none to write to."""
    location = locate(typed)
    if location.status == "malformed":
        return FoundMP("Enter a real UK postcode, like SW1A 1AA")
    if location.status == "unknown":
        return FoundMP(f"We cannot find {location.postcode} in the ONS Postcode Directory")
    if location.constituency_code is None:
        return FoundMP(f"{location.postcode} is not in a UK parliamentary constituency")
    mp = constituencies.constituency(location.constituency_code)
    if mp is None:
        return FoundMP("We cannot name MPs just now: the list of MPs has not been loaded")
    return FoundMP(None, location.postcode, mp, location.council_code, location.nation)


def first_draft(campaign: Campaign, found: FoundMP) -> Draft:
    """The campaign's case and, in England, the council's figures as the council page words
    them (spending since 2010-11, and the gap at age five)."""
    if found.mp is None:
        raise ValueError("a draft needs the MP that find_mp found")
    figures: list[str] = []
    facts = (
        council_facts(found.council_code)
        if found.nation == "england" and found.council_code
        else None
    )
    if facts is not None:
        name = facts.council.name
        worded = (
            sentences.spending_headline(name, facts.spending.change_since_first_year)
            or sentences.only_spending_figure(name, facts.spending),
            sentences.gap_sentence(name, facts.early_years),
        )
        figures = [sentence for sentence in worded if sentence]
    return draft(
        mp=found.mp,
        campaign_title=campaign.title,
        campaign_summary=campaign.summary or "",
        campaign_target=campaign.target or "Government",
        council_sentences=figures,
        postcode=found.postcode or "",
    )


def mailto(subject: str, body: str) -> str:
    """A mailto: link that opens the writer's own mail program with the letter filled in; the
    writer adds their MP's address (linked from the page) and sends it themselves."""
    return f"mailto:?subject={quote(subject)}&body={quote(body)}"


def contact_page(mp: Constituency) -> str | None:
    return MEMBER_CONTACT.format(id=mp.mp_member_id) if mp.mp_member_id else None


def record(campaign_id: int, constituency_code: str, route: str, kept_text: str | None) -> None:
    """Count one letter written; keep its text only if the writer asked."""
    db.session.add(
        MPLetter(
            campaign_id=campaign_id,
            constituency_code=constituency_code,
            route=route,
            kept_text=kept_text or None,
        )
    )
    db.session.commit()


def counts_by_constituency(campaign_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(MPLetter.constituency_code, func.count())
        .where(MPLetter.campaign_id == campaign_id)
        .group_by(MPLetter.constituency_code)
    )
    return {code: n for code, n in rows}
