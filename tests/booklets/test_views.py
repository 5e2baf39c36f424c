"""The booklet as a person gets it: GET /local/<gss>/booklet.pdf, read back with pypdf.

Rendering takes about a second, so the booklet folder is shared by the tests of this module:
the first test to ask for a booklet renders it, later ones are served it from the cache, which
is itself part of what is being tested (the same booklet is never rendered twice).
"""

import io
import re

import pytest
from pypdf import PdfReader

from campaign.booklets import service as booklets
from campaign.booklets.pool import RenderBusy
from campaign.charts import format_pounds
from campaign.petitions.demo import load_demo
from campaign.places import loaders
from campaign.places.facts_build import council_facts

SHEFFIELD, BARNSLEY = "E08000039", "E08000038"
NAME = "Amira <b>Khan</b> & co"


@pytest.fixture(scope="module")
def booklet_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("booklets")


@pytest.fixture
def loaded(app, booklet_dir):
    app.config.update(BOOKLET_CACHE_DIR=str(booklet_dir), BOOKLET_RENDER_INLINE=True)
    loaders.load_all()
    return app


def _get(client, code, **params):
    response = client.get(f"/local/{code}/booklet.pdf", query_string=params)
    response.get_data()
    response.close()  # send_file streams from an open file: close it as a server would
    return response


def _pdf(response) -> PdfReader:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return PdfReader(io.BytesIO(response.data))


def _text(reader: PdfReader) -> str:
    # Layout puts line breaks where the page width does; compare words, not lines.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_booklet_names_the_council_and_advocate_and_prints_that_councils_own_figures(
    loaded, client
):
    text = _text(_pdf(_get(client, SHEFFIELD, name=NAME)))
    facts = council_facts(SHEFFIELD)
    assert "Defend your local services" in text
    assert "Sheffield" in text
    # Markup in the name is printed as the characters typed, never interpreted.
    assert "Amira <b>Khan</b> & co" in text
    spending = facts.spending.council
    for year in ("2010-11", "2013-14", "2024-25"):
        assert format_pounds(float(spending[year])) in text
    assert "2014-15 no figure published" in text
    early = facts.early_years
    fsm = early.good_level_fsm.council[early.gap_year]
    assert f"{float(fsm):.1f}% of children on free school meals in Sheffield" in text
    assert "one of the 14 trailblazers" in text
    assert f"DfE lists {facts.centres.open_centres} children's centre, " in text


def test_every_figure_has_a_source_listed_at_the_back(loaded, client):
    text = _text(_pdf(_get(client, SHEFFIELD, name=NAME)))
    sources = text[text.index("Every figure in this booklet comes from a published") :]
    for expected in (
        "DfE Section 251 outturn",
        "Local Authority Interactive Tool",
        "Get Information About Schools",
        "Family Hubs and Start for Life programme",
        "Written question HL14383",
        "Sutton Trust",
        "Childcare Act 2006, section 5D",
    ):
        assert expected in sources
    assert "[1]" in text


def test_a_second_request_for_the_same_booklet_is_served_from_the_cache(loaded, client):
    first = _get(client, SHEFFIELD, name="Cached Person")
    second = _get(client, SHEFFIELD, name="Cached Person")
    assert second.headers["X-Booklet-Cache"] == "hit"
    assert first.data == second.data
    assert "private" in second.headers["Cache-Control"]


def test_each_council_gets_its_own_figures_not_another_councils(loaded, client):
    text = _text(_pdf(_get(client, BARNSLEY)))
    barnsley = council_facts(BARNSLEY).spending.council
    sheffield = council_facts(SHEFFIELD).spending.council
    assert "Barnsley" in text
    assert format_pounds(float(barnsley["2024-25"])) in text
    assert format_pounds(float(sheffield["2010-11"])) not in text
    assert "Prepared by" not in text


def test_the_pdf_is_tagged_with_title_language_and_pdf_ua_identification(loaded, client):
    reader = _pdf(_get(client, SHEFFIELD, name=NAME))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == "Defend your local services: Sheffield"
    assert reader.metadata.author == NAME
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert 'pdfuaid:part="1"' in reader.xmp_metadata.rdf_root.toxml()
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(name.startswith("Lato") for name in fonts)


def test_the_petition_page_gives_its_address_a_qr_code_and_the_local_count(loaded, client):
    load_demo()
    text = _text(_pdf(_get(client, SHEFFIELD, name=NAME)))
    assert "Be the first in Sheffield to sign." in text
    assert "http://localhost/petitions/" in text


@pytest.mark.parametrize("length", [81, 10_000])
def test_an_overlong_name_gets_a_clear_400_page(loaded, client, length):
    response = _get(client, SHEFFIELD, name="x" * length)
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f"{length:,} characters long" in page
    assert "at most 80 characters" in page
    assert f'href="/local/{SHEFFIELD}#booklet"' in page


@pytest.mark.parametrize("code", ["E99999999", "not-a-code", "<script>"])
def test_an_unknown_council_gets_a_404_page_saying_so(loaded, client, code):
    response = _get(client, code)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Booklets cover councils in England" in page
    assert "<script>" not in page


@pytest.mark.parametrize("code", ["W06000015", "S12000036", "N09000003"])
def test_a_devolved_council_gets_a_404_page_explaining_devolution(loaded, client, code):
    response = _get(client, code)
    assert response.status_code == 404
    assert "are a devolved matter" in response.get_data(as_text=True)


def test_an_unknown_petition_gets_a_404_page(loaded, client):
    response = _get(client, SHEFFIELD, petition="no-such-petition")
    assert response.status_code == 404
    assert "could not find that petition" in response.get_data(as_text=True)


def test_a_postcode_that_cannot_be_found_is_refused_with_a_clear_message(loaded, client):
    response = _get(client, SHEFFIELD, postcode="NOT A POSTCODE")
    assert response.status_code == 400
    assert "could not find that postcode" in response.get_data(as_text=True)


def test_when_every_render_worker_is_busy_the_visitor_is_told_to_retry(loaded, client, monkeypatch):
    def busy(*args, **kwargs):
        raise RenderBusy

    monkeypatch.setattr(booklets.service().pool, "render", busy)
    response = _get(client, SHEFFIELD, name="Someone New")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "try again in a few seconds" in response.get_data(as_text=True)


def test_the_request_form_include_points_at_the_booklet_for_the_council(loaded):
    from flask import render_template_string

    council = {"code": SHEFFIELD, "name": "Sheffield"}
    with loaded.test_request_context():
        html = render_template_string(
            '{% include "booklets/_request_form.html" %}', council=council
        )
    assert f'action="/local/{SHEFFIELD}/booklet.pdf"' in html
    assert 'maxlength="80"' in html
    assert '<label for="booklet-name">' in html


def test_the_request_form_carries_the_postcode_the_person_looked_up(loaded):
    from flask import render_template_string

    council = {"code": SHEFFIELD, "name": "Sheffield"}
    with loaded.test_request_context():
        html = render_template_string(
            '{% include "booklets/_request_form.html" %}', council=council, postcode="S1 2HH"
        )
    # Both ways to the booklet (download, and "email me a link") carry it, once each.
    forms = html.split("</form>")[:-1]
    assert len(forms) == 2
    for form in forms:
        assert form.count('<input type="hidden" name="postcode" value="S1 2HH">') == 1
    assert "nearest to S1 2HH" in html


def test_a_postcode_lists_the_nearest_centres_with_distances(loaded, client):
    text = _text(_pdf(_get(client, SHEFFIELD, postcode="S1 2HH")))
    assert "The nearest children's centres and family hubs" in text
    assert " km" in text


def test_a_name_in_arabic_prints_in_the_bundled_fallback_font(loaded, client):
    reader = _pdf(_get(client, SHEFFIELD, name="محمد علي"))
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert any(name.startswith("DejaVu") for name in fonts)


def test_a_name_the_fonts_cannot_print_gets_a_400_page_not_empty_boxes(loaded, client):
    response = _get(client, SHEFFIELD, name="李小龍")
    assert response.status_code == 400
    assert "We cannot print 李 小 龍 in your name" in response.get_data(as_text=True)


def test_a_council_created_in_2023_says_who_ran_services_before_rather_than_showing_gaps(
    loaded, client
):
    text = _text(_pdf(_get(client, "E06000063")))  # Cumberland, from Cumbria in April 2023
    assert (
        "Cumberland was created on 1 April 2023, when Cumbria County Council was abolished" in text
    )
    assert "2010-11 to 2022-23 not yet a council" in text


class _RecordingExecutor:
    """Stands in for the worker processes, keeping what was sent to them."""

    def __init__(self):
        self.jobs = []

    def submit(self, function, job, destination):
        from concurrent.futures import Future

        self.jobs.append(job)
        return Future()  # still rendering


def test_reading_a_council_page_starts_its_booklet_once_when_the_pool_is_idle(loaded):
    loaded.config["BOOKLET_RENDER_INLINE"] = False
    service = booklets.service()
    executor = service.pool._executor = _RecordingExecutor()
    assert service.prepare(SHEFFIELD) is True
    assert "Sheffield" in executor.jobs[0].html
    assert "Prepared by" not in executor.jobs[0].html
    # Busy now: a second head start would queue ahead of booklets people asked for.
    assert service.prepare(BARNSLEY) is False
    assert service.prepare("W06000015") is False
    assert len(executor.jobs) == 1


def test_closed_centres_are_counted_only_once_the_register_is_imported(loaded, client):
    from pathlib import Path

    from campaign.places.gias import import_centres

    before = _text(_pdf(_get(client, SHEFFIELD, name="Register Reader")))
    assert "No count of the children's centres that have closed in Sheffield is published" in before
    assert "imported" not in before
    import_centres(Path(__file__).parents[1] / "places" / "fixtures" / "gias_childrens_centres.csv")
    after = _get(client, SHEFFIELD, name="Register Reader")
    # A new data version: a new booklet, not the stale one from the cache.
    assert after.headers["X-Booklet-Cache"] == "miss"
    facts = council_facts(SHEFFIELD)
    closed, still_open = facts.centres.register_closed, facts.centres.register_open
    assert f"records {closed} centres in Sheffield as closed and {still_open} centres as open" in (
        _text(_pdf(after))
    )


def test_one_address_asking_for_dozens_of_booklets_a_minute_is_slowed_down(app, _database):
    from campaign import create_app
    from campaign.config import TestConfig
    from campaign.extensions import db

    limited = create_app(
        TestConfig, {"SQLALCHEMY_DATABASE_URI": _database, "RATELIMIT_ENABLED": True}
    )
    with limited.app_context():
        client = limited.test_client()
        # Unknown councils: each request is cheap, so this measures only the limit.
        statuses = [_get(client, "E99999999").status_code for _ in range(21)]
        db.session.remove()
        db.engine.dispose()
    assert statuses[:20] == [404] * 20
    assert statuses[20] == 429


def test_the_booklet_speaks_to_the_public_and_dates_national_counts_in_words(loaded, client):
    text = _text(_pdf(_get(client, SHEFFIELD, name="Sam Reader")))
    for team_words in ("imported", "import-centres", "flask ", "inferred"):
        assert team_words not in text, team_words
    assert "August 2009" in text and "2009-08" not in text
    # A sentence after a source number keeps its space: "March 2019[9]. The Sutton Trust".
    assert re.search(r"March 2019\[\d+\]\. The Sutton Trust", text)
    assert "DfE lists 1 children's centre, 28 linked sites and" in text
    assert "Today 36" not in text


def test_the_booklet_names_the_councils_mps_and_writes_to_the_postcodes_own_mp(loaded, client):
    text = _text(_pdf(_get(client, "E06000064", postcode="LA9 4DL", name="Ada")))
    assert "Your MPs" in text
    assert "Westmorland and Lonsdale Tim Farron (LD)" in text
    assert "Your postcode is in Westmorland and Lonsdale, whose MP is Tim Farron." in text
    assert "MPs for Westmorland and Furness, as of 3 April 2026" in text
    # Two letters: the council's lead member, and the MP by name.
    assert "To: the Lead Member for Children's Services Westmorland and Furness Council" in text
    assert "To: Tim Farron MP House of Commons, London SW1A 0AA" in text
    assert "Dear Tim Farron," in text
    assert text.count("In my own words") == 2


def test_without_a_postcode_the_mp_letter_leaves_the_name_to_fill_in(loaded, client):
    text = _text(_pdf(_get(client, SHEFFIELD, name="Ada")))
    assert "A letter to your MP" in text
    assert "Dear Tim Farron" not in text
    assert "Find your MP by postcode at members.parliament.uk" in text
    assert "Sheffield Central Abtisam Mohamed (Lab)" in text
