"""docs/workbench.md shows who may do what: its table must be the one the app enforces."""

from __future__ import annotations

from pathlib import Path

from cargotarget.model.access import GRANTS, Permission
from cargotarget.model.users import Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "workbench.md"


def test_the_documented_permissions_are_the_enforced_ones() -> None:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == len(Role) + 1 and cells[0] in Permission.__members__.values():
            rows[Permission(cells[0])] = {
                role for role, cell in zip(Role, cells[1:], strict=True) if cell == "yes"
            }
    expected = {
        permission: {role for role in Role if permission in GRANTS[role]}
        for permission in Permission
        if permission not in (Permission.PUBLIC, Permission.SIGNED_IN)
    }
    assert rows == expected
