"""The demo's briefing series, "Best Start briefings", written for the public and laid out with
the booklet machinery (WeasyPrint, booklet/ styles). Every figure is from the bundled open data
(data/), with its source named; nothing is estimated."""

from dataclasses import dataclass
from datetime import date

import click
from flask.cli import AppGroup
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from campaign.booklets.render import TEMPLATE_DIR, html_to_pdf
from campaign.core.campaigns import by_slug
from campaign.resources import library

SERIES = "Best Start briefings"
PUBLISHER = "Best Start (demo)"
TOPIC = "Children's centres"
SEED_CAMPAIGN = "best-start-in-life"


@dataclass(frozen=True)
class Briefing:
    title: str
    summary: str
    sections: list[tuple[str, list[str]]]
    sources: list[str]
    series: str = SERIES
    publisher: str = PUBLISHER
    date: str = ""


SURE_START_SOURCES = [
    "Sutton Trust, 'Stop Start: Survival, decline or closure? Children's centres in England' "
    "(2018): 3,632 registered children's centres in August 2009 and 3,123 in October 2017.",
    "Written question HL14383, answered 12 March 2019: 585 children's centres closed since "
    "April 2010, based on Get Information About Schools data supplied by local authorities.",
    "DfE Get Information About Schools and DfE's list of family hub sites, as bundled with Best "
    "Start: 1,725 children's centres, 646 linked sites and 673 family hubs open, in 152 councils.",
]

BRIEFINGS = [
    Briefing(
        title="What children's centres do",
        summary=(
            "Children's centres bring the help families need in the first years of a child's "
            "life into one place, close to home."
        ),
        sections=[
            (
                "One place to go",
                [
                    "A children's centre is where a family with a baby or a young child can meet "
                    "a health visitor or a midwife, join a stay-and-play session, get support "
                    "with feeding, parenting, money or housing, and meet other parents.",
                    "Because these services share a building, one visit can lead to another: a "
                    "parent who comes to weigh the baby can hear about a speech and language "
                    "group, or get help early with a worry that would otherwise grow.",
                ],
            ),
            (
                "How many there are",
                [
                    "In August 2009 there were 3,632 registered children's centres in England; "
                    "by October 2017 there were 3,123 (Sutton Trust). In March 2019 the "
                    "Government said 585 centres had closed since April 2010.",
                    "The public registers bundled with Best Start list 1,725 children's centres, "
                    "646 linked sites and 673 family hubs open today, across 152 councils. "
                    "Different sources count centres differently, so these figures should not "
                    "be added together.",
                ],
            ),
            (
                "What you can do",
                [
                    "Look up your council on Best Start to see its centres, its spending and "
                    "the nearest places to you, and take the booklet to your councillor.",
                ],
            ),
        ],
        sources=SURE_START_SOURCES,
    ),
    Briefing(
        title="Data sharing from birth to school",
        summary=(
            "Services can only offer help to families they know about. Sharing the right "
            "information, safely, from a child's birth to their first day at school makes "
            "that possible."
        ),
        sections=[
            (
                "Why it matters",
                [
                    "Families with a new baby meet midwives and health visitors. Whether they "
                    "hear about the children's centre down the road depends on whether the "
                    "centre knows the baby has been born.",
                    "When health services and children's centres agree how to share a family's "
                    "contact details, with the family's knowledge, centres can invite every "
                    "family, not only those who find their own way through the door.",
                ],
            ),
            (
                "What the early years figures show",
                [
                    "At the end of reception in 2025, 68.3% of children in England reached a "
                    "good level of development. Among children eligible for free school meals "
                    "it was 51.3%, against 72.5% of other children (DfE, early years foundation "
                    "stage profile).",
                    "The gap opens before school. Reaching families early, from birth, is how "
                    "centres help close it.",
                ],
            ),
            (
                "What to ask your council",
                [
                    "Does every family with a new baby hear about its local centre or family "
                    "hub? How do health visitors and centres share information, and how are "
                    "families told about it?",
                ],
            ),
        ],
        sources=[
            "DfE Local Authority Interactive Tool, indicators FSP_NEW_GOODDEV, FSP_Gooddev_FSM "
            "and FSP_Gooddev_FSM_Other (early years foundation stage profile), 2025, England; "
            "snapshot of 8 April 2026 bundled with Best Start. Figures from 2022 are not "
            "comparable with earlier years because the profile was reformed in 2021-22.",
        ],
    ),
    Briefing(
        title="Evolving models of children's centres",
        summary=(
            "From Sure Start children's centres to family hubs: how the places families go to "
            "have changed, and what to look for where you live."
        ),
        sections=[
            (
                "From centres to hubs",
                [
                    "Sure Start children's centres were built for families with young "
                    "children. Many areas now run family hubs instead or as well, often in the "
                    "same buildings, bringing services for families together.",
                    "The Family Hubs and Start for Life programme funds 75 councils, 14 of them "
                    "trailblazers. Councils outside it decide for themselves how to run their "
                    "centres.",
                ],
            ),
            (
                "Hubs, linked sites and outreach",
                [
                    "A hub may be a main building with linked sites and sessions in libraries, "
                    "schools or health centres. The public registers bundled with Best Start "
                    "list 673 family hubs and 646 children's centre linked sites open in "
                    "England.",
                    "What matters to a family is whether help is within reach: a building they "
                    "can get to with a pram, at times they can make, with the services they "
                    "need.",
                ],
            ),
            (
                "What to ask your council",
                [
                    "Which centres and hubs are open near you, which services each one offers, "
                    "and what has changed in the last year? Best Start's council pages show the "
                    "open places and let you report a closure.",
                ],
            ),
        ],
        sources=[
            "GOV.UK announcements of 1 April 2022, 9 February 2023 and the October 2023 update: "
            "the 75 councils of the Family Hubs and Start for Life programme and its 14 "
            "trailblazers, as bundled with Best Start.",
            SURE_START_SOURCES[2],
        ],
    ),
]


def briefing_pdf(briefing: Briefing, on: date) -> bytes:
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
    )
    page = environment.get_template("briefing.html")
    dated = Briefing(**{**briefing.__dict__, "date": f"{on.day} {on:%B %Y}"})
    return html_to_pdf(page.render(b=dated))


def load_briefings(on: date) -> list[str]:
    """Add the demo briefing series to the library, tagged to the seed campaign, once."""
    have = {r.title for r in library.find(publisher=PUBLISHER)}
    campaign = by_slug(SEED_CAMPAIGN)
    added = []
    for briefing in BRIEFINGS:
        if briefing.title in have:
            continue
        library.save(
            library.ResourceValues(
                title=briefing.title,
                summary=briefing.summary,
                publisher=PUBLISHER,
                published_on=on,
                topic=TOPIC,
                pdf=briefing_pdf(briefing, on),
                campaign_ids=[campaign.id] if campaign else [],
            ),
            by="demo loader",
        )
        added.append(briefing.title)
    return added


resources_cli = AppGroup("resources", help="Briefings and reports.")


@resources_cli.command("load-demo")
def load_demo_command() -> None:
    """Write the demo briefing series as PDFs and add it to the library (idempotent)."""
    from campaign.timeutil import utcnow

    added = load_briefings(utcnow().date())
    click.echo(f"Added {len(added)} briefings." if added else "Demo briefings already present.")
