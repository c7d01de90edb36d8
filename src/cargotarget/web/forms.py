"""Reading search and queue filters from query parameters, with readable refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import msgspec

from cargotarget.store.queries import SearchCriteria

LANES = ("red", "yellow", "green")


class BadFilter(ValueError):
    """A filter value that cannot be used; the message says which and why."""


class SearchForm(msgspec.Struct, kw_only=True):
    """The search fields as typed (kept to fill the form again)."""

    bill: str = ""
    container: str = ""
    party: str = ""
    hs: str = ""
    port: str = ""
    arrival_from: str = ""
    arrival_to: str = ""
    lane: str = ""

    @property
    def empty(self) -> bool:
        return not any(msgspec.structs.astuple(self))


def printable(value: str, name: str) -> str:
    """``value`` unless it holds control characters (a NUL byte, a line break, ...), which no
    bill, name, code or date has."""
    if not value.isprintable():
        raise BadFilter(f"{name} holds control characters; type it as plain text")
    return value


def _day(value: str, name: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        return datetime.combine(date.fromisoformat(value.strip()), time.min, tzinfo=UTC)
    except ValueError:
        raise BadFilter(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def lane_of(value: str) -> str | None:
    printable(value, "lane")
    lane = value.strip().lower()
    if lane and lane not in LANES:
        raise BadFilter(f"lane must be one of {', '.join(LANES)}, not {value!r}")
    return lane or None


def port_of(value: str) -> str | None:
    printable(value, "port")
    port = value.strip().upper()
    if port and not (len(port) == 5 and port.isalnum()):
        raise BadFilter(f"port must be a UN/LOCODE of 5 letters or digits, not {value!r}")
    return port or None


def criteria_of(
    form: SearchForm, limit: int = 100, ports: frozenset[str] | None = None
) -> SearchCriteria:
    """The search criteria for ``form`` by a user scoped to ``ports`` (None: every port);
    raises :class:`BadFilter` with the reason (:class:`OutsidePorts` for a port filter outside
    ``ports``)."""
    for name, value in msgspec.structs.asdict(form).items():
        printable(value, name.replace("_", " "))
    hs = form.hs.replace(".", "").strip()
    if hs and not hs.isdigit():
        raise BadFilter(f"HS prefix must be digits, not {form.hs!r}")
    return SearchCriteria(
        bill=form.bill.strip() or None,
        container=form.container.strip() or None,
        party=form.party.strip() or None,
        hs_prefix=hs or None,
        port=_scoped_port(form.port, ports),
        arrival_from=_day(form.arrival_from, "arrival from"),
        arrival_to=_day(form.arrival_to, "arrival to"),
        lane=lane_of(form.lane),
        limit=limit,
        ports=ports,
    )


def _scoped_port(value: str, ports: frozenset[str] | None) -> str | None:
    port = port_of(value)
    scope_of(ports, port)
    return port


class OutsidePorts(BadFilter):
    """A port filter naming a port the user is not scoped to (refused with 403)."""


def scope_of(ports: frozenset[str] | None, asked: str | None) -> str | frozenset[str] | None:
    """What a user scoped to ``ports`` (None: every port) reads when filtering by the port
    ``asked`` (None: no filter): that port, or all of the user's ports. Raises
    :class:`OutsidePorts` for a port the user does not see."""
    if asked is None:
        return ports
    if ports is not None and asked not in ports:
        yours = ", ".join(sorted(ports)) or "none"
        raise OutsidePorts(f"port {asked} is not one of your ports ({yours})")
    return asked
