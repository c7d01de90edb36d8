"""What a back-test tries: a rule that is not live yet, or a change of weight or lane thresholds.

A candidate rule comes from the store (a draft or pending version, or the active one with
another weight), from a rule pack, or from a bare condition. Whatever its source, it passes the
same checks as a rule being saved (:func:`~cargotarget.workflow.rule_checks.check_rule`), and a
candidate with problems is refused with all of them, each with its position, before anything
runs.
"""

from __future__ import annotations

from datetime import datetime

import msgspec
from sqlalchemy import Connection

from cargotarget.model.rules import (
    RuleAction,
    RuleContent,
    RuleStatus,
    RuleVersion,
    ThreatCategory,
)
from cargotarget.risk.fields import Catalogue
from cargotarget.risk.scoring import ScoringConfig
from cargotarget.store import rules as store
from cargotarget.workflow.pack_format import check_pack
from cargotarget.workflow.pack_syntax import PackFormat
from cargotarget.workflow.rule_checks import RuleProblem, RuleRejected, check_rule
from cargotarget.workflow.rules import UnknownRule

#: The code a bare condition is tried under, unless another is given.
DRY_RUN_CODE = "DRY-RUN"


class Candidate(msgspec.Struct, frozen=True, kw_only=True):
    """A checked rule to try, the stored version it comes from (if any), and the lane
    thresholds to try with it (``None``: the thresholds in force)."""

    rule: RuleContent
    stored: RuleVersion | None = None
    scoring: ScoringConfig | None = None

    @property
    def label(self) -> str:
        """``NARC-0001 version 3``, or ``NARC-0001 (not saved)``."""
        if self.stored is None:
            return f"{self.rule.code} (not saved)"
        changed = " with changes" if self.stored.content != self.rule else ""
        return f"{self.rule.code} version {self.stored.version}{changed}"

    def as_version(self, at: datetime) -> RuleVersion:
        """The candidate as a rule version for evaluation (id 0 when not saved)."""
        if self.stored is not None:
            return msgspec.structs.replace(self.stored, content=self.rule)
        return RuleVersion(
            id=0,
            rule_id=0,
            version=0,
            status=RuleStatus.DRAFT,
            content=self.rule,
            author="",
            created_at=at,
        )


def _checked(content: RuleContent, catalogue: Catalogue) -> RuleContent:
    normal, problems = check_rule(content, catalogue)
    if problems:
        raise RuleRejected(problems)
    return normal


def stored_candidate(
    conn: Connection, code: str, catalogue: Catalogue, *, version: int | None = None
) -> Candidate:
    """Version ``version`` (the latest without one) of stored rule ``code``, checked again
    against today's catalogue."""
    code = code.strip().upper()
    history = store.versions(conn, code)
    if not history:
        raise UnknownRule(f"no rule with code {code!r}")
    found = (
        history[-1] if version is None else next((v for v in history if v.version == version), None)
    )
    if found is None:
        raise UnknownRule(f"rule {code} has no version {version}")
    return Candidate(rule=_checked(found.content, catalogue), stored=found)


def pack_candidate(data: bytes, fmt: PackFormat, code: str, catalogue: Catalogue) -> Candidate:
    """Rule ``code`` of a rule pack; the problems of that rule (and of the pack as a file)
    refuse it, those of the pack's other rules do not matter here."""
    code = code.strip().upper()
    pack, problems = check_pack(data, fmt, catalogue)
    own = [p for p in problems if (p.code or "").strip().upper() == code]
    if own:
        raise RuleRejected(own)
    found = next((rule for rule in pack.rules if rule.code == code), None)
    if found is None:
        raise UnknownRule(f"the pack has no valid rule with code {code!r}")
    return Candidate(rule=found)


def condition_candidate(
    condition: str,
    catalogue: Catalogue,
    *,
    weight: float,
    code: str = DRY_RUN_CODE,
    threat: ThreatCategory = ThreatCategory.OTHER,
    action: RuleAction = RuleAction.TARGET,
) -> Candidate:
    """A rule made of a bare condition and a weight (under ``code``: the code of an active
    rule tries a new condition for it)."""
    content = RuleContent(
        code=code,
        name=f"dry run of {code}",
        condition=condition,
        rationale="A condition tried on stored history before it is written up as a rule.",
        threat=threat,
        weight=weight,
        action=action,
    )
    return Candidate(rule=_checked(content, catalogue))


def changed(
    candidate: Candidate,
    catalogue: Catalogue,
    *,
    weight: float | None = None,
    yellow: float | None = None,
    red: float | None = None,
    base: ScoringConfig | None = None,
) -> Candidate:
    """The candidate with another weight, or with other lane thresholds than ``base`` (the
    thresholds in force)."""
    rule = candidate.rule
    if weight is not None:
        rule = _checked(msgspec.structs.replace(rule, weight=weight), catalogue)
    scoring = candidate.scoring
    if yellow is not None or red is not None:
        values = msgspec.structs.asdict(scoring or base or ScoringConfig())
        values["yellow_from"] = values["yellow_from"] if yellow is None else yellow
        values["red_from"] = values["red_from"] if red is None else red
        try:
            scoring = ScoringConfig(**values)
        except ValueError as error:
            raise RuleRejected([RuleProblem(message=str(error), field="thresholds")]) from None
    return msgspec.structs.replace(candidate, rule=rule, scoring=scoring)
