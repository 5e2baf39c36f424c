"""CI's security stage (and `make audit`): ruff's security rules over the code, then pip-audit
over every pinned requirement, saying plainly when the vulnerability data could not be reached.

1. `ruff check --select S,BLE` (bandit's checks and blind excepts; asserts and the random module
   allowed, as in pyproject.toml) must be clean.
2. pip-audit asks PyPI's per-version vulnerability data first and, if that cannot be reached, the
   OSV service. A known vulnerability in a pin fails the stage, and so does a pin the service
   could not check while it answered for the others. When neither service can be reached (no
   answer, a name that does not resolve, or an answer for none of the pins, as PyPI's mirror
   gives from the machines this project is built on), the stage says
   "pip-audit: could not reach ...: dependencies NOT checked" and passes: a network outside the
   project must not fail CI, but it must not pass silently either (pip-audit on its own reports
   "No known vulnerabilities found" when it skipped every pin).

Usage: security_check.py [-r FILE]... [--service pypi|osv]... [--osv-url URL]
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
SOURCES = ["campaign", "tests", "bench", ".ci"]
SERVICES = {"pypi": "PyPI's per-version vulnerability data", "osv": "the OSV service"}
# Seconds for one request, and for a whole pip-audit run (a service that never answers).
REQUEST_TIMEOUT = 10
RUN_TIMEOUT = 300
NETWORK_ERRORS = re.compile(
    r"ConnectionError|ConnectTimeout|ReadTimeout|Max retries exceeded|NameResolutionError|"
    r"Name or service not known|Temporary failure in name resolution|Connection refused|"
    r"timed out|ServiceError|Could not connect"
)


@dataclass(frozen=True)
class Outcome:
    """What one pip-audit run showed: `clean`, `vulnerable`, `unchecked` (some pins could not
    be checked), `unreachable` or `error`; and the lines that say so."""

    verdict: str
    lines: list[str] = field(default_factory=list)

    @property
    def fails(self) -> bool:
        return self.verdict in ("vulnerable", "unchecked", "error")


def judge(returncode: int, report: str | None, stderr: str) -> Outcome:
    """Read one pip-audit run: its exit code, its JSON report (None when it wrote none) and
    what it printed on stderr."""
    if report:
        dependencies = json.loads(report)["dependencies"]
        found = [d for d in dependencies if d.get("vulns")]
        skipped = [d for d in dependencies if d.get("skip_reason")]
        if found:
            return Outcome("vulnerable", [_finding(d) for d in found])
        if skipped and len(skipped) == len(dependencies):
            return Outcome(
                "unreachable",
                [
                    f"it answered for none of the {len(dependencies)} pins, "
                    f"e.g. {skipped[0]['skip_reason']}"
                ],
            )
        if skipped:
            return Outcome("unchecked", [f"{d['name']}: {d['skip_reason']}" for d in skipped])
        if returncode == 0:
            return Outcome("clean", [f"no known vulnerabilities in {len(dependencies)} pins"])
    network = NETWORK_ERRORS.search(stderr)
    if network:
        last = [line for line in stderr.splitlines() if network.group(0) in line][-1]
        return Outcome("unreachable", [last.strip()[:300]])
    return Outcome("error", stderr.strip().splitlines()[-5:] or [f"exit code {returncode}"])


def _finding(dependency: dict) -> str:
    vulns = ", ".join(
        f"{v['id']} (fixed in {', '.join(v.get('fix_versions') or []) or 'no release yet'})"
        for v in dependency["vulns"]
    )
    return f"{dependency['name']} {dependency.get('version', '')}: {vulns}"


def audit(service: str, requirements: list[str], osv_url: str | None) -> Outcome:
    """Run pip-audit once against one service."""
    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "report.json"
        command = [
            str(BIN / "pip-audit"),
            "--progress-spinner=off",
            "--disable-pip",
            "--no-deps",
            "--format=json",
            f"--output={report_path}",
            f"--cache-dir={Path(scratch) / 'cache'}",
            f"--timeout={REQUEST_TIMEOUT}",
            f"--vulnerability-service={service}",
            *([f"--osv-url={osv_url}"] if osv_url and service == "osv" else []),
        ]
        for requirement in requirements:
            command += ["-r", requirement]
        try:
            run = subprocess.run(  # noqa: S603 - our own fixed command line
                command, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            return Outcome("unreachable", [f"no answer within {RUN_TIMEOUT} s"])
        report = report_path.read_text() if report_path.exists() else None
        return judge(run.returncode, report, run.stderr)


def check_dependencies(services: list[str], requirements: list[str], osv_url: str | None) -> bool:
    """Print what pip-audit found; False when CI must fail."""
    for service in services:
        outcome = audit(service, requirements, osv_url)
        if outcome.verdict != "unreachable":
            heading = "pip-audit" if outcome.verdict == "clean" else "pip-audit FAILED"
            print(f"{heading} ({SERVICES[service]}): {outcome.verdict}")
            for line in outcome.lines:
                print(f"  {line}")
            return not outcome.fails
        print(f"pip-audit: {SERVICES[service]} could not be reached: {outcome.lines[0]}")
    names = " or ".join(SERVICES[s] for s in services)
    print(f"pip-audit: could not reach {names}: dependencies NOT checked")
    return True


def check_code() -> bool:
    command = [str(BIN / "ruff"), "check", "--select", "S,BLE", "--ignore", "S101,S311", *SOURCES]
    print("ruff security rules (S, BLE):", flush=True)
    return subprocess.run(command, cwd=ROOT, check=False).returncode == 0  # noqa: S603


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-r", dest="requirements", action="append")
    parser.add_argument("--service", action="append", choices=sorted(SERVICES))
    parser.add_argument("--osv-url")
    parser.add_argument("--skip-code", action="store_true", help="Only the dependencies.")
    args = parser.parse_args(argv)
    requirements = args.requirements or [
        str(ROOT / "requirements.txt"),
        str(ROOT / "requirements-dev.txt"),
    ]
    code_ok = args.skip_code or check_code()
    dependencies_ok = check_dependencies(
        args.service or ["pypi", "osv"], requirements, args.osv_url
    )
    return 0 if code_ok and dependencies_ok else 1


if __name__ == "__main__":
    sys.exit(main())
