"""CI's security stage (.ci/security_check.py): a known vulnerability fails it; a vulnerability
service that cannot be reached is said plainly ("dependencies NOT checked") and does not. The
real pip-audit runs against a fake OSV service on loopback: answering with a finding, with
nothing, with a server error, or not listening at all."""

import importlib.util
import json
import socket
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("security_check", ROOT / ".ci" / "security_check.py")
assert _spec and _spec.loader
security_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(security_check)

ADVISORY = {
    "id": "GHSA-test-0001",
    "summary": "A made-up advisory for the test",
    "affected": [
        {
            "package": {"name": "jinja2", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "9.9"}]}],
        }
    ],
}


@contextmanager
def _serve(answer):
    """A fake OSV query endpoint on loopback, yielding its URL; `answer(package)` gives
    (status, body)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            status, body = answer(query["package"]["name"])
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v1/query"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def pins(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_text("jinja2==3.1.6\nidna==3.20\n")
    return str(path)


def _run(pins, url, capsys):
    code = security_check.main(["--skip-code", "--service", "osv", "--osv-url", url, "-r", pins])
    return code, capsys.readouterr().out


def test_a_known_vulnerability_in_a_pin_fails_ci(pins, capsys):
    with _serve(lambda name: (200, {"vulns": [ADVISORY]} if name == "jinja2" else {})) as url:
        code, out = _run(pins, url, capsys)
    assert code == 1
    assert "pip-audit FAILED (the OSV service): vulnerable" in out
    assert "jinja2 3.1.6: GHSA-test-0001 (fixed in 9.9)" in out


def test_no_known_vulnerability_passes_and_says_how_many_pins_were_checked(pins, capsys):
    with _serve(lambda name: (200, {})) as url:
        code, out = _run(pins, url, capsys)
    assert code == 0
    assert "no known vulnerabilities in 2 pins" in out


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_service_that_is_not_there_is_said_plainly_and_does_not_fail_ci(pins, capsys):
    code, out = _run(pins, f"http://127.0.0.1:{_closed_port()}/v1/query", capsys)
    assert code == 0
    assert "the OSV service could not be reached" in out and "Connection refused" in out
    assert "pip-audit: could not reach the OSV service: dependencies NOT checked" in out


def test_a_service_answering_with_errors_counts_as_not_reached(pins, capsys):
    with _serve(lambda name: (503, {"error": "down"})) as url:
        code, out = _run(pins, url, capsys)
    assert code == 0
    assert "dependencies NOT checked" in out


def _report(*dependencies) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


SKIPPED = "Dependency not found on PyPI and could not be audited: alembic (1.20.1)"


@pytest.mark.parametrize(
    ("returncode", "report", "stderr", "verdict"),
    [
        (0, _report({"name": "a", "version": "1", "vulns": []}), "", "clean"),
        (
            1,
            _report({"name": "a", "version": "1", "vulns": [{"id": "X-1", "fix_versions": []}]}),
            "",
            "vulnerable",
        ),
        # PyPI's mirror here answers "not found" for every version: pip-audit itself then
        # says "No known vulnerabilities found" and exits 0, which must not count as checked.
        (0, _report({"name": "alembic", "skip_reason": SKIPPED}), "", "unreachable"),
        (
            0,
            _report({"name": "alembic", "skip_reason": SKIPPED}, {"name": "b", "vulns": []}),
            "",
            "unchecked",
        ),
        (1, None, "NameResolutionError: Failed to resolve 'osv'", "unreachable"),
        (1, None, "ERROR: Invalid requirement: 'jinja2=='", "error"),
    ],
)
def test_each_pip_audit_result_gets_its_verdict(returncode, report, stderr, verdict):
    outcome = security_check.judge(returncode, report, stderr)
    assert outcome.verdict == verdict
    assert outcome.fails == (verdict in ("vulnerable", "unchecked", "error"))
