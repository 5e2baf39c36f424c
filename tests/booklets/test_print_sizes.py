"""Nothing in the printed booklet is smaller than 9 pt: it is read on paper, often by older eyes."""

import re

from campaign.config import ROOT

CSS = ROOT / "booklet" / "css" / "booklet.css"


def test_no_text_in_the_booklet_stylesheet_is_under_9_points():
    sizes = re.findall(r"font(?:-size)?:[^;]*?(\d+(?:\.\d+)?)(pt|px|mm)", CSS.read_text())
    assert sizes, "the stylesheet sets font sizes"
    for value, unit in sizes:
        points = float(value) * {"pt": 1, "px": 0.75, "mm": 72 / 25.4}[unit]
        assert points >= 9, f"{value}{unit} is under 9 pt"
