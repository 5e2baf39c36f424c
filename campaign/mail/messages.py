"""Email bodies come from templates: templates/email/<kind>.txt (first line `Subject: ...`) and
an optional templates/email/<kind>.html."""

from dataclasses import dataclass

from flask import render_template
from jinja2 import TemplateNotFound


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str | None


def render(kind: str, **context) -> RenderedEmail:
    text = render_template(f"email/{kind}.txt", **context)
    first, _, body = text.partition("\n")
    if not first.startswith("Subject: "):
        raise ValueError(f"templates/email/{kind}.txt must start with a 'Subject: ' line")
    try:
        html = render_template(f"email/{kind}.html", **context)
    except TemplateNotFound:
        html = None
    return RenderedEmail(
        subject=first[len("Subject: ") :].strip(), text=body.lstrip("\n"), html=html
    )
