"""Storing manifests: versions, idempotency, cancels and search, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
from sqlalchemy import Connection, Engine, func, insert, select

from cargotarget.model.manifest import MessageFunction, Voyage
from cargotarget.store import tables as t
from cargotarget.store.consignments import Filing, Outcome, save_manifest
from cargotarget.store.queries import SearchCriteria, consignment_record, find_ids, search
from tests.factories import ARRIVAL, consignment, manifest

NOW = datetime(2026, 3, 9, 13, 0, tzinfo=UTC)


def _filing(conn: Connection, n: int = 1) -> Filing:
    raw_id = conn.execute(
        insert(t.raw_message).values(
            sha256=f"{n:064d}",
            provider="MAEU",
            size=1,
            received_at=NOW,
            status="received",
        )
    ).inserted_primary_key
    assert raw_id is not None
    return Filing(
        raw_message_id=raw_id[0],
        message_index=1,
        format="json",
        provider="MAEU",
        received_at=NOW + timedelta(hours=n),
    )


def test_new_consignments_are_stored_with_version_one(engine: Engine) -> None:
    with engine.begin() as conn:
        outcomes = save_manifest(
            conn, manifest(consignment("B1"), consignment("B2")), _filing(conn)
        )
        assert outcomes == {"B1": Outcome.NEW, "B2": Outcome.NEW}
        [cid] = find_ids(conn, "B1")
        record = consignment_record(conn, cid)
    assert record is not None
    assert [v.version for v in record.versions] == [1]
    assert record.current == consignment("B1")
    assert record.voyage.vessel_name == "MAERSK KINGSTON"
    assert record.summary.arrival_at == ARRIVAL


def test_same_content_twice_changes_nothing(engine: Engine) -> None:
    with engine.begin() as conn:
        save_manifest(conn, manifest(consignment("B1")), _filing(conn, 1))
        again = save_manifest(conn, manifest(consignment("B1")), _filing(conn, 2))
        versions = conn.execute(select(func.count()).select_from(t.consignment_version)).scalar()
    assert again == {"B1": Outcome.UNCHANGED}
    assert versions == 1


def test_amendment_adds_a_version_and_keeps_the_old(engine: Engine) -> None:
    amended = consignment("B1", description="FRESH BANANAS AND PLANTAINS")
    with engine.begin() as conn:
        save_manifest(conn, manifest(consignment("B1")), _filing(conn, 1))
        outcome = save_manifest(
            conn, manifest(amended, function=MessageFunction.REPLACE), _filing(conn, 2)
        )
        record = consignment_record(conn, find_ids(conn, "B1")[0])
    assert outcome == {"B1": Outcome.AMENDED}
    assert record is not None
    assert [(v.version, v.function) for v in record.versions] == [(1, "original"), (2, "replace")]
    assert record.versions[0].consignment.goods[0].description == "FRESH BANANAS"
    assert record.current.goods[0].description == "FRESH BANANAS AND PLANTAINS"
    assert record.summary.version == 2


def test_cancel_marks_cancelled_and_unknown_cancel_is_reported(engine: Engine) -> None:
    with engine.begin() as conn:
        save_manifest(conn, manifest(consignment("B1")), _filing(conn, 1))
        cancel = manifest(consignment("B1"), consignment("NEVER"), function=MessageFunction.CANCEL)
        outcomes = save_manifest(conn, cancel, _filing(conn, 2))
        record = consignment_record(conn, find_ids(conn, "B1")[0])
        assert find_ids(conn, "NEVER") == []
    assert outcomes == {"B1": Outcome.CANCELLED, "NEVER": Outcome.UNKNOWN_CANCEL}
    assert record is not None
    assert record.summary.cancelled
    assert len(record.versions) == 2


def test_search_by_each_criterion(engine: Engine) -> None:
    with engine.begin() as conn:
        save_manifest(
            conn,
            manifest(
                consignment("B1", shipper="Café Global Trading Co., Ltd."),
                consignment("B2", container="CSQU3054383", hs="090111", description="COFFEE"),
            ),
            _filing(conn),
        )

        def bills(**criteria: object) -> list[str]:
            found = search(conn, msgspec.convert(criteria, SearchCriteria))
            return sorted(r.bill_number for r in found)

        assert bills(party="cafe global trading") == ["B1"]
        assert bills(party="island fresh") == ["B1", "B2"]
        assert bills(container="csqu 305438 3") == ["B2"]
        assert bills(bill="b1") == ["B1"]
        assert bills(hs_prefix="0901") == ["B2"]
        assert bills(hs_prefix="08") == ["B1"]
        assert bills(port="JMKIN") == ["B1", "B2"]
        assert bills(port="LKCMB") == []
        day = ARRIVAL.replace(hour=0)
        assert bills(arrival_from=day, arrival_to=day + timedelta(days=1)) == ["B1", "B2"]
        assert bills(arrival_from=day + timedelta(days=1)) == []
        assert bills(party="island", hs_prefix="0901") == ["B2"]
        assert bills(party="Cafe Globl Tradng") == ["B1"]  # slips of the keyboard
        assert bills(party="global cafe trading") == ["B1"]  # words in another order
        assert bills(party="Islnd Fresh Imports") == ["B1", "B2"]
        assert bills(party="Pacific Fruit Traders") == []
        assert bills(party="Island Trading") == []  # one shared word is not a likeness


def test_search_sees_only_the_current_version(engine: Engine) -> None:
    with engine.begin() as conn:
        save_manifest(conn, manifest(consignment("B1")), _filing(conn, 1))
        save_manifest(
            conn,
            manifest(
                consignment("B1", shipper="Other Shipper SA"), function=MessageFunction.REPLACE
            ),
            _filing(conn, 2),
        )
        assert search(conn, SearchCriteria(party="bananeras")) == []
        assert [r.bill_number for r in search(conn, SearchCriteria(party="other shipper"))] == [
            "B1"
        ]


def _stored_voyage(conn: Connection) -> Voyage:
    [(document, departure_at)] = conn.execute(
        select(t.voyage.c.document, t.voyage.c.departure_at)
    ).all()
    voyage = msgspec.json.decode(document, type=Voyage)
    assert (departure_at is None) == (voyage.departure_at is None)
    return voyage


def test_a_filing_that_leaves_out_voyage_details_does_not_erase_them(engine: Engine) -> None:
    """An air waybill naming its flight without times, say, after the flight manifest."""
    full = manifest(consignment("B1"))
    departure = datetime(2026, 3, 11, 6, 0, tzinfo=UTC)
    told = msgspec.structs.replace(full.voyage, departure_at=departure)
    bare = msgspec.structs.replace(
        full.voyage,
        carrier_name=None,
        flag=None,
        port_calls=(),
        departure_port=None,
        departure_at=None,
        arrival_port=None,
        arrival_at=None,
    )
    later = ARRIVAL + timedelta(hours=6)

    def file(n: int, voyage: Voyage) -> None:
        filed = manifest(consignment(f"B{n}"), reference=f"MAN-{n}")
        save_manifest(conn, msgspec.structs.replace(filed, voyage=voyage), _filing(conn, n))

    with engine.begin() as conn:
        file(1, told)
        file(2, bare)
        kept = _stored_voyage(conn)
        assert kept == told
        file(3, msgspec.structs.replace(bare, arrival_port="JMKIN", arrival_at=later))
        changed = _stored_voyage(conn)
        assert changed.arrival_at == later
        assert changed.departure_at == departure
        assert changed.port_calls == told.port_calls
