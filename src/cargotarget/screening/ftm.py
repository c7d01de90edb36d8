"""Watch lists in FollowTheMoney JSON lines, the format OpenSanctions publishes.

Each line is one entity: ``{"id": ..., "schema": ..., "properties": {name: [values]}, ...}``.
Person, Company, Organization, LegalEntity and PublicBody entities become party entries
(names from ``name``; aliases from ``alias``, ``weakAlias`` and ``previousName``); Vessel
entities become vessel entries keyed by ``imoNumber``. Sanction entities add their program,
reason and dates to the entity they name, Address entities fill ``addressEntity`` links, and
Identification/Passport entities add document numbers. ``topics`` give the reason and the
severity. Other FollowTheMoney schemata (ownerships, directorships, ...) are counted as
skipped; a line that is not such an entity is reported with its number and the reason.
"""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from cargotarget.model.manifest import Address, Identifier
from cargotarget.model.problems import Problem
from cargotarget.screening.entries import EntryKind, Severity, WatchEntry, normal_value
from cargotarget.screening.ftm_schema import (
    ALIAS_PROPERTIES,
    COUNTRY_PROPERTIES,
    IDENTIFIER_PROPERTIES,
    KNOWN_SCHEMATA,
    PARTY_SCHEMATA,
    TOPICS,
)
from cargotarget.screening.text_input import (
    LoadResult,
    Source,
    decode_lines,
    in_line_order,
    problem,
    read_bytes,
)

Properties = dict[str, list[str]]


class Entity(msgspec.Struct, frozen=True):
    """One FollowTheMoney entity as a line carries it (other top-level fields ignored)."""

    id: str
    schema: str
    properties: Properties = {}
    datasets: list[str] = []


class _Extras(msgspec.Struct):
    """What the supporting entities of a file add to the entities they name."""

    addresses: dict[str, str] = {}
    sanctions: dict[str, list[Properties]] = {}
    documents: dict[str, list[Identifier]] = {}


_decoder = msgspec.json.Decoder(Entity)


def load_ftm(source: Source, *, list_name: str, source_name: str = "") -> LoadResult:
    """Read FollowTheMoney JSON lines into entries of ``list_name``."""
    lines, problems = decode_lines(read_bytes(source))
    if not any(line.strip() for line in lines):
        return LoadResult(entries=(), problems=(*problems, problem(1, "empty", "empty file")))
    parties: list[tuple[int, Entity]] = []
    extras = _Extras()
    skipped = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        entity = _decode(line, number, problems)
        if entity is None:
            continue
        if entity.schema in PARTY_SCHEMATA or entity.schema == "Vessel":
            parties.append((number, entity))
        elif not _collect(entity, extras):
            if entity.schema in KNOWN_SCHEMATA:
                skipped += 1
            else:
                message = f"unknown schema {entity.schema!r}"
                problems.append(problem(number, "unknown_schema", message))
    entries = []
    for number, entity in parties:
        entry = _entry(entity, extras, list_name, source_name, number, problems)
        if entry is not None:
            entries.append(entry)
    return LoadResult(entries=tuple(entries), problems=in_line_order(problems), skipped=skipped)


def _decode(line: str, number: int, problems: list[Problem]) -> Entity | None:
    """The entity on one line, or None with a problem saying what is wrong with it."""
    try:
        return _decoder.decode(line)
    except msgspec.ValidationError as error:
        problems.append(problem(number, "bad_entity", f"not a FollowTheMoney entity: {error}"))
    except msgspec.DecodeError as error:
        problems.append(problem(number, "bad_json", f"not valid JSON: {error}"))
    return None


def _collect(entity: Entity, extras: _Extras) -> bool:
    """File a supporting entity under the entity it belongs to; False if it is not one."""
    props = entity.properties
    if entity.schema == "Address":
        full = _first(props, "full") or ", ".join(
            v for k in ("street", "city", "postalCode", "country") for v in props.get(k, [])
        )
        extras.addresses[entity.id] = full
    elif entity.schema == "Sanction":
        for target in props.get("entity", []):
            extras.sanctions.setdefault(target, []).append(props)
    elif entity.schema in ("Identification", "Passport"):
        number = _first(props, "number")
        for holder in props.get("holder", []):
            if number:
                scheme = (_first(props, "type") or entity.schema).upper()
                extras.documents.setdefault(holder, []).append(
                    Identifier(scheme=scheme, value=number)
                )
    else:
        return False
    return True


def _entry(
    entity: Entity,
    extras: _Extras,
    list_name: str,
    source_name: str,
    number: int,
    problems: list[Problem],
) -> WatchEntry | None:
    """The entry for a party or vessel entity, or None with a problem when it has no name
    (or, for a vessel, neither a name nor an IMO number)."""
    props = entity.properties
    names = props.get("name", [])
    imo = normal_value(EntryKind.VESSEL, _first(props, "imoNumber") or "")
    if not names and not (entity.schema == "Vessel" and imo):
        problems.append(problem(number, "no_name", f"entity {entity.id!r} has no name"))
        return None
    sanctions = extras.sanctions.get(entity.id, [])
    severity, reason = _severity_and_reason(props.get("topics", []), sanctions)
    address = _address(props, extras)
    return WatchEntry(
        entry_id=entity.id,
        list_name=list_name,
        kind=EntryKind.VESSEL if entity.schema == "Vessel" else EntryKind.PARTY,
        reason=reason,
        severity=severity,
        source=source_name or ", ".join(entity.datasets),
        value=imo if entity.schema == "Vessel" else "",
        name=names[0] if names else None,
        aliases=tuple(dict.fromkeys(n for k in ALIAS_PROPERTIES for n in props.get(k, [])))
        + tuple(names[1:]),
        address=address,
        country=next((c.upper() for k in COUNTRY_PROPERTIES for c in props.get(k, [])), None),
        identifiers=_identifiers(props) + tuple(extras.documents.get(entity.id, [])),
        valid_from=_earliest(sanctions, "startDate"),
        expires=_latest_end(sanctions),
    )


def _first(props: Properties, key: str) -> str | None:
    values = props.get(key)
    return values[0] if values else None


def _address(props: Properties, extras: _Extras) -> Address | None:
    """The entity's addresses (inline and linked), as address lines."""
    lines = [*props.get("address", [])]
    lines += [extras.addresses[a] for a in props.get("addressEntity", []) if a in extras.addresses]
    return Address(lines=tuple(dict.fromkeys(lines))) if lines else None


def _identifiers(props: Properties) -> tuple[Identifier, ...]:
    return tuple(
        Identifier(scheme=scheme, value=value)
        for key, scheme in IDENTIFIER_PROPERTIES.items()
        for value in props.get(key, [])
    )


def _severity_and_reason(topics: list[str], sanctions: list[Properties]) -> tuple[Severity, str]:
    """The most serious topic's severity, and a reason naming topics and programs."""
    known = [TOPICS[t] for t in topics if t in TOPICS]
    severity = max((s for s, _ in known), key=lambda s: s.rank, default=Severity.MEDIUM)
    words = [label for _, label in known]
    for sanction in sanctions:
        words += sanction.get("program", []) + sanction.get("reason", [])
    return severity, "; ".join(dict.fromkeys(words)) or "listed"


def _dates(sanctions: list[Properties], key: str) -> list[date]:
    found = []
    for sanction in sanctions:
        for text in sanction.get(key, []):
            try:
                found.append(date.fromisoformat(text[:10]))
            except ValueError:
                continue
    return found


def _earliest(sanctions: list[Properties], key: str) -> date | None:
    return min(_dates(sanctions, key), default=None)


def _latest_end(sanctions: list[Properties]) -> date | None:
    """The first day the listing no longer holds (the day after the last sanction ends);
    never, if any sanction has no end date."""
    if not sanctions or any(not s.get("endDate") for s in sanctions):
        return None
    last = max(_dates(sanctions, "endDate"), default=None)
    return None if last is None else last + timedelta(days=1)
