"""Importing and exporting rule packs.

An import checks the whole pack first and saves nothing unless every rule passes. Each rule then
becomes a draft attributed to the importing user: a new rule for a new code, a new version when
the content differs from the rule's latest or active version, and nothing at all when it is the
same, so importing a pack twice changes nothing. Imported drafts go through the usual approval.
An export writes the active versions (or the latest version of every rule).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

import msgspec
from sqlalchemy import Connection

from cargotarget.model.rules import RuleStatus
from cargotarget.risk.fields import Catalogue
from cargotarget.store import rules as store
from cargotarget.workflow.pack_format import RulePack, check_pack, encode_pack
from cargotarget.workflow.pack_syntax import PackFormat
from cargotarget.workflow.permissions import acting_user
from cargotarget.workflow.rule_checks import RuleRejected, rule_catalogue
from cargotarget.workflow.rules import AUTHORS, save_checked


class Outcome(StrEnum):
    NEW_RULE = "new rule"
    NEW_VERSION = "new version"
    UNCHANGED = "unchanged"


class ImportedRule(msgspec.Struct, frozen=True, kw_only=True):
    """What the import did with the rule at ``index`` (from 1) in the pack."""

    index: int
    code: str
    version: int
    outcome: Outcome


class PackImport(msgspec.Struct, frozen=True, kw_only=True):
    rules: tuple[ImportedRule, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.rules if r.outcome is outcome)


def import_pack(
    conn: Connection,
    data: bytes,
    fmt: PackFormat,
    username: str,
    *,
    catalogue: Catalogue | None = None,
    source: str | None = None,
) -> PackImport:
    """Import the pack in ``data`` as drafts by ``username``. Raises :class:`RuleRejected`
    with every problem (and saves nothing) when any rule fails its checks."""
    user = acting_user(conn, username, AUTHORS, "import rules")
    pack, problems = check_pack(data, fmt, catalogue or rule_catalogue())
    if problems:
        raise RuleRejected(problems)
    note = f"imported from {source}" if source else "imported from a rule pack"
    done = []
    for index, content in enumerate(pack.rules, start=1):
        saved = save_checked(conn, content, user, note)
        if not saved.changed:
            outcome = Outcome.UNCHANGED
        else:
            outcome = Outcome.NEW_RULE if saved.version.version == 1 else Outcome.NEW_VERSION
        done.append(
            ImportedRule(
                index=index, code=content.code, version=saved.version.version, outcome=outcome
            )
        )
    return PackImport(rules=tuple(done))


def export_pack(conn: Connection, *, latest: bool = False, name: str | None = None) -> RulePack:
    """The active version of every rule (with ``latest``: the newest version of every rule,
    whatever its status), by code."""
    if latest:
        versions = store.latest_versions(conn)
    else:
        versions = store.versions_with_status(conn, [RuleStatus.ACTIVE])
    return RulePack(
        name=name,
        exported_at=datetime.now(UTC).replace(microsecond=0),
        rules=tuple(v.content for v in versions),
    )


def export_text(
    conn: Connection, fmt: PackFormat, *, latest: bool = False, name: str | None = None
) -> bytes:
    """:func:`export_pack` written as YAML or JSON."""
    return encode_pack(export_pack(conn, latest=latest, name=name), fmt)
