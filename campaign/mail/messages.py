"""Email bodies come from templates: templates/email/<kind>.txt (first line `Subject: ...`) and
an optional templates/email/<kind>.html.

A message can also be stored unrendered (`unrendered_values`) and rendered by the delivery worker
just before it is handed over (`render_waiting`), by the renderer registered for its kind: a
signer's confirmation email is queued that way, so that a signing peak does not render emails.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask import render_template
from jinja2 import TemplateNotFound

from campaign.models import OutboxMessage


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


# The header that marks a row as not yet rendered. It never reaches the provider: rendering
# replaces the headers, and scrubbing a row (campaign/privacy) clears them, so a scrubbed row is
# never rendered from what remains of its signature.
RENDER_AT_SEND = "X-Render-At-Send"
Renderer = Callable[[Sequence[OutboxMessage]], None]
_renderers: dict[str, Renderer] = {}


def render_at_send(kind: str, renderer: Renderer) -> None:
    """Register how messages of `kind` stored by `unrendered_values` are rendered: the renderer
    fills in each message's subject, bodies and headers, and leaves alone one it cannot render."""
    _renderers[kind] = renderer


def unrendered_values(kind: str, to_email: str, to_name: str | None, signature_id: int) -> dict:
    """An outbox row's columns for a message rendered by the worker when it is sent."""
    if kind not in _renderers:
        raise ValueError(f"no renderer is registered for {kind!r} emails")
    return {
        "kind": kind,
        "to_email": to_email,
        "to_name": to_name,
        "subject": "",
        "text_body": "",
        "html_body": None,
        "headers": {RENDER_AT_SEND: "1"},
        "signature_id": signature_id,
        "campaign_update_id": None,
    }


def waiting_to_render(message: OutboxMessage) -> bool:
    return RENDER_AT_SEND in (message.headers or {})


def render_waiting(messages: Sequence[OutboxMessage]) -> list[OutboxMessage]:
    """Render, in place, the messages stored unrendered; return those that could not be (their
    signature is gone), which must not be sent. A kind nobody registered is a bug: KeyError."""
    by_kind: dict[str, list[OutboxMessage]] = {}
    for message in messages:
        if waiting_to_render(message):
            by_kind.setdefault(message.kind, []).append(message)
    unrenderable: list[OutboxMessage] = []
    for kind, group in by_kind.items():
        _renderers[kind](group)
        unrenderable += [m for m in group if waiting_to_render(m)]
    return unrenderable
