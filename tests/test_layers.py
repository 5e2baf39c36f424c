"""The one-way layers hold: import-linter checks the contracts in pyproject.toml
(`[tool.importlinter]`), and a forbidden import in a copy of the package makes the check fail."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports(package_parent: Path) -> subprocess.CompletedProcess:
    # A fresh interpreter, so that `campaign` is found under `package_parent` and not reused from
    # this process's imports.
    script = (
        "import sys\n"
        "from importlinter.cli import lint_imports\n"
        f"sys.exit(lint_imports(config_filename={str(ROOT / 'pyproject.toml')!r},"
        " no_cache=True, no_logo=True))\n"
    )
    return subprocess.run(  # noqa: S603 - a fixed command, no outside input
        [sys.executable, "-c", script],
        cwd=package_parent,
        env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_package_imports_only_from_the_layers_below_it():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_import_from_the_shared_layer_up_into_a_feature_breaks_the_check(tmp_path):
    shutil.copytree(
        ROOT / "campaign", tmp_path / "campaign", ignore=shutil.ignore_patterns("__pycache__")
    )
    consent = tmp_path / "campaign" / "core" / "consent.py"
    consent.write_text(consent.read_text() + "\nfrom campaign.petitions import signing  # noqa\n")

    result = _lint_imports(tmp_path)

    assert result.returncode == 1
    assert "campaign.core.consent -> campaign.petitions.signing" in result.stdout
    assert "2 broken" in result.stdout


def test_the_architecture_map_names_only_files_and_packages_that_exist():
    # docs/architecture.md traces a signature and a booklet through files by name; a move that
    # leaves the map behind fails here.
    import re

    text = (ROOT / "docs" / "architecture.md").read_text()
    named = set(re.findall(r"`((?:[a-z_]+/)+(?:[a-z_]+\.py)?)`", text))
    assert len(named) > 15
    missing = sorted(
        name
        for name in named
        if not ((ROOT / "campaign" / name).exists() or (ROOT / name).exists())
    )
    assert missing == []


def test_the_architecture_map_draws_the_same_layers_as_the_contract():
    text = (ROOT / "docs" / "architecture.md").read_text()
    for line in ("campaigners   |   booklets", "places    |   mail", "core     |   charts"):
        assert line in text
