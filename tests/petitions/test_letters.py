"""Letters to MPs: drafted for the writer to edit, sent by them, counted by constituency."""

from urllib.parse import unquote

from campaign.models import Constituency, MPLetter
from campaign.petitions import letters
from tests.factories import make_campaign

FARRON = Constituency(
    code="E14001580",
    name="Westmorland and Lonsdale",
    mp_name="Tim Farron",
    mp_party="LD",
    mp_member_id=1591,
)


def _draft(**overrides):
    values = {
        "mp": FARRON,
        "campaign_title": "Save our children's centres",
        "campaign_summary": "Fund children's centres.",
        "campaign_target": "Secretary of State for Education",
        "council_sentences": ["Westmorland and Furness spent £1 on children's centres in 2024-25."],
        "writer_name": "Ada Lovelace",
        "postcode": "LA9 4DL",
    }
    values.update(overrides)
    return letters.draft(**values)


def test_the_draft_names_the_mp_the_constituency_the_case_the_figures_and_the_writer():
    letter = _draft()
    assert letter.subject == "Save our children's centres"
    assert letter.body.startswith("Dear Tim Farron,\n\nI am writing to you as a constituent in ")
    assert (
        "Westmorland and Lonsdale about the campaign \u201cSave our children's centres\u201d."
        in (letter.body)
    )
    assert "Fund children's centres." in letter.body
    assert "spent £1 on children's centres in 2024-25." in letter.body
    assert letters.STORY_PROMPT in letter.body
    assert "Please raise this with the Secretary of State for Education" in letter.body
    assert letter.body.endswith("Yours sincerely,\nAda Lovelace\nLA9 4DL")


def test_a_vacant_seat_and_a_council_without_figures_still_give_a_letter():
    vacant = Constituency(code="E14001580", name="Westmorland and Lonsdale", mp_name=None)
    letter = _draft(mp=vacant, council_sentences=[], writer_name="", postcode="")
    assert letter.body.startswith("Dear Member of Parliament,")
    assert letter.body.endswith("Yours sincerely,")


def test_the_mailto_link_carries_the_subject_and_the_whole_text_and_no_address():
    letter = _draft()
    link = letters.mailto(letter.subject, letter.body)
    assert link.startswith("mailto:?subject=")
    assert unquote(link.split("&body=", 1)[1]) == letter.body
    assert letters.contact_page(FARRON) == "https://members.parliament.uk/member/1591/contact"


def test_letters_are_counted_by_constituency_and_their_text_kept_only_when_asked(app):
    from sqlalchemy import select

    from campaign.extensions import db

    campaign = make_campaign()
    letters.record(campaign.id, "E14001580", "email", None)
    letters.record(campaign.id, "E14001580", "print", "Dear Tim Farron, ...")
    letters.record(campaign.id, "E14001467", "email", "")
    assert letters.counts_by_constituency(campaign.id) == {"E14001580": 2, "E14001467": 1}
    kept = list(db.session.scalars(select(MPLetter.kept_text).order_by(MPLetter.id)))
    assert kept == [None, "Dear Tim Farron, ...", None]
