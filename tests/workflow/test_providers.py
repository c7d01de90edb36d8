"""Data provider administration on SQLite and PostgreSQL: registration, identifiers, filing
accounts, deactivation, the refusals, and the audit trail of each change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.providers import IdentifierScheme, InvalidProvider, ProviderKind
from cargotarget.model.users import Role
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.providers import provider_naming, provider_of_user
from cargotarget.store.users import add_user, user_by_name
from cargotarget.workflow.permissions import NotAllowed, UnknownUser
from cargotarget.workflow.providers import (
    ProviderConflict,
    UnknownProvider,
    add_identifier,
    find_provider,
    link_account,
    register_provider,
    set_provider_active,
)
from cargotarget.workflow.workspace import Workspace

ADMIN = "ada"


@pytest.fixture
def conn(workspace: Workspace) -> Iterator[Connection]:
    with workspace.engine.begin() as connection:
        add_user(connection, "maeu-gw", [Role.DATA_PROVIDER])
        add_user(connection, "olga", [Role.TARGETING_OFFICER])
        yield connection


def _register(conn: Connection, code: str = "maeu") -> None:
    register_provider(
        conn, code, "Maersk A/S", ProviderKind.CARRIER, actor=ADMIN, contact="edi@maersk.example"
    )


def test_a_provider_is_registered_with_identifiers_and_accounts(conn: Connection) -> None:
    _register(conn)
    add_identifier(conn, "MAEU", IdentifierScheme.SCAC, " maeu ", actor=ADMIN)
    add_identifier(conn, "MAEU", IdentifierScheme.EDI_SENDER, "MAEUEDI01", actor=ADMIN)
    provider = link_account(conn, "maeu", "MAEU-GW", actor=ADMIN)
    assert provider.code == "MAEU"
    assert provider.kind is ProviderKind.CARRIER
    assert provider.active
    assert provider.contact == "edi@maersk.example"
    assert provider.created_by == ADMIN
    assert {(i.scheme, i.value) for i in provider.identifiers} == {
        (IdentifierScheme.SCAC, "MAEU"),
        (IdentifierScheme.EDI_SENDER, "MAEUEDI01"),
    }
    assert provider.accounts == ("maeu-gw",)
    user = user_by_name(conn, "maeu-gw")
    assert user is not None
    mine = provider_of_user(conn, user.id)
    assert mine is not None
    assert mine.code == "MAEU"
    # A consignment's filer string leads to the provider by account, code or identifier.
    for filer in ("maeu-gw", "MAEU", "maeuedi01"):
        assert provider_naming(conn, filer) == provider.id
    assert provider_naming(conn, "CMDU") is None
    assert provider.knows_sender("maeuedi01")
    assert not provider.knows_sender("CMDUEDI")


def test_every_change_is_audited(conn: Connection) -> None:
    _register(conn)
    add_identifier(conn, "MAEU", IdentifierScheme.EORI, "DK12345678", actor=ADMIN)
    link_account(conn, "MAEU", "maeu-gw", actor=ADMIN)
    set_provider_active(conn, "MAEU", False, actor=ADMIN)
    set_provider_active(conn, "MAEU", False, actor=ADMIN)  # no change, no event
    events = audit_events(conn, AuditFilter(action=AuditAction.PROVIDER_CHANGE))
    steps = [e.details()["step"] for e in reversed(events)]
    assert steps == ["registered", "identifier", "account", "deactivated"]
    assert {e.actor for e in events} == {ADMIN}
    assert {(e.subject_kind, e.subject_id) for e in events} == {("provider", "MAEU")}
    assert events[2].details()["value"] == "DK12345678"
    assert not find_provider(conn, "maeu").active


@pytest.mark.parametrize(
    ("scheme", "value"),
    [
        (IdentifierScheme.SCAC, "MAEU1"),
        (IdentifierScheme.IATA_PREFIX, "12"),
        (IdentifierScheme.IATA_PREFIX, "ABC"),
        (IdentifierScheme.EORI, "12345"),
        (IdentifierScheme.EDI_SENDER, "X" * 36),
        (IdentifierScheme.EDI_SENDER, "BAD\x00ID"),
        (IdentifierScheme.TIN, ""),
    ],
)
def test_malformed_identifiers_are_refused(
    conn: Connection, scheme: IdentifierScheme, value: str
) -> None:
    _register(conn)
    with pytest.raises(InvalidProvider, match=scheme.value):
        add_identifier(conn, "MAEU", scheme, value, actor=ADMIN)
    assert find_provider(conn, "MAEU").identifiers == ()


@pytest.mark.parametrize(
    ("code", "name", "contact"),
    [
        ("M", "Maersk", ""),
        ("MA EU", "Maersk", ""),
        ("<script>", "Maersk", ""),
        ("X" * 33, "Maersk", ""),
        ("MAEU", "", ""),
        ("MAEU", "Maersk\nLine", ""),
        ("MAEU", "M" * 201, ""),
        ("MAEU", "Maersk", "c" * 301),
    ],
)
def test_bad_registrations_are_refused(
    conn: Connection, code: str, name: str, contact: str
) -> None:
    with pytest.raises(InvalidProvider):
        register_provider(conn, code, name, ProviderKind.OTHER, actor=ADMIN, contact=contact)
    assert audit_events(conn, AuditFilter(action=AuditAction.PROVIDER_CHANGE)) == []


def test_codes_identifiers_and_accounts_are_not_shared(conn: Connection) -> None:
    _register(conn)
    register_provider(conn, "CMDU", "CMA CGM", ProviderKind.CARRIER, actor=ADMIN)
    with pytest.raises(ProviderConflict, match="already registered"):
        _register(conn, "Maeu")
    add_identifier(conn, "MAEU", IdentifierScheme.SCAC, "MAEU", actor=ADMIN)
    add_identifier(conn, "MAEU", IdentifierScheme.SCAC, "MAEU", actor=ADMIN)  # again: no-op
    with pytest.raises(ProviderConflict, match="belongs to provider MAEU"):
        add_identifier(conn, "CMDU", IdentifierScheme.SCAC, "maeu", actor=ADMIN)
    link_account(conn, "MAEU", "maeu-gw", actor=ADMIN)
    with pytest.raises(ProviderConflict, match="already files for provider MAEU"):
        link_account(conn, "CMDU", "maeu-gw", actor=ADMIN)
    assert len(find_provider(conn, "MAEU").identifiers) == 1


def test_only_data_provider_accounts_file_and_unknowns_are_named(conn: Connection) -> None:
    _register(conn)
    with pytest.raises(NotAllowed, match="not a data provider"):
        link_account(conn, "MAEU", "olga", actor=ADMIN)
    with pytest.raises(UnknownUser):
        link_account(conn, "MAEU", "nobody", actor=ADMIN)
    with pytest.raises(UnknownProvider, match="no provider is registered as ZZZZ"):
        link_account(conn, "ZZZZ", "maeu-gw", actor=ADMIN)
    with pytest.raises(UnknownProvider):
        find_provider(conn, "bad code!")
