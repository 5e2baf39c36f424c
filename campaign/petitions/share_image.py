"""The picture a shared petition link shows (Open Graph / Twitter card): its title and live count.

Drawn with Pillow on the server, 1200 x 630 as the platforms ask, and kept in the app's bounded
cache keyed by what is drawn (title, count, goal), so a link shared ten thousand times is drawn
once per count, not once per preview."""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from campaign.config import ROOT
from campaign.core import plurals
from campaign.core.cache import Cache

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BRAND = (29, 79, 145)
GREEN = (0, 112, 60)
WHITE = (255, 255, 255)
PALE = (214, 226, 242)
FONTS = ROOT / "booklet" / "fonts"

_drawn: Cache[bytes] = Cache(maxsize=256)


@lru_cache(maxsize=8)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _title_lines(draw, title: str) -> tuple[list[str], ImageFont.FreeTypeFont]:
    """The largest size at which the title fits in four lines (ellipsis past that)."""
    for size in (64, 56, 50, 44):
        font = _font("Lato-Bold.ttf", size)
        lines = _wrap(draw, title, font, WIDTH - 2 * MARGIN)
        if len(lines) <= 4:
            return lines, font
    return lines[:3] + [lines[3] + " …"], font


def draw(title: str, total: int, goal: int | None, site_name: str) -> bytes:
    return _drawn.get_or_set(
        (title, total, goal, site_name), lambda: _draw(title, total, goal, site_name)
    )


def _draw(title: str, total: int, goal: int | None, site_name: str) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BRAND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=GREEN)
    pen.text((MARGIN, 56), site_name, font=_font("Lato-Bold.ttf", 34), fill=PALE)
    lines, font = _title_lines(pen, title)
    y = 120
    for line in lines:
        pen.text((MARGIN, y), line, font=font, fill=WHITE)
        y += int(font.size * 1.2)
    count_font = _font("Lato-Black.ttf", 76)
    words_font = _font("Lato-Regular.ttf", 38)
    figure = plurals.number(total)
    baseline_y = HEIGHT - 150
    pen.text((MARGIN, baseline_y), figure, font=count_font, fill=WHITE, anchor="ls")
    after = f" {plurals.people_have(total)} signed"
    if goal:
        after += f" · goal {plurals.number(goal)}"
    x = MARGIN + pen.textlength(figure, font=count_font)
    pen.text((x, baseline_y), after, font=words_font, fill=WHITE, anchor="ls")
    if goal:
        bar_top, bar_width = baseline_y + 30, WIDTH - 2 * MARGIN
        pen.rectangle((MARGIN, bar_top, MARGIN + bar_width, bar_top + 18), fill=PALE)
        done = int(bar_width * min(1.0, total / goal))
        if done:
            pen.rectangle((MARGIN, bar_top, MARGIN + done, bar_top + 18), fill=GREEN)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
