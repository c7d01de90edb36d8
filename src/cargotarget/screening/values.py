"""Screening the coded values of a consignment against the non-name watch-list entries.

Containers, vessels (IMO numbers), bill numbers, company identifiers, countries and ports
match exactly on their normal form; an HS entry matches every code it is a prefix of; a
keyword matches a goods description or remark that holds its words in the same order. All
lookups are dictionary lookups, so a consignment costs the same against ten entries or a
million.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

import msgspec

from cargotarget.model.manifest import Consignment, Voyage
from cargotarget.screening.entries import EntryKind, WatchEntry, normal_value

_EXACT = (
    EntryKind.CONTAINER,
    EntryKind.VESSEL,
    EntryKind.BILL,
    EntryKind.COMPANY_ID,
    EntryKind.COUNTRY,
    EntryKind.PORT,
)


class FiledValue(NamedTuple):
    """A value as filed: where it stands (``field``), what kind of value it is, the text."""

    field: str
    kind: EntryKind
    value: str


class ValueHit(msgspec.Struct, frozen=True, kw_only=True):
    """A filed value that matched a listed one: ``listed`` is the entry's value in normal
    form, ``value`` the filed one (for keywords, the description it was found in)."""

    entry: WatchEntry
    field: str
    value: str
    listed: str


class ValueScreen:
    """The non-name entries of some watch lists, indexed by their normal values."""

    def __init__(self, entries: Iterable[WatchEntry]) -> None:
        self.exact: dict[tuple[EntryKind, str], list[WatchEntry]] = defaultdict(list)
        self.keywords: dict[str, list[tuple[tuple[str, ...], WatchEntry]]] = defaultdict(list)
        for entry in entries:
            self._add(entry)

    def _add(self, entry: WatchEntry) -> None:
        if entry.kind in _EXACT or entry.kind is EntryKind.HS_CODE:
            self.exact[(entry.kind, normal_value(entry.kind, entry.value))].append(entry)
        elif entry.kind is EntryKind.KEYWORD:
            words = tuple(normal_value(EntryKind.KEYWORD, entry.value).split())
            if words:
                self.keywords[words[0]].append((words, entry))
        for identifier in entry.identifiers:
            key = (EntryKind.COMPANY_ID, normal_value(EntryKind.COMPANY_ID, identifier.value))
            self.exact[key].append(entry)

    def screen(self, values: Iterable[FiledValue], *, on: date) -> list[ValueHit]:
        """Every entry in force on ``on`` that one of ``values`` matches."""
        hits: list[ValueHit] = []
        for filed in values:
            for entry, listed in self._matches(filed):
                if entry.active_on(on):
                    hits.append(
                        ValueHit(entry=entry, field=filed.field, value=filed.value, listed=listed)
                    )
        return hits

    def screen_consignment(
        self, consignment: Consignment, voyage: Voyage | None = None, *, on: date
    ) -> list[ValueHit]:
        """Every value entry that a consignment (and its voyage) matches on ``on``."""
        return self.screen(consignment_values(consignment, voyage), on=on)

    def _matches(self, filed: FiledValue) -> list[tuple[WatchEntry, str]]:
        """The entries ``filed`` matches, each with the listed value it matched."""
        if filed.kind is EntryKind.KEYWORD:
            return self._keyword_matches(filed.value)
        value = normal_value(filed.kind, filed.value)
        if not value:
            return []
        if filed.kind is EntryKind.HS_CODE:
            prefixes = [value[:n] for n in range(2, len(value) + 1)]
            return [
                (entry, prefix)
                for prefix in prefixes
                for entry in self.exact.get((EntryKind.HS_CODE, prefix), [])
            ]
        return [(entry, value) for entry in self.exact.get((filed.kind, value), [])]

    def _keyword_matches(self, text: str) -> list[tuple[WatchEntry, str]]:
        """Keyword entries whose words stand, in order, in ``text``."""
        words = normal_value(EntryKind.KEYWORD, text).split()
        found = []
        for start, word in enumerate(words):
            for listed, entry in self.keywords.get(word, []):
                if tuple(words[start : start + len(listed)]) == listed:
                    found.append((entry, " ".join(listed)))
        return found


def consignment_values(consignment: Consignment, voyage: Voyage | None = None) -> list[FiledValue]:
    """The values of a consignment (and its voyage) that value entries can match."""
    c = consignment
    values = [FiledValue("bill_number", EntryKind.BILL, c.bill_number)]
    if c.master_bill_number:
        values.append(FiledValue("master_bill_number", EntryKind.BILL, c.master_bill_number))
    values += [FiledValue("equipment.number", EntryKind.CONTAINER, e.number) for e in c.equipment]
    route = c.route
    ports = [
        ("route.port_of_loading", route.port_of_loading),
        ("route.port_of_discharge", route.port_of_discharge),
        ("route.place_of_receipt", route.place_of_receipt),
        ("route.place_of_delivery", route.place_of_delivery),
        *(("route.transshipment_ports", p) for p in route.transshipment_ports),
    ]
    values += [FiledValue(field, EntryKind.PORT, p) for field, p in ports if p]
    countries = [("route.origin_country", route.origin_country)]
    countries += [("route.countries_of_routing", code) for code in route.countries_of_routing]
    countries += [(f"parties.{p.role}.address.country", p.address.country) for p in c.parties]
    values += [FiledValue(field, EntryKind.COUNTRY, code) for field, code in countries if code]
    for party in c.parties:
        values += [
            FiledValue(
                f"parties.{party.role}.identifiers.{i.scheme}", EntryKind.COMPANY_ID, i.value
            )
            for i in party.identifiers
        ]
    for item in c.goods:
        where = f"goods[{item.sequence}]"
        if item.hs_code:
            values.append(FiledValue(f"{where}.hs_code", EntryKind.HS_CODE, item.hs_code))
        values.append(FiledValue(f"{where}.description", EntryKind.KEYWORD, item.description))
        values += [
            FiledValue(f"{where}.container_numbers", EntryKind.CONTAINER, n)
            for n in item.container_numbers
        ]
    values += [FiledValue("remarks", EntryKind.KEYWORD, remark) for remark in c.remarks]
    if voyage is not None and voyage.imo_number:
        values.append(FiledValue("voyage.imo_number", EntryKind.VESSEL, voyage.imo_number))
    return values
