import xml.etree.ElementTree as ET

from campaign.booklets.qr import qr_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_qr_code_is_vector_svg_with_an_escaped_title_for_screen_readers():
    markup = str(qr_svg("https://example.org/petitions/a?x=1&y=2", "Sign <here>"))
    svg = ET.fromstring(markup)  # noqa: S314 (our own output, parsed to check it is well-formed)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Sign <here>"
    assert svg.find(f"{SVG}path") is not None
    assert svg.get("width") is None
