"""Setting up the demo: demo accounts, the demo risk profiles (imported by an analyst and
approved by a supervisor, four eyes as always), the demo watch list, and how well the profiles
find the planted risks."""

from __future__ import annotations

import secrets
from importlib import resources
from pathlib import Path

import msgspec
from sqlalchemy import Connection, select

from cargotarget.model.users import Role
from cargotarget.risk.fields import Catalogue
from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import assessment
from cargotarget.store.users import user_by_name
from cargotarget.workflow import rules as lifecycle
from cargotarget.workflow.accounts import register_user, set_password
from cargotarget.workflow.pack_syntax import PackFormat
from cargotarget.workflow.rule_packs import Outcome, import_pack
from cargotarget.workflow.watchlists import (
    ListFormat,
    ListSettings,
    create_watchlist,
    import_watchlist,
    watchlists,
)

#: Demo accounts: who imports the profiles and who approves them.
ANALYST, SUPERVISOR = "demo-analyst", "demo-supervisor"
WATCHLIST = "DEMO"

#: One demo account per role, for trying the workbench (demo only: never on real data).
DEMO_ACCOUNTS: dict[str, Role] = {
    "demo-officer": Role.TARGETING_OFFICER,
    "demo-examiner": Role.EXAMINER,
    ANALYST: Role.ANALYST,
    SUPERVISOR: Role.SUPERVISOR,
    "demo-auditor": Role.AUDITOR,
    "demo-admin": Role.ADMINISTRATOR,
    "demo-carrier": Role.DATA_PROVIDER,
}


class DemoAccount(msgspec.Struct, frozen=True, kw_only=True):
    username: str
    role: Role
    password: str


def install_demo_accounts(conn: Connection) -> list[DemoAccount]:
    """Make sure every demo account exists and give each a new random password, returned
    here to be shown once (they are stored only as hashes). Audited like any account change."""
    made = []
    for name, role in DEMO_ACCOUNTS.items():
        if user_by_name(conn, name) is None:
            register_user(conn, name, [role])
        password = secrets.token_urlsafe(12)
        set_password(conn, name, password)
        made.append(DemoAccount(username=name, role=role, password=password))
    return made


class PlantedScore(msgspec.Struct, frozen=True, kw_only=True):
    planted: int
    red: int
    red_planted: int

    @property
    def recall(self) -> float:
        """Share of the planted risks that landed in the red lane."""
        return self.red_planted / self.planted if self.planted else 0.0

    @property
    def precision(self) -> float:
        """Share of the red lane (random control picks left out) that was planted."""
        return self.red_planted / self.red if self.red else 0.0


def install_demo_profiles(conn: Connection, catalogue: Catalogue, watchlist_csv: Path) -> int:
    """Create the demo accounts, import and approve the demo rule pack, and load the demo
    watch list. Returns the number of rules made active; running it again changes nothing."""
    for name, role in ((ANALYST, Role.ANALYST), (SUPERVISOR, Role.SUPERVISOR)):
        if user_by_name(conn, name) is None:
            register_user(conn, name, [role])
    pack = resources.files("cargotarget.demo").joinpath("rules.yaml").read_bytes()
    imported = import_pack(
        conn, pack, PackFormat.YAML, ANALYST, catalogue=catalogue, source="demo/rules.yaml"
    )
    activated = 0
    for rule in imported.rules:
        if rule.outcome is not Outcome.UNCHANGED:
            lifecycle.submit(conn, rule.code, ANALYST)
            lifecycle.approve(conn, rule.code, SUPERVISOR, note="demo profile")
            activated += 1
    if WATCHLIST not in {w.name for w in watchlists(conn)}:
        create_watchlist(conn, WATCHLIST, SUPERVISOR, ListSettings(threshold=90))
    import_watchlist(
        conn,
        WATCHLIST,
        watchlist_csv.read_bytes(),
        ListFormat.CSV,
        SUPERVISOR,
        file_name=watchlist_csv.name,
    )
    return activated


def planted_score(conn: Connection, ground_truth: Path) -> PlantedScore:
    """How many planted risks (bills in ``ground_truth.jsonl``) the latest assessments put in
    the red lane, and how much of the red lane they make up."""
    planted = {
        msgspec.json.decode(line)["bill_number"]
        for line in ground_truth.read_bytes().splitlines()
        if line.strip()
    }
    c, a = t.consignment.c, assessment.c
    latest = (
        select(c.bill_number, a.lane, a.random_selected)
        .join(assessment, a.version_id == c.current_version_id)
        .where(c.cancelled.is_(False))
    )
    red = {bill for bill, lane, random in conn.execute(latest) if lane == "red" and not random}
    return PlantedScore(planted=len(planted), red=len(red), red_planted=len(red & planted))
