"""Data provider administration: register a provider, add an identifier, link an account that
files for it, deactivate or reactivate it. Every change is audited under the administrator's
name; each function works inside the caller's transaction.

An identifier value of a scheme names one provider only (a SCAC or an EDI sender id shared by
two providers would make their messages impossible to tell apart); an account files for one
provider only, since its tokens speak for that provider.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.providers import (
    MAX_CONTACT,
    MAX_NAME,
    DataProvider,
    IdentifierScheme,
    InvalidProvider,
    ProviderKind,
    normal_code,
    normal_identifier,
    plain_text,
)
from cargotarget.model.users import Role, User
from cargotarget.store import providers as store
from cargotarget.store.audit import append_event
from cargotarget.store.users import user_by_name
from cargotarget.workflow.permissions import NotAllowed, UnknownUser

__all__ = [
    "InvalidProvider",
    "ProviderConflict",
    "UnknownProvider",
    "add_identifier",
    "filer_scope",
    "filing_provider",
    "find_provider",
    "link_account",
    "register_provider",
    "set_provider_active",
]


class UnknownProvider(LookupError):
    """No provider with that code."""


class ProviderConflict(ValueError):
    """The code, identifier or account is already taken."""


def _audit(conn: Connection, actor: str, code: str, detail: dict[str, object]) -> None:
    append_event(conn, actor, AuditAction.PROVIDER_CHANGE, ("provider", code), detail)


def find_provider(conn: Connection, code: str) -> DataProvider:
    """The provider registered as ``code``; raises :class:`UnknownProvider`."""
    try:
        wanted = normal_code(code)
    except InvalidProvider as exc:
        raise UnknownProvider(str(exc)) from exc
    found = store.provider_by_code(conn, wanted)
    if found is None:
        raise UnknownProvider(f"no provider is registered as {wanted}")
    return found


def register_provider(
    conn: Connection,
    code: str,
    name: str,
    kind: ProviderKind,
    *,
    actor: str,
    contact: str = "",
) -> DataProvider:
    """Register a new, active provider under ``code``."""
    wanted = normal_code(code)
    values = {
        "code": wanted,
        "name": plain_text(name, "name", MAX_NAME, required=True),
        "kind": ProviderKind(kind).value,
        "contact": plain_text(contact, "contact", MAX_CONTACT, required=False),
        "active": True,
        "created_at": datetime.now(UTC),
        "created_by": actor,
    }
    if store.provider_by_code(conn, wanted) is not None:
        raise ProviderConflict(f"a provider is already registered as {wanted}")
    store.add_provider(conn, values)
    detail = {k: values[k] for k in ("name", "kind", "contact")}
    _audit(conn, actor, wanted, {"step": "registered", **detail})
    return find_provider(conn, wanted)


def add_identifier(
    conn: Connection, code: str, scheme: IdentifierScheme, value: str, *, actor: str
) -> DataProvider:
    """Record that ``code`` is known as ``value`` of ``scheme`` in messages."""
    provider = find_provider(conn, code)
    wanted = normal_identifier(IdentifierScheme(scheme), value)
    owner = store.identifier_owner(conn, scheme.value, wanted)
    if owner == provider.id:
        return provider
    if owner is not None:
        other = store.provider_by_id(conn, owner)
        held = other.code if other else owner
        raise ProviderConflict(f"{scheme.value} {wanted} already belongs to provider {held}")
    store.add_identifier(conn, provider.id, scheme.value, wanted, datetime.now(UTC), actor)
    _audit(conn, actor, provider.code, {"step": "identifier", "scheme": scheme, "value": wanted})
    return find_provider(conn, provider.code)


def link_account(conn: Connection, code: str, username: str, *, actor: str) -> DataProvider:
    """Let the data-provider account ``username`` file for ``code`` (its tokens then speak
    for the provider)."""
    provider = find_provider(conn, code)
    user = user_by_name(conn, username.strip().lower())
    if user is None:
        raise UnknownUser(f"no user named {username[:64]!r}: add one with `cargotarget users add`")
    if Role.DATA_PROVIDER not in user.roles:
        raise NotAllowed(f"{user.username} is not a data provider account, so it files for no one")
    held = store.account_provider(conn, user.id)
    if held == provider.id:
        return provider
    if held is not None:
        other = store.provider_by_id(conn, held)
        raise ProviderConflict(
            f"{user.username} already files for provider {other.code if other else held}"
        )
    store.link_account(conn, provider.id, user.id, datetime.now(UTC), actor)
    _audit(conn, actor, provider.code, {"step": "account", "account": user.username})
    return find_provider(conn, provider.code)


def set_provider_active(conn: Connection, code: str, active: bool, *, actor: str) -> DataProvider:
    """Deactivate a provider (its accounts may no longer submit) or reactivate it."""
    provider = find_provider(conn, code)
    if provider.active != active:
        store.set_active(conn, provider.id, active)
        step = "reactivated" if active else "deactivated"
        _audit(conn, actor, provider.code, {"step": step})
    return find_provider(conn, provider.code)


def filer_scope(conn: Connection, user: User) -> tuple[DataProvider | None, tuple[str, ...] | None]:
    """The provider ``user`` files for (if linked) and the filer names whose messages and
    responses are theirs: the provider's accounts and code, or the account alone; None for
    an auditor, who reads every filer's."""
    if Role.AUDITOR in user.roles:
        return None, None
    provider = store.provider_of_user(conn, user.id)
    if provider is None:
        return None, (user.username,)
    return provider, provider.filer_names


def filing_provider(conn: Connection, user: User) -> DataProvider | None:
    """The provider ``user`` files for, if linked; refuses the accounts of a deactivated
    provider (:class:`NotAllowed`)."""
    provider = store.provider_of_user(conn, user.id)
    if provider is not None and not provider.active:
        raise NotAllowed(f"provider {provider.code} is deactivated: its accounts may not file")
    return provider
