"""The import rules of ARCHITECTURE.md, checked by import-linter (contracts in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename="pyproject.toml", no_cache=True) == 0


def test_modules_stay_small() -> None:
    """Modules are kept under 300 lines (ARCHITECTURE.md, style); migrations excepted."""
    too_long = {
        str(path.relative_to(ROOT)): length
        for path in (ROOT / "src").rglob("*.py")
        if "migrations" not in path.parts
        and (length := len(path.read_text(encoding="utf-8").splitlines())) > 300
    }
    assert too_long == {}
