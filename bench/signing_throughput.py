"""The web tier under load, with the production config, each figure beside its anchor.

What people do, measured from outside: gunicorn serves the real app with FLASK_CONFIG=production
(CSRF, the 3 s fill time and the Redis rate limiter all on, signing by group commit) on
PostgreSQL and Redis; wrk (Debian package `wrk`, Lua script bench/_signers.lua) is the client.
Every signer is a new visitor with its own session, a unique email, a real postcode sampled from
the postcode index, and its own client address: the rate limit is per IP, and production runs
behind a load balancer that sets X-Forwarded-For (TRUSTED_PROXY_HOPS=1), so the bench sends what
that balancer would. The limiter is never switched off: a signer who posted 31 times in a minute
would be refused here as in production.

Measured, alternating the app (A) and its anchor (B) in the same run, with the load average:
  - signature POSTs/s sustained for BENCH_POST_SECONDS (60), p50/p99 and errors, between two
    measurements of a bare Flask insert endpoint (bench/_bare_app.py, same gunicorn config:
    B, A, B), and pgbench's raw insert rate on the same table; beside each, the server's own CPU
    time per request (from /proc), which a machine shared with other work changes much less than
    it changes a rate;
  - whole signers/s (page, POST after the fill time, thank-you page);
  - petition page and count JSON requests/s beside a constant JSON response;
  - count freshness: seconds from a confirmation to the count JSON showing it.
Rows are counted in the database afterwards: every 303 must be a stored signature.
Results: a table on stdout and JSON in bench/out/web.json.

The mail worker is not running: a signer's confirmation email is rendered when it is sent
(campaign/mail/messages.py), and bench/outbox_throughput.py measures that.

Run: `.venv/bin/python bench/signing_throughput.py` (PostgreSQL and Redis on 127.0.0.1); about
4 minutes with the defaults. Settings: BENCH_POST_SECONDS (60, the sustained POST round; the
signers round takes a third of it), BENCH_GET_SECONDS (8), BENCH_ROUNDS (1), BENCH_CONNECTIONS
(32), BENCH_WORKERS (gunicorn processes, default the core count), BENCH_DATABASE (bench13_web),
BENCH_REDIS_URL (redis://127.0.0.1:6379/7), BENCH_PORT (5801), BENCH_PROFILE=1 (an extra 10 s
round under py-spy: where the workers' CPU goes).
"""

import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
from _postgres import fresh_database
from _production import PORT, REDIS_URL, SECRET, production_env

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE = os.environ.get("BENCH_DATABASE", "bench13_web")
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
POST_SECONDS = int(os.environ.get("BENCH_POST_SECONDS", "60"))
SIGNER_SECONDS = max(5, POST_SECONDS // 3)
GET_SECONDS = int(os.environ.get("BENCH_GET_SECONDS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))
BARE_PORT = PORT + 1
SLUG = "best-start-in-life"
OUT = ROOT / "bench" / "out"
LUA = ROOT / "bench" / "_signers.lua"
FILL_SECONDS = 3


def sample_postcodes(count: int = 2000) -> list[str]:
    """Real postcodes with a council, picked at random across the whole index."""
    from campaign.places.postcode_index import open_index

    index = open_index()
    rng = random.Random(13)
    found: list[str] = []
    while len(found) < count:
        postcode = index.postcode_at(rng.randrange(len(index)))
        entry = index.get(postcode)
        if entry and entry[0]:
            found.append(postcode)
    return found


def server_env(database_url: str) -> dict:
    return production_env(
        database_url,
        PORT,
        WEB_WORKERS=str(WORKERS),
        BARE_DATABASE_URL=database_url.replace("+psycopg", ""),
    )


def start(app: str, port: int, env: dict) -> subprocess.Popen:
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            bin_dir / "gunicorn",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=ROOT / ("bench" if app.startswith("_bare") else "."),
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/constant"
                if app.startswith("_bare")
                else f"http://127.0.0.1:{port}/",
                timeout=2,
            )
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError(f"{app} did not start on port {port}")


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user and system) of a gunicorn master and its workers so far."""
    tick = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0.0
    for process in [pid, *map(int, children)]:
        fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


class Wrk:
    """Runs wrk with the Lua script and returns its JSON summary, with the client's CPU share
    and, given the server's pid, the server's CPU time per request."""

    def __init__(self, workdir: Path, postcodes: Path) -> None:
        self.workdir = workdir
        self.postcodes = postcodes
        self.runs = 0
        self.servers: dict[int, int] = {}  # port -> gunicorn master pid

    def __call__(self, port: int, mode: str, seconds: float, path: str = "") -> dict:
        self.runs += 1
        result_file = self.workdir / f"result-{self.runs}.json"
        env = {
            **os.environ,
            "MODE": mode,
            "SLUG": SLUG,
            "RUN": f"r{self.runs}",
            "TOKENS": str(self.workdir / "tokens"),
            "PATH_": path,
            "POSTCODES": str(self.postcodes),
            "RESULT": str(result_file),
            "FILL_SECONDS": str(FILL_SECONDS + 1),  # os.time() counts whole seconds
            # Addresses (10.8.0.0 to 10.23.255.255) do not repeat for the next 26 runs.
            "IP_OFFSET": str(self.runs * 20000),
        }
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()[0]
        server = self.servers.get(port)
        server_before = server_cpu_seconds(server) if server else 0.0
        subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CONNECTIONS}",
                f"-d{max(1, round(seconds))}s",
                "--latency",
                "-s",
                str(LUA),
                f"http://127.0.0.1:{port}",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        summary = json.loads(result_file.read_text())
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        summary["rate"] = summary["requests"] / summary["seconds"]
        summary["client_cpu_share"] = cpu / summary["seconds"] / (os.cpu_count() or 1)
        summary["load_average"] = load
        if server and summary["requests"]:
            server_cpu = server_cpu_seconds(server) - server_before
            summary["server_cpu_ms_per_request"] = 1000 * server_cpu / summary["requests"]
        return summary


def collect(wrk: Wrk, needed: int, limit_seconds: float = 30) -> int:
    """Fetch the petition page as `needed` new visitors (or for at most limit_seconds)."""
    tokens = wrk.workdir / "tokens"
    shutil.rmtree(tokens, ignore_errors=True)
    tokens.mkdir()
    started = time.monotonic()
    have = 0
    while have < needed and time.monotonic() - started < limit_seconds:
        wrk(PORT, "collect", 4)
        have = sum(len(f.read_text().splitlines()) for f in tokens.iterdir())
    time.sleep(FILL_SECONDS + 0.2)  # the newest page must be older than the fill time
    return have


def pgbench_rate(database_url: str, seconds: int) -> dict:
    url = database_url.replace("+psycopg", "")
    with psycopg.connect(url) as connection:
        campaign_id, wording_id = connection.execute(
            "SELECT campaign_id, id FROM consent_wordings ORDER BY id DESC LIMIT 1"
        ).fetchone()
    script = Path(tempfile.mkstemp(suffix=".sql")[1])
    script.write_text(
        "WITH e AS (SELECT 'pg-' || gen_random_uuid() || '@example.org' AS v)\n"
        "INSERT INTO signatures (campaign_id, name, email, email_canonical, household_slot,"
        " postcode, status, email_updates, consent_wording_id, emails_sent, repeat_attempts,"
        f" created_at) SELECT {campaign_id}, 'Pg Bench', v, v, 0, 'S1 2HH', 'pending', false,"
        f" {wording_id}, 1, 0, now() FROM e;\n"
    )
    load = os.getloadavg()[0]
    # As many connections as the app's two batch writers and a few spare: PostgreSQL's own
    # connection limit is shared with everything else on the machine.
    done = subprocess.run(
        ["pgbench", "-n", "-c", "8", "-j", "2", "-T", str(seconds), "-f", str(script), url],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"pgbench failed: {done.stderr[-500:]}")
    tps = float(re.search(r"tps = ([\d.]+)", done.stdout).group(1))
    return {"rate": tps, "load_average": load}


def freshness(port: int) -> float:
    """Seconds from a confirmation's reply to the count JSON counting it."""
    from campaign import create_app
    from campaign.core.tokens import make_token

    os.environ.setdefault("SECRET_KEY", SECRET)
    with psycopg.connect(DATABASE_URL.replace("+psycopg", "")) as connection:
        (signature_id,) = connection.execute(
            "SELECT id FROM signatures WHERE status = 'pending' AND name LIKE 'Bench%' LIMIT 1"
        ).fetchone()
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": DATABASE_URL, "SECRET_KEY": SECRET, "SERVER_NAME": None}
    )
    with app.app_context():
        token = make_token("confirm", signature_id)
    base = f"http://127.0.0.1:{port}"

    def count() -> int:
        with urllib.request.urlopen(f"{base}/petitions/{SLUG}.json") as response:
            return json.load(response)["signature_count"]

    # The session cookie is Secure, as in production, so it is carried by hand over plain HTTP.
    before = count()
    url = f"{base}/petitions/{SLUG}/confirm/{token}"
    with urllib.request.urlopen(url) as response:
        page = response.read().decode()
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": csrf}).encode()
    urllib.request.urlopen(
        urllib.request.Request(url, data=form, headers={"Cookie": cookie})
    ).read()
    confirmed = time.monotonic()
    while count() != before + 1:
        if time.monotonic() - confirmed > 30:
            return float("inf")
        time.sleep(0.02)
    return time.monotonic() - confirmed


def stored_signatures(database_url: str, like: str) -> int:
    with psycopg.connect(database_url.replace("+psycopg", "")) as connection:
        return connection.execute(
            "SELECT count(*) FROM signatures WHERE email LIKE %s", (like,)
        ).fetchone()[0]


# Where worker CPU goes in an extra round of POSTs (BENCH_PROFILE=1, needs py-spy): samples of
# the thread holding the GIL (py-spy --gil), each counted under the first of these (function
# names, searched from the innermost frame outwards) found in its stack.
PROFILE_PARTS = {
    "batch: the read and the insert (bulk_rows.py)": (
        "read_for_batch ",
        "insert_tables ",
        "insert_signatures ",
    ),
    "batch: deciding, building rows, commit": ("sign_first_signatures ",),
    "batch: repeats one at a time (ORM)": ("sign (campaign/petitions/signing.py",),
    "rate limit (Redis)": ("_hit ",),
    "CSRF token": ("header_matches ",),
    "fill-time stamp": ("filled_too_fast ",),
    "postcode lookup": ("_check_postcode ",),
    "email address check": ("_check_email ",),
    "the rest of the rules (submission.py)": ("check (campaign/petitions/submission.py",),
    "building the signature (partners, questions, attribution)": ("_request ",),
    "handing over to the writer and waiting": ("SigningBatcher.submit ",),
    "signing decision, other": ("decide ",),
    "fast path: reading the form, the answer": ("SigningPosts.",),
    "Flask and Werkzeug (pages shown again)": ("Flask.wsgi_app ",),
    "gunicorn": ("ThreadWorker.", "Arbiter."),
}


def profile(pid: int, seconds: int) -> subprocess.Popen | None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not os.environ.get("BENCH_PROFILE") or not Path(spy).exists():
        return None
    return subprocess.Popen(
        [
            spy,
            "record",
            "-p",
            str(pid),
            "--subprocesses",
            "--gil",
            "-d",
            str(seconds),
            "-r",
            "200",
            "-f",
            "raw",
            "-o",
            str(OUT / "profile-post.txt"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def profile_shares() -> dict[str, float]:
    counts = dict.fromkeys([*PROFILE_PARTS, "other"], 0)
    total = 0
    for line in (OUT / "profile-post.txt").read_text().splitlines():
        stack, n = line.rsplit(" ", 1)
        frames = stack.split(";")
        total += int(n)
        counts[_part(frames)] += int(n)
    return {part: n / (total or 1) for part, n in counts.items()}


def _part(frames: list[str]) -> str:
    """The first part (in PROFILE_PARTS order) whose functions the stack passes through."""
    for part, needles in PROFILE_PARTS.items():
        if any(frame.startswith(needles) for frame in frames):
            return part
    return "other"


def post_rounds(wrk: Wrk, results: dict) -> None:
    """B, A, B: the bare insert for a quarter of the time before and after the app's sustained
    round, so that drift in the machine's other load hits both alike."""
    expected = 2500  # visitors to collect per second of the round: more than it can take
    anchor_seconds = max(3, POST_SECONDS / 4)
    for round_number in range(ROUNDS):
        # Every POST needs a visitor who fetched the page first (own session and token).
        have = collect(wrk, int(expected * POST_SECONDS), limit_seconds=max(20, POST_SECONDS * 0.6))
        before = wrk(BARE_PORT, "bare", anchor_seconds)
        app = wrk(PORT, "post", POST_SECONDS)
        after = wrk(BARE_PORT, "bare", anchor_seconds)
        app["visitors_collected"] = have
        expected = max(app["rate"], 200) * 1.1
        results["posts"].append(app)
        results["bare_insert"] += [
            dict(before, **{"for": "posts"}),
            dict(after, **{"for": "posts"}),
        ]
        bare = (before["rate"] + after["rate"]) / 2
        print(
            f"  round {round_number + 1}: app POSTs {app['rate']:.0f}/s for {app['seconds']:.0f} s"
            f" (load {app['load_average']:.1f}, {app.get('server_cpu_ms_per_request', 0):.2f} ms"
            f" server CPU each), bare insert {before['rate']:.0f} and {after['rate']:.0f}/s"
            f" (load {before['load_average']:.1f}, {after['load_average']:.1f}); ratio"
            f" {app['rate'] / bare:.2f}",
            flush=True,
        )


def profile_round(wrk: Wrk, results: dict, server_pid: int) -> None:
    """An extra round of POSTs, not counted in the figures: the sampler slows the workers."""
    collect(wrk, 2000, limit_seconds=10)
    spy = profile(server_pid, 10)
    if spy:
        results["profile_run"] = [wrk(PORT, "post", 10)]
        spy.wait(timeout=120)
        results["profile_post"] = profile_shares()


def get_rounds(wrk: Wrk, results: dict) -> None:
    for _ in range(ROUNDS):
        for name, path in (
            ("page", f"/petitions/{SLUG}"),
            ("count_json", f"/petitions/{SLUG}.json"),
        ):
            results[name].append(wrk(PORT, "get", GET_SECONDS, path))
            results["constant"].append(wrk(BARE_PORT, "get", GET_SECONDS, "/constant"))


def signer_rounds(wrk: Wrk, results: dict) -> None:
    for _ in range(ROUNDS):
        collect(wrk, CONNECTIONS * 8, limit_seconds=8)
        run = wrk(PORT, "signers", SIGNER_SECONDS)
        run["signers_rate"] = run["signers_done"] / run["seconds"]
        results["signers"].append(run)
        bare = wrk(BARE_PORT, "bare", SIGNER_SECONDS / 2)
        results["bare_insert"].append(dict(bare, **{"for": "signers"}))


def mean(runs: list[dict], key: str = "rate") -> float:
    return sum(r[key] for r in runs) / len(runs) if runs else 0.0


def table(results: dict) -> str:
    bare_posts = mean([r for r in results["bare_insert"] if r.get("for") == "posts"])
    bare_signers = mean([r for r in results["bare_insert"] if r.get("for") == "signers"])
    const = mean(results["constant"])
    rows = [
        ("signature POSTs/s", results["posts"], "rate", bare_posts, "bare Flask insert"),
        ("whole signers/s", results["signers"], "signers_rate", bare_signers, "bare Flask insert"),
        ("petition page req/s", results["page"], "rate", const, "constant JSON"),
        ("count JSON req/s", results["count_json"], "rate", const, "constant JSON"),
    ]
    lines = [
        f"{'figure':<22}{'value':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'anchor':>10}  ratio  anchor is"
    ]
    for label, runs, key, anchor, anchor_name in rows:
        value = mean(runs, key)
        errors = sum(r["socket_errors"] + r["status_errors"] for r in runs)
        lines.append(
            f"{label:<22}{value:>9.0f}{max(r['p50_ms'] for r in runs):>9.1f}"
            f"{max(r['p99_ms'] for r in runs):>9.1f}{errors:>8}{anchor:>10.0f}"
            f"  {value / anchor if anchor else 0:.2f}x  {anchor_name}"
        )
    app_cpu = mean(results["posts"], "server_cpu_ms_per_request")
    bare_cpu = mean(
        [r for r in results["bare_insert"] if r.get("for") == "posts"], "server_cpu_ms_per_request"
    )
    lines.append(
        f"server CPU per signature POST {app_cpu:.2f} ms, per bare insert {bare_cpu:.2f} ms "
        f"({bare_cpu / app_cpu if app_cpu else 0:.2f}x); sessions reused in the POST round: "
        f"{sum(r['sessions_reused'] for r in results['posts'])}"
    )
    pg = results["pgbench_insert"]
    lines.append(
        f"{'pgbench raw insert/s':<22}{pg['rate']:>9.0f}  (signature POSTs are "
        f"{mean(results['posts']) / pg['rate']:.2f}x of it)"
    )
    for part, share in results.get("profile_post", {}).items():
        lines.append(f"  POST profile: {share:5.1%} {part}")
    lines.append(f"count freshness after a confirmation: {results['freshness_seconds']:.2f} s")
    lines.append(
        f"rows: {results['stored']} stored for {results['accepted']} accepted POSTs; "
        f"client (wrk) CPU share {max(r['client_cpu_share'] for r in results['posts']):.0%}"
        f"; load average {min(r['load_average'] for r in results['posts']):.1f}-"
        f"{max(r['load_average'] for r in results['posts']):.1f}; cores {os.cpu_count()}"
    )
    return "\n".join(lines)


DATABASE_URL = ""


def main() -> int:
    global DATABASE_URL
    for tool in ("wrk", "pgbench"):
        if not shutil.which(tool):
            print(f"{tool} is not installed (apt-get install {tool})")
            return 1
    DATABASE_URL = fresh_database(DATABASE)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = server_env(DATABASE_URL)
    bin_dir = Path(sys.executable).parent
    for command in (["db", "upgrade"], ["petitions", "load-demo"]):
        subprocess.run(
            [bin_dir / "flask", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    OUT.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench13-"))
    postcodes = workdir / "postcodes.txt"
    postcodes.write_text("\n".join(p.replace(" ", "+") for p in sample_postcodes()) + "\n")
    servers = [start("wsgi:app", PORT, env), start("_bare_app:app", BARE_PORT, env)]
    results: dict = {
        k: [] for k in ("posts", "bare_insert", "signers", "page", "count_json", "constant")
    }
    try:
        wrk = Wrk(workdir, postcodes)
        wrk.servers = {PORT: servers[0].pid, BARE_PORT: servers[1].pid}
        print("signature POSTs against the bare insert endpoint", flush=True)
        post_rounds(wrk, results)
        profile_round(wrk, results, servers[0].pid)
        print("whole signers", flush=True)
        signer_rounds(wrk, results)
        print("petition page and count JSON against a constant response", flush=True)
        get_rounds(wrk, results)
        results["pgbench_insert"] = pgbench_rate(DATABASE_URL, POST_SECONDS // 2)
        results["freshness_seconds"] = freshness(PORT)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    runs = results["posts"] + results["signers"] + results.get("profile_run", [])
    results["accepted"] = sum(r["statuses"].get("303", 0) for r in runs)
    results["stored"] = stored_signatures(DATABASE_URL, "s%@example.org")
    results["config"] = {
        "workers": WORKERS,
        "connections": CONNECTIONS,
        "cores": os.cpu_count(),
        "post_seconds": POST_SECONDS,
        "rounds": ROUNDS,
    }
    (OUT / "web.json").write_text(json.dumps(results, indent=1))
    print(table(results))
    # wrk stops counting at its deadline with up to one request in flight per connection: those
    # are stored but their 303 is never counted. Anything else is a lost or invented signature.
    in_flight = CONNECTIONS * len(runs)
    ok = results["accepted"] <= results["stored"] <= results["accepted"] + in_flight
    if not ok:
        print("MISMATCH: stored rows do not match the accepted POSTs")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
