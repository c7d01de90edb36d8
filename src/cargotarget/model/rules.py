"""Risk rules (profiles): what a rule says, its versions, and the lifecycle a version goes
through before it may fire.

A rule has a stable code (``NARC-0001``) and a series of immutable versions. A version's content
(:class:`RuleContent`) never changes once saved; a change is a new version. A version starts as a
draft, is submitted for approval, and becomes active only when a supervisor other than its
author approves it. Activating a version retires the rule's previously active version. A version
whose ``valid_to`` day has passed is expired: it stays active in the record but no longer fires.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from enum import StrEnum

import msgspec

from cargotarget.model.manifest import Flow, TransportMode


class ThreatCategory(StrEnum):
    """The customs threat a rule looks for (see DOMAIN.md, threat categories)."""

    NARCOTICS = "narcotics"
    WEAPONS = "weapons"
    REVENUE = "revenue"
    IPR = "ipr"
    WILDLIFE = "wildlife"
    STRATEGIC = "strategic"
    SPS = "sps"
    DANGEROUS_GOODS = "dangerous_goods"
    MONEY_LAUNDERING = "money_laundering"
    OTHER = "other"


class RuleAction(StrEnum):
    """What a hit asks for: from a note in the explanation to a do-not-load answer."""

    TARGET = "target"
    DOCUMENT_CHECK = "document_check"
    SCAN = "scan"
    PHYSICAL = "physical"
    REQUEST_INFORMATION = "request_information"
    DO_NOT_LOAD = "do_not_load"
    INFORMATION_ONLY = "information_only"


class RuleStatus(StrEnum):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"
    ACTIVE = "active"
    REJECTED = "rejected"
    RETIRED = "retired"


#: The allowed moves between statuses. Rejected and retired versions are final: the author
#: answers a rejection with a new version.
TRANSITIONS: dict[RuleStatus, frozenset[RuleStatus]] = {
    RuleStatus.DRAFT: frozenset({RuleStatus.PENDING_APPROVAL, RuleStatus.RETIRED}),
    RuleStatus.PENDING_APPROVAL: frozenset(
        {RuleStatus.ACTIVE, RuleStatus.REJECTED, RuleStatus.RETIRED}
    ),
    RuleStatus.ACTIVE: frozenset({RuleStatus.RETIRED}),
    RuleStatus.REJECTED: frozenset(),
    RuleStatus.RETIRED: frozenset(),
}

#: Statuses of a version still on its way to activation.
OPEN_STATUSES = frozenset({RuleStatus.DRAFT, RuleStatus.PENDING_APPROVAL})


def utc_day(at: datetime) -> date:
    """The UTC calendar day of ``at`` (a naive time is taken as UTC): validity is by UTC day."""
    return at.date() if at.tzinfo is None else at.astimezone(UTC).date()


class Scope(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Where a rule applies. An empty list means every value: a rule with an empty scope
    applies to all flows, modes and ports."""

    flows: tuple[Flow, ...] = ()
    modes: tuple[TransportMode, ...] = ()
    ports_of_discharge: tuple[str, ...] = ()
    ports_of_loading: tuple[str, ...] = ()

    def covers(
        self,
        *,
        flow: str | None = None,
        mode: str | None = None,
        port_of_discharge: str | None = None,
        port_of_loading: str | None = None,
    ) -> bool:
        """Whether the rule applies to consignments with these values (``None``: any)."""
        wanted = (
            (self.flows, flow),
            (self.modes, mode),
            (self.ports_of_discharge, port_of_discharge),
            (self.ports_of_loading, port_of_loading),
        )
        return all(value is None or not listed or value in listed for listed, value in wanted)


class RuleContent(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Everything an analyst writes in one version of a rule.

    ``weight`` adds to a consignment's score when the rule hits (negative for rules that lower
    risk, such as trusted-trader status). ``valid_from`` and ``valid_to`` are inclusive UTC
    days; either may be left open. ``owner`` names the unit answerable for the rule.
    """

    code: str
    name: str
    condition: str
    rationale: str
    threat: ThreatCategory
    weight: float
    action: RuleAction
    scope: Scope = Scope()
    valid_from: date | None = None
    valid_to: date | None = None
    owner: str | None = None

    def fingerprint(self) -> str:
        """A digest of the content: two versions with the same fingerprint say the same."""
        return hashlib.sha256(msgspec.json.encode(self)).hexdigest()

    def valid_on(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to


class RuleVersion(msgspec.Struct, frozen=True, kw_only=True):
    """A saved version of a rule with its lifecycle status and its author."""

    id: int
    rule_id: int
    version: int
    status: RuleStatus
    content: RuleContent
    author: str
    created_at: datetime

    @property
    def code(self) -> str:
        return self.content.code

    def expired(self, at: datetime) -> bool:
        """Whether the validity period ended before the day of ``at``."""
        valid_to = self.content.valid_to
        return valid_to is not None and utc_day(at) > valid_to

    def in_force(self, at: datetime) -> bool:
        """Whether this version fires at ``at``: active and within its validity period."""
        return self.status is RuleStatus.ACTIVE and self.content.valid_on(utc_day(at))


class RuleEvent(msgspec.Struct, frozen=True, kw_only=True):
    """One recorded step in a rule's life: who moved which version from what to what, when,
    and why. Events are only ever added."""

    version: int
    action: str
    from_status: RuleStatus | None
    to_status: RuleStatus
    username: str
    at: datetime
    note: str | None
