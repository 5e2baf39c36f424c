"""docs/security.md: every test it names exists, and CI's security stage runs what it says."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r"(tests/[\w/]+\.py)::(\w+)")


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_every_test_the_checklist_names_exists():
    text = (ROOT / "docs" / "security.md").read_text()
    references = REFERENCE.findall(text)
    assert len(references) > 30
    for file, name in references:
        assert name in _test_names(ROOT / file), f"{file}::{name}"


def test_ci_runs_the_security_stage_with_pip_audit_and_the_security_rules():
    makefile = (ROOT / "Makefile").read_text()
    audit = makefile[makefile.index("\naudit:") :].split("\n\n", 1)[0]
    assert "$(BIN)/python .ci/security_check.py" in audit
    assert re.search(
        r'^stage "security[^"]*" make audit$', (ROOT / ".ci" / "run").read_text(), re.M
    )
    script = (ROOT / ".ci" / "security_check.py").read_text()
    assert '"--select", "S,BLE"' in script and "pip-audit" in script
    assert '"requirements.txt"' in script and '"requirements-dev.txt"' in script
    assert re.search(r"^pip-audit==", (ROOT / "requirements-dev.txt").read_text(), re.M)
