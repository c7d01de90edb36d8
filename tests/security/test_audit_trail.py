"""The audit trail on SQLite and PostgreSQL: events chain by hash, the database refuses to
change or remove them, and verification names the first event an attacker touched."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from sqlalchemy import Engine, delete, text, update
from sqlalchemy.exc import DBAPIError

from cargotarget.model.audit import GENESIS, AuditAction, AuditEvent
from cargotarget.store.audit import AuditFilter, append_event, audit_events
from cargotarget.store.security_tables import audit_event
from cargotarget.workflow.audit import verify_chain
from tests.security.attacker import overwrite, unguarded

T0 = datetime(2026, 6, 15, 8, 0, 0, 123456, tzinfo=UTC)


def _fill(engine: Engine, count: int = 5) -> list[AuditEvent]:
    with engine.begin() as conn:
        return [
            append_event(
                conn,
                "alice" if n % 2 else "bob",
                AuditAction.VIEW_CONSIGNMENT if n % 2 else AuditAction.SEARCH,
                ("consignment", str(100 + n)),
                {"query": f"<script>{n}</script>", "n": n, "nested": {"z": 1, "a": [n]}},
                at=T0 + timedelta(minutes=n),
            )
            for n in range(1, count + 1)
        ]


def _stored(engine: Engine) -> list[AuditEvent]:
    with engine.connect() as conn:
        return list(reversed(audit_events(conn, AuditFilter(limit=1000))))


def test_events_link_by_hash_and_read_back_unchanged(engine: Engine) -> None:
    written = _fill(engine)
    assert [e.id for e in written] == [1, 2, 3, 4, 5]
    assert written[0].prev_hash == GENESIS
    assert [e.prev_hash for e in written[1:]] == [e.hash for e in written[:-1]]
    assert all(e.hash == e.computed_hash() for e in written)
    assert len({e.hash for e in written}) == 5
    assert _stored(engine) == written
    assert written[0].detail == '{"n":1,"nested":{"a":[1],"z":1},"query":"<script>1</script>"}'
    with engine.connect() as conn:
        report = verify_chain(conn)
    assert report.intact
    assert (report.checked, report.head_hash) == (5, written[-1].hash)


def test_an_empty_trail_is_intact(engine: Engine) -> None:
    with engine.connect() as conn:
        report = verify_chain(conn)
    assert report.intact
    assert (report.checked, report.head_hash) == (0, GENESIS)


def test_events_are_filtered_and_paged(engine: Engine) -> None:
    _fill(engine, 7)
    with engine.connect() as conn:

        def ids(**wanted: object) -> list[int]:
            return [e.id for e in audit_events(conn, msgspec.convert(wanted, AuditFilter))]

        assert ids(actor="alice") == [7, 5, 3, 1]
        assert ids(action="search") == [6, 4, 2]
        assert ids(subject_kind="consignment", subject_id="103") == [3]
        assert ids(since=T0 + timedelta(minutes=2), until=T0 + timedelta(minutes=4)) == [3, 2]
        assert ids(limit=3) == [7, 6, 5]
        assert ids(limit=3, before=5) == [4, 3, 2]
        assert ids(actor="alice", before=3) == [1]
        assert ids(actor="nobody") == []


def test_the_database_refuses_to_change_or_remove_an_event(engine: Engine) -> None:
    _fill(engine, 2)
    for statement in (
        update(audit_event).where(audit_event.c.id == 1).values(actor="mallory"),
        delete(audit_event).where(audit_event.c.id == 2),
        delete(audit_event),
    ):
        with (
            pytest.raises(DBAPIError, match="the audit trail is append-only"),
            engine.begin() as conn,
        ):
            conn.execute(statement)
    assert [e.actor for e in _stored(engine)] == ["alice", "bob"]


def _verify(engine: Engine) -> tuple[int | None, str, int]:
    with engine.connect() as conn:
        report = verify_chain(conn)
    assert not report.intact
    assert report.reason is not None
    return report.broken_id, report.reason, report.checked


def test_an_edited_event_is_caught(engine: Engine) -> None:
    events = _fill(engine)
    with unguarded(engine) as conn:
        conn.execute(update(audit_event).where(audit_event.c.id == 3).values(actor="mallory"))
    assert _verify(engine) == (
        3,
        "event 3 was changed after it was written: it no longer matches its hash",
        2,
    )
    # Putting the old value back makes the chain whole again: nothing else was touched.
    with unguarded(engine) as conn:
        overwrite(conn, 3, events[2])
    with engine.connect() as conn:
        assert verify_chain(conn).intact


def test_an_edited_detail_or_time_is_caught(engine: Engine) -> None:
    events = _fill(engine)
    with unguarded(engine) as conn:
        changed = msgspec.structs.replace(events[1], detail=events[1].detail.replace("2", "9"))
        overwrite(conn, 2, changed)
        overwrite(conn, 4, msgspec.structs.replace(events[3], at=events[3].at + timedelta(0, 1)))
    broken_id, reason, checked = _verify(engine)
    assert (broken_id, checked) == (2, 1)
    assert "changed after it was written" in reason


@pytest.mark.parametrize(
    ("gone", "broken_id", "reason"),
    [
        ([3], 4, "event 3 missing: the chain jumps to event 4 (rows were deleted)"),
        ([2, 3], 4, "events 2 to 3 missing: the chain jumps to event 4 (rows were deleted)"),
        ([1], 2, "event 1 missing: the chain jumps to event 2 (rows were deleted)"),
    ],
)
def test_a_deleted_event_is_caught(
    engine: Engine, gone: list[int], broken_id: int, reason: str
) -> None:
    _fill(engine)
    with unguarded(engine) as conn:
        conn.execute(delete(audit_event).where(audit_event.c.id.in_(gone)))
    assert _verify(engine)[:2] == (broken_id, reason)


def _forged(event: AuditEvent, **changes: object) -> AuditEvent:
    """``event`` with ``changes`` and a hash recomputed to match, as a forger would."""
    changed = msgspec.structs.replace(event, **changes)
    return msgspec.structs.replace(changed, hash=changed.computed_hash())


def test_reordered_events_are_caught_even_with_recomputed_hashes(engine: Engine) -> None:
    events = _fill(engine)
    with unguarded(engine) as conn:
        conn.execute(delete(audit_event).where(audit_event.c.id.in_([2, 3])))
        conn.execute(
            audit_event.insert().values(
                [
                    msgspec.structs.asdict(_forged(events[2], id=2)),
                    msgspec.structs.asdict(_forged(events[1], id=3)),
                ]
            )
        )
    assert _verify(engine) == (
        2,
        "event 2 does not link to event 1: the chain was reordered, "
        "or rows were replaced with forged hashes",
        1,
    )


def test_a_forged_event_breaks_the_link_to_the_next(engine: Engine) -> None:
    events = _fill(engine)
    with unguarded(engine) as conn:
        overwrite(conn, 4, _forged(events[3], actor="mallory"))
    broken_id, reason, checked = _verify(engine)
    assert (broken_id, checked) == (5, 4)
    assert reason.startswith("event 5 does not link to event 4")


def test_a_forged_first_event_does_not_start_the_chain(engine: Engine) -> None:
    events = _fill(engine, 2)
    with unguarded(engine) as conn:
        overwrite(conn, 1, _forged(events[0], prev_hash="f" * 64))
    assert _verify(engine)[:2] == (
        1,
        "event 1 does not link to the start of the chain: the chain was reordered, "
        "or rows were replaced with forged hashes",
    )


def test_an_anchor_catches_cut_off_newest_events(engine: Engine) -> None:
    events = _fill(engine)
    anchor = events[3].hash
    with engine.connect() as conn:
        assert verify_chain(conn, anchor).intact
    with unguarded(engine) as conn:
        conn.execute(delete(audit_event).where(audit_event.c.id >= 4))
    with engine.connect() as conn:
        assert verify_chain(conn).intact  # the chain alone cannot tell
        report = verify_chain(conn, anchor)
    assert not report.intact
    assert report.broken_id is None
    assert report.reason == (
        f"no intact event has the hash {anchor}: the events up to it were cut off "
        "or the chain was rewritten"
    )


def test_concurrent_writers_never_fork_the_chain(engine: Engine) -> None:
    failures: list[BaseException] = []

    def write(actor: str) -> None:
        try:
            for n in range(8):
                with engine.begin() as conn:
                    append_event(conn, actor, AuditAction.SEARCH, None, {"n": n})
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(f"user{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with engine.connect() as conn:
        report = verify_chain(conn)
        assert report.intact
        assert report.checked == 32
        assert conn.execute(text("SELECT count(*) FROM audit_event")).scalar() == 32
