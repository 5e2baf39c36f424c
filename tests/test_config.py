"""One source of settings: campaign/config.py reads the environment, once, with one default, and
everything else reads `app.config`."""

import ast
from pathlib import Path

import pytest
from flask import Flask

from campaign.config import Config, DevelopmentConfig, TestConfig

CAMPAIGN = Path(__file__).resolve().parent.parent / "campaign"
# Only the config module reads the environment. (campaign.places.postcode_index runs without
# Flask, so it asks campaign.config.postcode_index_path() rather than an app.)
READS_ENVIRONMENT = {CAMPAIGN / "config.py"}


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(), str(path))) for path in CAMPAIGN.rglob("*.py")]


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(CAMPAIGN.parent)}:{getattr(node, 'lineno', '?')}"


def _reads_environment(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "environb"}:
        return isinstance(node.value, ast.Name) and node.value.id == "os"
    if isinstance(node, ast.ImportFrom) and node.module == "os":
        return any(alias.name in {"environ", "getenv", "environb"} for alias in node.names)
    return False


def _is_setting(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.isupper()
        and node.value.replace("_", "").isalnum()
    )


def _config_receiver(node: ast.AST) -> bool:
    """`config`, `app.config`, `current_app.config`, `self.config`, ..."""
    return (isinstance(node, ast.Name) and node.id == "config") or (
        isinstance(node, ast.Attribute) and node.attr == "config"
    )


def _settings_read(tree: ast.Module) -> list[tuple[ast.AST, str, bool]]:
    """Every `config["X"]` and `config.get("X"[, default])`: (node, name, has a fallback)."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Subscript)
            and _config_receiver(node.value)
            and _is_setting(node.slice)
        ):
            found.append((node, node.slice.value, False))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"get", "setdefault"}
            and _config_receiver(node.func.value)
            and node.args
            and _is_setting(node.args[0])
        ):
            fallback = len(node.args) > 1 or bool(node.keywords) or node.func.attr == "setdefault"
            found.append((node, node.args[0].value, fallback))
    return found


def test_only_the_config_module_reads_the_environment():
    offenders = [
        _where(path, node)
        for path, tree in _modules()
        if path not in READS_ENVIRONMENT
        for node in ast.walk(tree)
        if _reads_environment(node)
    ]
    assert offenders == [], "read settings from app.config (campaign/config.py reads the env)"


def test_no_module_repeats_a_default_that_the_config_module_owns():
    offenders = [
        f"{_where(path, node)} {name}"
        for path, tree in _modules()
        if path != CAMPAIGN / "config.py"
        for node, name, fallback in _settings_read(tree)
        if fallback
    ]
    assert offenders == [], "write app.config['X']: the default belongs in campaign/config.py"


def test_every_setting_the_code_reads_is_defined_in_the_config_module():
    defined = set(vars(Config())) | set(Flask.default_config)
    unknown = {
        f"{_where(path, node)} {name}"
        for path, tree in _modules()
        for node, name, _ in _settings_read(tree)
        if name not in defined
    }
    assert unknown == set()


def test_the_settings_that_could_not_be_set_now_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("CAMPAIGNER_SESSION_HOURS", "2")
    monkeypatch.setenv("SIGNING_BATCH_MAX", "50")
    monkeypatch.setenv("BOOKLET_RENDER_WORKERS", "3")
    monkeypatch.setenv("BOOKLET_RENDER_INLINE", "yes")
    monkeypatch.setenv("DB_POOL_SIZE", "4")
    config = Config()
    assert config.CAMPAIGNER_SESSION_HOURS == 2
    assert config.SIGNING_BATCH_MAX == 50
    assert config.BOOKLET_RENDER_WORKERS == 3
    assert config.BOOKLET_RENDER_INLINE is True
    assert config.DB_POOL_SIZE == 4


def test_each_setting_has_its_default_when_the_environment_is_silent(monkeypatch):
    for name in ("CAMPAIGNER_SESSION_HOURS", "SIGNING_BATCH_MAX", "BOOKLET_RENDER_INLINE"):
        monkeypatch.delenv(name, raising=False)
    config = Config()
    assert config.CAMPAIGNER_SESSION_HOURS == 12
    assert config.SIGNING_BATCH_MAX == 500
    assert config.BOOKLET_RENDER_INLINE is False


@pytest.mark.parametrize("config_class", [DevelopmentConfig, TestConfig])
def test_every_config_defines_the_same_settings(config_class):
    assert set(vars(Config())) <= set(vars(config_class()))
