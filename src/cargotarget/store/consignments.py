"""Writing manifests: voyages, manifests and consignment versions, in bulk.

A consignment is identified by its data provider and bill number. Content is compared by hash:
the same consignment filed again changes nothing; different content becomes a new version (the
old one is kept); a cancel adds a version that marks the consignment cancelled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec
from sqlalchemy import Connection, bindparam, insert, select, update

from cargotarget.model.manifest import Consignment, Manifest, MessageFunction, Voyage
from cargotarget.model.problems import Problem
from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import assessment_queue
from cargotarget.store.bulk import insert_rows, reserve_ids
from cargotarget.store.names import name_key

_encode = msgspec.json.Encoder().encode
_IN_CHUNK = 500


class Outcome(StrEnum):
    NEW = "new"
    AMENDED = "amended"
    UNCHANGED = "unchanged"
    CANCELLED = "cancelled"
    UNKNOWN_CANCEL = "unknown_cancel"


class Filing(msgspec.Struct, frozen=True, kw_only=True):
    """Where a manifest came from: the archived message and its place in it."""

    raw_message_id: int
    message_index: int
    format: str
    provider: str
    received_at: datetime


class _Existing(msgspec.Struct):
    id: int
    version: int
    cancelled: bool
    content_hash: str


def voyage_key(voyage: Voyage) -> str:
    """The natural key of a voyage: mode, carrier, conveyance and voyage number."""
    conveyance = voyage.imo_number or voyage.vessel_name or ""
    return "|".join((voyage.mode, voyage.carrier_code or "", conveyance, voyage.voyage_number))


def save_manifest(
    conn: Connection,
    manifest: Manifest,
    filing: Filing,
    warnings: dict[str, list[Problem]] | None = None,
) -> dict[str, Outcome]:
    """Store ``manifest`` and return what happened to each bill number."""
    voyage_id = _upsert_voyage(conn, manifest.voyage)
    manifest_id = conn.execute(
        insert(t.manifest).values(
            raw_message_id=filing.raw_message_id,
            message_index=filing.message_index,
            voyage_id=voyage_id,
            reference=manifest.reference,
            provider=filing.provider,
            flow=manifest.flow,
            function=manifest.function,
            format=filing.format,
            filed_at=manifest.filed_at,
            received_at=filing.received_at,
        )
    ).inserted_primary_key
    assert manifest_id is not None
    existing = _existing(conn, filing.provider, [c.bill_number for c in manifest.consignments])
    writer = _VersionWriter(manifest, filing, voyage_id, manifest_id[0], warnings or {})
    outcomes = {
        c.bill_number: writer.plan(c, existing.get(c.bill_number)) for c in manifest.consignments
    }
    writer.flush(conn)
    return outcomes


def _upsert_voyage(conn: Connection, voyage: Voyage) -> int:
    key = voyage_key(voyage)
    found = conn.execute(
        select(t.voyage.c.id, t.voyage.c.document).where(t.voyage.c.voyage_key == key)
    ).first()
    if found is None:
        new = conn.execute(insert(t.voyage).values(voyage_key=key, **_voyage_values(voyage)))
        assert new.inserted_primary_key is not None
        return int(new.inserted_primary_key[0])
    stored = msgspec.json.decode(found.document, type=Voyage)
    merged = _merged_voyage(stored, voyage)
    if merged != stored:
        conn.execute(
            update(t.voyage).where(t.voyage.c.id == found.id).values(_voyage_values(merged))
        )
    return int(found.id)


def _merged_voyage(stored: Voyage, new: Voyage) -> Voyage:
    """The voyage as ``new`` tells it, keeping what ``stored`` knew and ``new`` leaves out: an
    air waybill that names its flight without times does not erase the times its flight
    manifest gave, while a time that changed is changed."""
    told = {
        name: value
        for name in new.__struct_fields__
        if (value := getattr(new, name)) is not None and value != ()
    }
    return msgspec.structs.replace(stored, **told)


def _voyage_values(voyage: Voyage) -> dict[str, object]:
    return {
        "mode": voyage.mode,
        "carrier_code": voyage.carrier_code,
        "vessel_name": voyage.vessel_name,
        "imo_number": voyage.imo_number,
        "voyage_number": voyage.voyage_number,
        "departure_port": voyage.departure_port,
        "departure_at": voyage.departure_at,
        "arrival_port": voyage.arrival_port,
        "arrival_at": voyage.arrival_at,
        "document": _encode(voyage).decode(),
    }


def _existing(conn: Connection, provider: str, bills: Sequence[str]) -> dict[str, _Existing]:
    c, v = t.consignment, t.consignment_version
    found: dict[str, _Existing] = {}
    for start in range(0, len(bills), _IN_CHUNK):
        query = (
            select(c.c.bill_number, c.c.id, c.c.version, c.c.cancelled, v.c.content_hash)
            .join(v, v.c.id == c.c.current_version_id)
            .where(c.c.provider == provider, c.c.bill_number.in_(bills[start : start + _IN_CHUNK]))
        )
        for bill, *rest in conn.execute(query):
            found[bill] = _Existing(*rest)
    return found


class _VersionWriter:
    """Collects the rows of one manifest's consignments and writes them in a few statements."""

    def __init__(
        self,
        manifest: Manifest,
        filing: Filing,
        voyage_id: int,
        manifest_id: int,
        warnings: dict[str, list[Problem]],
    ) -> None:
        self.manifest, self.filing = manifest, filing
        self.voyage_id, self.manifest_id = voyage_id, manifest_id
        self.warnings = warnings
        self.salt = f"{voyage_key(manifest.voyage)}|{manifest.flow}".encode()
        self.new: list[tuple[Consignment, bytes, str]] = []
        self.changed: list[tuple[Consignment, bytes, str, _Existing]] = []

    def plan(self, consignment: Consignment, existing: _Existing | None) -> Outcome:
        cancel = self.manifest.function is MessageFunction.CANCEL
        if cancel and (existing is None or existing.cancelled):
            return Outcome.UNKNOWN_CANCEL if existing is None else Outcome.UNCHANGED
        document = _encode(consignment)
        digest = hashlib.sha256(self.salt + b"|" + document).hexdigest()
        if existing is None:
            self.new.append((consignment, document, digest))
            return Outcome.NEW
        if not cancel and not existing.cancelled and existing.content_hash == digest:
            return Outcome.UNCHANGED
        self.changed.append((consignment, document, digest, existing))
        return Outcome.CANCELLED if cancel else Outcome.AMENDED

    def flush(self, conn: Connection) -> None:
        if not self.new and not self.changed:
            return
        consignment_ids = reserve_ids(conn, t.consignment, len(self.new))
        version_ids = reserve_ids(conn, t.consignment_version, len(self.new) + len(self.changed))
        rows = [
            (c, doc, digest, cid, 1)
            for (c, doc, digest), cid in zip(self.new, consignment_ids, strict=True)
        ]
        rows += [(c, doc, digest, e.id, e.version + 1) for c, doc, digest, e in self.changed]
        heads = [
            self._head(c, cid, vid, n)
            for (c, _, _, cid, n), vid in zip(rows, version_ids, strict=True)
        ]
        new_heads = heads[: len(self.new)]
        if new_heads:
            insert_rows(
                conn, t.consignment, list(new_heads[0]), [tuple(h.values()) for h in new_heads]
            )
        versions = [
            self._version_row(c, doc, digest, cid, number, vid)
            for (c, doc, digest, cid, number), vid in zip(rows, version_ids, strict=True)
        ]
        insert_rows(
            conn, t.consignment_version, list(versions[0]), [tuple(v.values()) for v in versions]
        )
        if self.changed:
            self._update_heads(conn, heads[len(self.new) :])
        _insert_search_rows(conn, [(r[0], r[3]) for r in rows], version_ids)
        queued = [(vid, r[3]) for r, vid in zip(rows, version_ids, strict=True)]
        insert_rows(conn, assessment_queue, ("version_id", "consignment_id"), queued)

    def _head(self, c: Consignment, cid: int, vid: int, number: int) -> dict[str, Any]:
        """The consignment row as this version leaves it."""
        return {
            "id": cid,
            "provider": self.filing.provider,
            "bill_number": c.bill_number,
            "voyage_id": self.voyage_id,
            "current_version_id": vid,
            "version": number,
            "cancelled": self.manifest.function is MessageFunction.CANCEL,
            "kind": c.kind,
            "master_bill_number": c.master_bill_number,
            "port_of_loading": c.route.port_of_loading,
            "port_of_discharge": c.route.port_of_discharge,
            "origin_country": c.route.origin_country,
            "arrival_at": self.manifest.voyage.arrival_at,
            "first_seen_at": self.filing.received_at,
            "updated_at": self.filing.received_at,
        }

    def _version_row(
        self, c: Consignment, document: bytes, digest: str, cid: int, number: int, vid: int
    ) -> dict[str, Any]:
        return {
            "id": vid,
            "consignment_id": cid,
            "version": number,
            "manifest_id": self.manifest_id,
            "function": self.manifest.function,
            "content_hash": digest,
            "document": document.decode(),
            "warnings": _encode(self.warnings.get(c.bill_number, [])).decode(),
            "filed_at": self.manifest.filed_at,
            "received_at": self.filing.received_at,
        }

    @staticmethod
    def _update_heads(conn: Connection, heads: list[dict[str, Any]]) -> None:
        """Point amended or cancelled consignments at their new version (first_seen stays)."""
        c = t.consignment.c
        moving = [name for name in heads[0] if name not in ("id", "provider", "first_seen_at")]
        statement = (
            update(t.consignment)
            .where(c.id == bindparam("cid"))
            .values({name: bindparam(f"new_{name}") for name in moving})
        )
        params = [{"cid": h["id"], **{f"new_{n}": h[n] for n in moving}} for h in heads]
        conn.execute(statement, params)


_PARTY = ("consignment_id", "version_id", "role", "name", "name_key", "country")
_CONTAINER = ("consignment_id", "version_id", "number", "full")
_GOODS = ("consignment_id", "version_id", "sequence", "hs_code", "description", "gross_weight_kg")


def _insert_search_rows(
    conn: Connection, rows: Iterable[tuple[Consignment, int]], version_ids: list[int]
) -> None:
    """The rows that make the version searchable by party, container and HS code."""
    parties: list[tuple[Any, ...]] = []
    containers: list[tuple[Any, ...]] = []
    goods: list[tuple[Any, ...]] = []
    for (c, cid), vid in zip(rows, version_ids, strict=True):
        parties += [
            (cid, vid, p.role.value, p.name, name_key(p.name), p.address.country) for p in c.parties
        ]
        containers += [(cid, vid, e.number, e.full) for e in c.equipment]
        goods += [
            (cid, vid, g.sequence, g.hs_code, g.description, g.gross_weight_kg) for g in c.goods
        ]
    insert_rows(conn, t.party, _PARTY, parties)
    insert_rows(conn, t.container, _CONTAINER, containers)
    insert_rows(conn, t.goods, _GOODS, goods)
