"""CI: `make serve` runs the real platform. With the production config against PostgreSQL
(DATABASE_URL) and Redis (REDIS_URL), it refuses to start without its settings; with them, a
petition is signed through gunicorn (CSRF and the minimum fill time on), confirmed through the
link the outbox worker emails, and counted in /petitions/<slug>.json; a booklet is asked for and
rendered by the booklet worker. Then a crashed worker must stop the whole set, not leave half a
platform running.

Usage: .venv/bin/python .ci/serve_check.py [PORT]   (DATABASE_URL, REDIS_URL from the environment;
the port is a free one unless given)
"""

import email
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from email import policy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG = "best-start-in-life"
REQUIRED = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "BASE_URL")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(url: str, cookie: str = "", data: dict | None = None) -> tuple[int, str, str, str]:
    """(status, body, the session cookie to send next, Location). Cookies are carried by hand:
    the production session cookie is Secure, which urllib's cookie jar keeps off plain HTTP."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"Cookie": cookie} if cookie else {})
    try:
        response = OPENER.open(req, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    set_cookie = response.headers.get("Set-Cookie")
    cookie = set_cookie.split(";", 1)[0] if set_cookie else cookie
    text = response.read().decode()
    return response.status, text, cookie, response.headers.get("Location", "")


def booklet_pdf(base: str) -> bytes | None:
    """A booklet, which only make serve's booklet worker can render; None while it is busy."""
    try:
        with OPENER.open(f"{base}/local/E08000039/booklet.pdf?name=Serve+Check", timeout=60) as r:
            return r.read()
    except urllib.error.HTTPError as error:
        if error.code == 503:  # "busy, try again": the worker is still starting or rendering
            return None
        raise


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]+)"', page) or re.search(
        rf'value="([^"]+)"[^>]*name="{name}"', page
    )
    if not match:
        raise AssertionError(f"no {name} field on the page")
    return match.group(1)


def wait_until(what: str, check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def answers(url: str) -> bool:
    try:
        return request(url)[0] == 200
    except OSError:
        return False


def refuses_without_settings() -> None:
    env = {k: v for k, v in os.environ.items() if k not in REQUIRED}
    result = subprocess.run(
        [ROOT / "scripts/serve"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0, "make serve started without its settings"
    assert "not set: SECRET_KEY, DATABASE_URL, REDIS_URL, BASE_URL" in result.stderr, result.stderr
    print("refuses to start without settings:", result.stderr.strip())


def confirmation_link(mail_dir: Path, address: str, base: str) -> str:
    for path in mail_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if address in str(message["To"]):
            text = message.get_body(preferencelist=("plain",)).get_content()
            return re.search(rf"{re.escape(base)}/petitions/{SLUG}/confirm/\S+", text).group(0)
    return ""


def parent(pid: int) -> int:
    # The field after the parenthesised command name in /proc/PID/stat is the parent's id.
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def worker_pids(ancestor: int) -> list[int]:
    """The outbox workers started under `ancestor` (honcho gives each its own session)."""
    pids = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "outbox deliver" not in command or "/bin/sh" in command:
                continue
            pid = int(proc.name)
            while pid > 1 and pid != ancestor:
                pid = parent(pid)
        except (OSError, ValueError):
            continue
        if pid == ancestor:
            pids.append(int(proc.name))
    return pids


def main(port: int) -> int:
    refuses_without_settings()
    base = f"http://127.0.0.1:{port}"
    mail_dir = Path(tempfile.mkdtemp(prefix="serve-check-mail-"))
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_hex(32),
        "BASE_URL": base,
        "BIND": f"127.0.0.1:{port}",
        "MAIL_BACKEND": "file",
        "MAIL_FILE_DIR": str(mail_dir),
        "WEB_WORKERS": "2",
        "WEB_THREADS": "8",
    }
    server = subprocess.Popen([ROOT / "scripts/serve"], cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_until("the home page", lambda: answers(base + "/"), 120)
        subprocess.run(  # the demo petition, in the database make serve has just migrated
            [ROOT / ".venv/bin/flask", "petitions", "load-demo"],
            cwd=ROOT,
            env={**env, "FLASK_APP": "wsgi", "FLASK_CONFIG": "production"},
            check=True,
            capture_output=True,
        )
        count = lambda: request(f"{base}/petitions/{SLUG}.json")[1]  # noqa: E731
        before = int(re.search(r'"signature_count":\s*(\d+)', count()).group(1))

        status, page, cookie, _ = request(f"{base}/petitions/{SLUG}")
        assert status == 200, status
        time.sleep(3.2)  # the production minimum fill time is 3 seconds
        address = f"serve-check-{secrets.token_hex(4)}@example.org"
        form = {
            "name": "Serve Check",
            "email": address,
            "postcode": "S1 2HH",
            "privacy": "y",
            "csrf_token": hidden(page, "csrf_token"),
            "started": hidden(page, "started"),
        }
        status, page, cookie, location = request(
            f"{base}/petitions/{SLUG}/signatures", cookie, form
        )
        assert status == 303 and location.endswith("/thank-you"), (status, page[:2000])
        print(f"signed as {address}: 303 to {location}")

        link = wait_until(
            "the confirmation email", lambda: confirmation_link(mail_dir, address, base), 60
        )
        print("the outbox worker delivered the confirmation email")
        status, page, cookie, _ = request(link, cookie)
        assert status == 200, status
        status, page, cookie, _ = request(link, cookie, {"csrf_token": hidden(page, "csrf_token")})
        assert status == 200, (status, page[:2000])

        def counted():
            after = int(re.search(r'"signature_count":\s*(\d+)', count()).group(1))
            return after if after == before + 1 else 0

        after = wait_until("the count to move", counted, 30)
        print(f"confirmed: /petitions/{SLUG}.json signature_count {before} -> {after}")
        pdf = wait_until("a booklet", lambda: booklet_pdf(base), 120)
        assert pdf.startswith(b"%PDF"), pdf[:100]
        print(f"the booklet worker rendered a booklet ({len(pdf) // 1024} KB)")

        pids = worker_pids(server.pid)
        assert pids, "no outbox worker running"
        os.kill(pids[0], signal.SIGKILL)
        code = server.wait(timeout=60)
        assert not answers(base + "/"), "gunicorn still answers after the worker crashed"
        print(f"a crashed outbox worker stopped the set (honcho exited {code})")
        return 0
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else free_port()))
