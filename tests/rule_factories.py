"""People and rules for the tests of rules, rule packs and watch lists."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import Connection

from cargotarget.model.rules import RuleAction, RuleContent, Scope, ThreatCategory
from cargotarget.model.users import Role
from cargotarget.store.users import add_user

#: user name -> roles: two analysts, two supervisors (one also an analyst) and an examiner.
PEOPLE: dict[str, tuple[Role, ...]] = {
    "alice": (Role.ANALYST,),
    "anton": (Role.ANALYST,),
    "bob": (Role.SUPERVISOR,),
    "sam": (Role.SUPERVISOR, Role.ANALYST),
    "erin": (Role.EXAMINER,),
}


def add_people(conn: Connection) -> None:
    for name, roles in PEOPLE.items():
        add_user(conn, name, roles)


def rule(code: str = "NARC-0001", **changes: Any) -> RuleContent:
    """A valid rule; ``changes`` replace fields."""
    base = RuleContent(
        code=code,
        name="Bananas from source countries",
        condition="origin_country IN ('CO','EC') AND hs_code LIKE '0803%'",
        rationale="Cocaine found in banana boxes from Colombia and Ecuador.",
        threat=ThreatCategory.NARCOTICS,
        weight=40.0,
        action=RuleAction.PHYSICAL,
        scope=Scope(),
    )
    return msgspec.structs.replace(base, **changes)
