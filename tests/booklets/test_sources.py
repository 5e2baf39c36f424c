import pytest

from campaign.booklets.sources import SourceList


def test_sources_are_numbered_in_the_order_they_are_first_cited():
    sources = SourceList({"spending": ("DfE S251", None), "centres": ("DfE GIAS", None)})
    assert sources.number("centres") == 1
    assert sources.number("spending") == 2
    assert sources.number("centres") == 1
    assert [(s.number, s.text) for s in sources] == [(1, "DfE GIAS"), (2, "DfE S251")]


def test_the_law_is_always_available_to_cite_with_its_address():
    sources = SourceList({})
    sources.number("act_5d")
    (only,) = list(sources)
    assert "section 5D" in only.text
    assert only.url == "https://www.legislation.gov.uk/ukpga/2006/21/section/5D"


def test_citing_an_unknown_source_fails_loudly():
    with pytest.raises(KeyError):
        SourceList({}).number("made-up")
