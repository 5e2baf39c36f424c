"""Postcode lookup: latency, time to ready and memory, for issue 5's targets; and the index
build with every postcode's Westminster constituency (issue 15).

    .venv/bin/python bench/postcode_lookup.py [SAMPLE_SIZE] [--build]

Targets: p99 under 2 ms per lookup (council and constituency), ready within 2 s of process
start, under 150 MB resident; with --build, the index rebuilt (into a temporary file) in under
60 s. Each figure is measured in a fresh child process so start-up and memory are the real ones.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, random, sys, time
started = time.perf_counter()
import campaign  # the app package itself imports Flask and its extensions
imported = time.perf_counter() - started
def rss_mb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
rss_imports = rss_mb("VmRSS")
from campaign.places import locate
from campaign.places import postcode_index
first = locate("S1 2HH")
ready = time.perf_counter() - started
rss_ready = rss_mb("VmRSS")
assert (first.council_code, first.constituency_code) == ("E08000039", "E14001467"), first

index = postcode_index.open_index()
rng = random.Random(2025)
size = int(sys.argv[1])
# Real postcodes from the directory, typed as people type them: lower case, no space.
picks = (index.postcode_at(rng.randrange(len(index))) for _ in range(size))
sample = [postcode.lower().replace(" ", "") for postcode in picks]
timings = []
statuses = {}
with_constituency = 0
clock = time.perf_counter_ns
for raw in sample:
    t0 = clock()
    location = locate(raw)
    timings.append(clock() - t0)
    statuses[location.status] = statuses.get(location.status, 0) + 1
    with_constituency += location.constituency_code is not None
timings.sort()
pick = lambda q: timings[min(len(timings) - 1, int(q * len(timings)))] / 1e6
print(json.dumps({
    "ready_s": ready, "import_campaign_s": imported, "rss_imports_mb": rss_imports,
    "lookups": size, "with_constituency": with_constituency,
    "p50_ms": pick(0.50), "p99_ms": pick(0.99), "p999_ms": pick(0.999), "max_ms": timings[-1] / 1e6,
    "statuses": statuses,
    "rss_after_ready_mb": rss_ready,
    "rss_mb": rss_mb("VmRSS"), "peak_rss_mb": rss_mb("VmHWM"),
    "rss_anon_mb": rss_mb("RssAnon"), "rss_file_mb": rss_mb("RssFile"),
}))
"""


def build() -> None:
    """Rebuild the index into a temporary file, timed from a fresh process as `make` runs it."""
    with tempfile.TemporaryDirectory() as scratch:
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "campaign.places.postcode_index", "build", f"{scratch}/i.bin"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        elapsed = time.perf_counter() - started
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    # On a shared machine the wall time depends on everyone else's load; the CPU time does not.
    load = os.getloadavg()[0]
    print(
        f"index build: {elapsed:.1f} s wall, {cpu:.1f} s CPU (target < 60 s), "
        f"load average {load:.1f}\n  {out.strip()}"
    )


def main() -> None:
    args = [arg for arg in sys.argv[1:] if arg != "--build"]
    size = int(args[0]) if args else 200_000
    python = sys.executable
    if "--build" in sys.argv:
        build()
    # Make sure the index exists, so the figures are for a normal start rather than a first build.
    subprocess.run(
        [python, "-c", "from campaign.places import locate; locate('S1 2HH')"], cwd=ROOT, check=True
    )
    started = time.perf_counter()
    subprocess.run(
        [python, "-c", "from campaign.places import locate; locate('S1 2HH')"], cwd=ROOT, check=True
    )
    process_to_first_answer = time.perf_counter() - started
    out = subprocess.run(
        [python, "-c", CHILD, str(size)], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    figures = json.loads(out)
    print(
        f"postcode lookups: {figures['lookups']:,} random real postcodes "
        f"(statuses {figures['statuses']}), each with its council and constituency; "
        f"{figures['with_constituency']:,} of them in a constituency"
    )
    print(
        f"  p50 {figures['p50_ms']:.4f} ms   p99 {figures['p99_ms']:.4f} ms   "
        f"p99.9 {figures['p999_ms']:.4f} ms   max {figures['max_ms']:.2f} ms  (target p99 < 2 ms)"
    )
    print(
        f"  ready: {figures['ready_s']:.3f} s from import to first answer "
        f"(of which {figures['import_campaign_s']:.3f} s importing the app package, "
        f"{figures['ready_s'] - figures['import_campaign_s']:.3f} s opening the index and "
        "answering); "
        f"{process_to_first_answer:.3f} s from launching python to first answer (target < 2 s)"
    )
    print(
        f"  resident: {figures['rss_after_ready_mb']:.1f} MB once ready, "
        f"{figures['rss_mb']:.1f} MB after the lookups (incl. the sample list), "
        f"peak {figures['peak_rss_mb']:.1f} MB (target < 150 MB)"
    )
    print(
        f"  of which {figures['rss_imports_mb']:.1f} MB is Python with the app package imported; "
        f"after the lookups {figures['rss_file_mb']:.1f} MB is file-backed (the mapped index "
        f"and libraries, shared between processes) and {figures['rss_anon_mb']:.1f} MB private"
    )


if __name__ == "__main__":
    main()
