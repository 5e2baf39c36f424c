"""A journey through the site: each step is checked with axe-core and saved as a screenshot."""

from __future__ import annotations

import email
import email.policy
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the platform promises.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


class Journey:
    def __init__(self, page, folder: Path, base_url: str) -> None:
        self.page = page
        self.folder = folder
        self.base_url = base_url
        self.steps: list[str] = []
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def width(self) -> int:
        return self.page.viewport_size["width"]

    def goto(self, path: str):
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return response

    def step(self, name: str, *, full_page: bool = True) -> None:
        """Check the page in front of the visitor and keep a picture of it."""
        self.assert_accessible(name)
        self.steps.append(name)
        number = len(self.steps)
        self.page.screenshot(path=self.folder / f"{number:02d}-{name}.png", full_page=full_page)

    def assert_accessible(self, name: str) -> None:
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(path=str(AXE_SCRIPT))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
            for v in result["violations"]
        ]
        assert not problems, f"axe-core on {name} ({self.page.url}):\n" + "\n".join(problems)
        assert self.page.title(), f"{name} has no title"

    def in_view(self, selector: str) -> bool:
        """Whether an element's top edge is inside the viewport as the page is now scrolled."""
        box = self.page.locator(selector).first.bounding_box()
        return box is not None and 0 <= box["y"] < self.page.viewport_size["height"]

    def wait_out_fill_time(self, since: float, seconds: float = 3.2) -> None:
        """The form refuses a submission sooner than 3 s after the page was served."""
        remaining = seconds - (time.monotonic() - since)
        if remaining > 0:
            self.page.wait_for_timeout(remaining * 1000)


def mails_to(app, address: str) -> list[email.message.EmailMessage]:
    """Deliver the outbox as the worker would, then read the file backend's .eml files."""
    from campaign.mail import outbox

    with app.app_context():
        outbox.deliver()
    folder = Path(app.config["MAIL_FILE_DIR"])
    messages = [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]
    return [m for m in messages if address in str(m["To"])]


def link_in(message, pattern: str) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(rf"https?://\S*{pattern}\S*", body)
    assert match, f"no link matching {pattern!r} in:\n{body}"
    return match.group(0)
