"""A real HTTP server that behaves like SendGrid's v3 Mail Send endpoint.

Tests and the outbox bench point the SendGrid backend at it (SENDGRID_API_HOST) so the official
client library does real HTTP over a real socket. Faults are scripted per request (errors, 429
with X-RateLimit-Reset, slowness, malformed answers, dropped connections) or over time (down:
the port refuses connections). It records every personalization it accepted, with its custom
args, so a test can prove that nothing was lost and nothing was handed over twice.
"""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_PERSONALIZATIONS = 1000
MAX_SUBSTITUTION_BYTES = 10_000


@dataclass(frozen=True)
class Fault:
    """What the server does with one request instead of (or before) accepting it."""

    status: int | None = None
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    raw: bytes | None = None  # written as-is instead of an HTTP response
    hang_up: bool = False  # close the connection without answering
    accept: bool = False  # record the messages as accepted despite the fault

    @classmethod
    def error(cls, status: int = 500) -> Fault:
        body = json.dumps({"errors": [{"message": f"fake error {status}", "field": None}]})
        return cls(status=status, body=body.encode())

    @classmethod
    def rate_limited(cls, reset_in: float = 1.0) -> Fault:
        reset = int(time.time() + reset_in + 0.999)
        body = b'{"errors":[{"field":null,"message":"too many requests"}]}'
        headers = (
            ("X-RateLimit-Limit", "600"),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", str(reset)),
        )
        return cls(status=429, body=body, headers=headers)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Accept after a delay; a client that gave up first never learns it was accepted."""
        return cls(delay=seconds, accept=True)

    @classmethod
    def malformed(cls) -> Fault:
        return cls(raw=b"HTTP/1.1 2O2 Acce\x00pted\r\n\r\n{not json")

    @classmethod
    def gateway_html(cls, status: int = 502) -> Fault:
        return cls(
            status=status,
            body=b"<html><body>Bad gateway</body></html>",
            headers=(("Content-Type", "text/html"),),
        )

    @classmethod
    def hang_up_after_accepting(cls) -> Fault:
        return cls(hang_up=True, accept=True)


@dataclass
class Accepted:
    """One personalization the fake provider took responsibility for."""

    to: list[str]
    subject: str
    text: str | None
    html: str | None
    headers: dict
    custom_args: dict
    message_id: str
    sandbox: bool
    accepted_at: float = field(default_factory=time.time)


class FakeSendGrid:
    def __init__(self, api_key: str = "SG.fake-key", port: int = 0):
        self.api_key = api_key
        self.port = port
        self.accepted: list[Accepted] = []
        self.requests: list[tuple[int | str, int]] = []  # (status or fault, personalizations)
        self._faults: deque[Fault] = deque()
        self.received = threading.Event()  # set once a whole request has arrived
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._up_again: threading.Timer | None = None

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeSendGrid:
        handler = type("Handler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        server.daemon_threads = True
        server.request_queue_size = 256
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            name="fake-sendgrid",
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._up_again:
            self._up_again.cancel()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSendGrid:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def host(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- faults ----------------------------------------------------------------------------
    def fail_next(self, *faults: Fault) -> None:
        with self._lock:
            self._faults.extend(faults)

    def go_down(self, for_seconds: float | None = None) -> None:
        """Close the listening socket so connections are refused, optionally coming back."""
        self.stop()
        if for_seconds is not None:
            self._up_again = threading.Timer(for_seconds, self.start)
            self._up_again.start()

    # -- what was accepted -----------------------------------------------------------------
    def delivered(self) -> list[Accepted]:
        return [a for a in self.accepted if not a.sandbox]

    def custom_arg_counts(self, name: str = "outbox_id") -> Counter:
        with self._lock:
            return Counter(a.custom_args.get(name) for a in self.accepted)

    def events(self, event: str = "processed", since: int = 0) -> list[dict]:
        """SendGrid-shaped events for what was accepted (from the `since`-th on), custom args
        flattened in."""
        with self._lock:
            accepted = self.accepted[since:]
        return [
            {
                "email": a.to[0],
                "timestamp": int(a.accepted_at),
                "event": event,
                "sg_event_id": uuid.uuid4().hex,
                "sg_message_id": f"{a.message_id}.filter0001",
                **a.custom_args,
            }
            for a in accepted
        ]

    # -- request handling (called from the server's threads) -------------------------------
    def _next_fault(self) -> Fault | None:
        with self._lock:
            return self._faults.popleft() if self._faults else None

    def _record(self, status: int | str, accepted: list[Accepted], count: int) -> None:
        with self._lock:
            self.requests.append((status, count))
            self.accepted.extend(accepted)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSendGrid
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length)
        self.fake.received.set()
        if self.path != "/v3/mail/send":
            return self._answer(404, {"errors": [{"message": "not found"}]})
        if self.headers.get("Authorization") != f"Bearer {self.fake.api_key}":
            return self._answer(401, {"errors": [{"message": "authorization required"}]})
        fault = self.fake._next_fault()
        if fault and fault.delay:
            time.sleep(fault.delay)
        try:
            payload = json.loads(raw_body)
            accepted, sandbox = _parse(payload)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            self.fake._record(400, [], 0)
            return self._answer(400, {"errors": [{"message": str(error), "field": None}]})
        if fault and not fault.accept:
            self.fake._record(f"fault:{fault.status or 'raw'}", [], len(accepted))
            return self._fault(fault)
        message_id = secrets.token_urlsafe(16)
        for item in accepted:
            item.message_id = message_id
        status = 200 if sandbox else 202
        self.fake._record(status, accepted, len(accepted))
        if fault and fault.hang_up:
            return self._hang_up()
        self._answer(status, None, {"X-Message-Id": message_id})

    def _fault(self, fault: Fault) -> None:
        if fault.hang_up:
            return self._hang_up()
        if fault.raw is not None:
            self.wfile.write(fault.raw)
            self.close_connection = True
            return None
        self.send_response(fault.status)
        for name, value in fault.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(fault.body)))
        self.end_headers()
        self.wfile.write(fault.body)

    def _hang_up(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _answer(self, status: int, body: dict | None, headers: dict | None = None) -> None:
        data = json.dumps(body).encode() if body is not None else b""
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if data:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (timeout) after we accepted: realistic, ignore
            self.close_connection = True


def _parse(payload: dict) -> tuple[list[Accepted], bool]:
    """Validate like SendGrid does and expand personalizations into accepted messages."""
    personalizations = payload["personalizations"]
    if not 1 <= len(personalizations) <= MAX_PERSONALIZATIONS:
        raise ValueError("personalizations must hold between 1 and 1000 items")
    if not payload["from"]["email"]:
        raise ValueError("from.email is required")
    contents = {c["type"]: c["value"] for c in payload.get("content", [])}
    if not contents or any(not value for value in contents.values()):
        raise ValueError("content must hold at least one non-empty value")
    sandbox = bool(payload.get("mail_settings", {}).get("sandbox_mode", {}).get("enable"))
    accepted = []
    for item in personalizations:
        to = [recipient["email"] for recipient in item["to"]]
        if not to or not all("@" in address for address in to):
            raise ValueError("each personalization needs valid to addresses")
        if not all(address.isascii() for address in to):
            # SendGrid's documented rule: only ASCII letters, digits and !#$%&'*+-/=?^_`{|}~.
            # before the @; an internationalised domain must come as IDNA (xn--...).
            raise ValueError("Does not contain a valid address.")
        subject = item.get("subject") or payload.get("subject")
        if not subject:
            raise ValueError("a subject is required")
        substitutions = item.get("substitutions", {})
        size = sum(len(k.encode()) + len(v.encode()) for k, v in substitutions.items())
        if size > MAX_SUBSTITUTION_BYTES:
            raise ValueError("substitutions may not exceed 10,000 bytes per personalization")
        text, html = (
            _substitute(contents.get(kind), substitutions) for kind in ("text/plain", "text/html")
        )
        accepted.append(
            Accepted(
                to=to,
                subject=_substitute(subject, substitutions),
                text=text,
                html=html,
                headers={**payload.get("headers", {}), **item.get("headers", {})},
                custom_args={**payload.get("custom_args", {}), **item.get("custom_args", {})},
                message_id="",
                sandbox=sandbox,
            )
        )
    return accepted, sandbox


def _substitute(value: str | None, substitutions: dict[str, str]) -> str | None:
    if value is None:
        return None
    for tag, replacement in substitutions.items():
        value = value.replace(tag, replacement)
    return value
