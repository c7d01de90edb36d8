"""Coverage and timeliness of the data: the report over a period, and voyage notices.

The store reads the rows, :mod:`cargotarget.reports` computes the figures. A reader scoped to
ports sees the figures of the cargo discharged at their ports only; messages and rejections,
which have no port, are then counted from what was filed there (rejections are unknown).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
import polars as pl
from sqlalchemy import Connection

from cargotarget.model.codes import InvalidCode, UnLocode
from cargotarget.model.manifest import TransportMode
from cargotarget.reports.deadlines import FilingRule
from cargotarget.reports.timeliness_frames import (
    COUNTS,
    FILINGS,
    MASTERS,
    NOTICES,
    frame,
    relabelled,
)
from cargotarget.reports.timeliness_report import Inputs, Scope, TimelinessReport, build_report
from cargotarget.settings import Settings
from cargotarget.store.port_scope import Ports
from cargotarget.store.timeliness import (
    Notice,
    Window,
    add_notice,
    count_rows,
    filers_of,
    filing_rows,
    master_rows,
    notice_rows,
    registered_codes,
)

#: The longest period one report covers (a year and a day: a leap year fits).
LONGEST = timedelta(days=367)
#: The period a report covers when none is asked for.
DEFAULT_DAYS = 30


class BadRequest(ValueError):
    """A period, port or notice that cannot be answered, with each problem named."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def filing_rule(settings: Settings) -> FilingRule:
    """The filing rule the settings configure."""
    return FilingRule(
        sea_hours=settings.filing_deadline_hours,
        air_hours=settings.air_filing_deadline_hours,
        air_before=settings.air_filing_deadline_before,
    )


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _port(raw: str, problems: list[str], name: str = "port") -> str:
    try:
        return str(UnLocode(raw))
    except InvalidCode as exc:
        problems.append(f"{name}: {exc.reason}")
        return raw


def timeliness_window(
    start: datetime | None,
    end: datetime | None,
    *,
    port: str | None = None,
    provider: str | None = None,
    ports: Ports = None,
    now: datetime,
) -> Window:
    """The window a report covers: ``start`` to ``end`` (UTC when naive; by default the last
    :data:`DEFAULT_DAYS` days to ``now``), checked. A ``port`` outside ``ports`` is refused
    as unknown, so that a reader learns nothing of ports they do not see."""
    problems: list[str] = []
    end = _utc(end) if end is not None else _utc(now)
    start = _utc(start) if start is not None else end - timedelta(days=DEFAULT_DAYS)
    if start >= end:
        problems.append("start: must be before end")
    elif end - start > LONGEST:
        problems.append(f"end: a report covers at most {LONGEST.days} days")
    if port is not None:
        port = _port(port, problems)
        if ports is not None and port not in ports and not problems:
            problems.append(f"port: {port} is not among your ports")
    if provider is not None and (not provider.strip() or not provider.isprintable()):
        problems.append("provider: must be printable text")
    if problems:
        raise BadRequest(problems)
    return Window(start=start, end=end, port=port, provider=provider, ports=ports)


def read_timeliness(
    conn: Connection, rule: FilingRule, window: Window, *, now: datetime, limit: int = 50
) -> TimelinessReport:
    """The report of ``window`` by ``rule``; notices count once their manifest is due before
    ``now``. Filers are grouped under the registered provider they stand for, where one is
    registered (its code), else by the name they filed under."""
    limited = window.ports is not None or window.port is not None
    if window.provider is not None:
        window = msgspec.structs.replace(window, filers=filers_of(conn, window.provider))
    frames = {
        "filings": frame(filing_rows(conn, window), FILINGS),
        "counts": frame([] if limited else count_rows(conn, window), COUNTS),
        "masters": frame(master_rows(conn, window), MASTERS),
        "notices": frame(notice_rows(conn, window, _utc(now)), NOTICES),
    }
    filers = pl.concat([f.select("provider") for f in frames.values()]).unique()
    codes = registered_codes(conn, filers.get_column("provider").drop_nulls().to_list())
    named = {name: relabelled(f, codes) for name, f in frames.items()}
    inputs = Inputs(
        filings=named["filings"],
        counts=None if limited else named["counts"],
        masters=named["masters"],
        notices=named["notices"],
    )
    scope = Scope(window.start, window.end, window.port, window.provider, limited)
    return build_report(inputs, rule, scope, limit=limit)


class NoticeRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A voyage or flight announced before its manifest: the carrier's code, the mode, the
    voyage or flight number, the port it is announced at (UN/LOCODE) and when it is expected
    to leave (``etd``: loading) and arrive (``eta``); at least one of the two."""

    carrier_code: str
    mode: str
    voyage_number: str
    port: str
    etd: datetime | None = None
    eta: datetime | None = None


def _text(value: str, name: str, longest: int, problems: list[str]) -> str:
    value = value.strip().upper()
    if not value or len(value) > longest or not value.isprintable():
        problems.append(f"{name}: must be 1 to {longest} printable characters")
    return value


def _checked(request: NoticeRequest) -> NoticeRequest:
    problems: list[str] = []
    carrier = _text(request.carrier_code, "carrier_code", 16, problems)
    number = _text(request.voyage_number, "voyage_number", 64, problems)
    port = _port(request.port, problems)
    if request.mode not in {m.value for m in TransportMode}:
        problems.append(f"mode: one of {', '.join(m.value for m in TransportMode)}")
    if request.etd is None and request.eta is None:
        problems.append("etd: an ETD or an ETA is needed")
    etd = _utc(request.etd) if request.etd is not None else None
    eta = _utc(request.eta) if request.eta is not None else None
    if etd is not None and eta is not None and eta < etd:
        problems.append("eta: must not be before etd")
    if problems:
        raise BadRequest(problems)
    return NoticeRequest(
        carrier_code=carrier, mode=request.mode, voyage_number=number, port=port, etd=etd, eta=eta
    )


def announce_voyage(
    conn: Connection, rule: FilingRule, request: NoticeRequest, *, provider: str, actor: str
) -> tuple[int, Notice]:
    """Keep the notice of ``request`` from ``provider``; its manifest is due by ``rule``.
    Returns the notice's id and the notice as kept. Raises :class:`BadRequest`."""
    wanted = _checked(request)
    notice = Notice(
        provider=provider,
        carrier_code=wanted.carrier_code,
        mode=wanted.mode,
        voyage_number=wanted.voyage_number,
        port=wanted.port,
        departure_at=wanted.etd,
        arrival_at=wanted.eta,
        due_at=rule.due(wanted.mode, wanted.etd, wanted.eta),
        received_at=datetime.now(UTC),
        announced_by=actor,
    )
    return add_notice(conn, notice), notice


def parse_moment(text: str | None, name: str, *, end: bool = False) -> datetime | None:
    """An ISO date or date and time from a form or query (blank: None). A date alone means
    the start of that day, or for an ``end`` the end of it (so that a period of dates
    includes its last day); times without a zone are UTC."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    try:
        if len(text) <= 10:
            day = datetime.fromisoformat(text).replace(tzinfo=UTC)
            return day + timedelta(days=1) if end else day
        return _utc(datetime.fromisoformat(text))
    except ValueError:
        raise BadRequest([f"{name}: not a date (YYYY-MM-DD) or date and time"]) from None


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    """A report's filters as typed in a form, a query or on the command line: ISO dates or
    date-times, a UN/LOCODE and a provider; blank is the same as none."""

    start: str | None = None
    end: str | None = None
    port: str | None = None
    provider: str | None = None


def _given(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


def window_of(filters: Filters, *, ports: Ports, now: datetime) -> Window:
    """The checked window of ``filters`` for a reader of ``ports`` (see
    :func:`timeliness_window`); raises :class:`BadRequest` with every problem named."""
    return timeliness_window(
        parse_moment(filters.start, "start"),
        parse_moment(filters.end, "end", end=True),
        port=_given(filters.port),
        provider=_given(filters.provider),
        ports=ports,
        now=now,
    )
