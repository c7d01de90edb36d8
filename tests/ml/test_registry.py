"""The model registry: a version becomes active only when a supervisor who neither trained nor
submitted it approves it; one version is active at a time; every step is in the audit trail."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.exc import IntegrityError

from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.model_tables import model_version
from cargotarget.store.models import active_version_id
from cargotarget.workflow import ml_registry as registry
from cargotarget.workflow.ml_registry import ModelStepRefused, UnknownModel
from cargotarget.workflow.permissions import NotAllowed, UnknownUser
from tests.ml.registry_factories import WINDOW_END, stored_version
from tests.rule_factories import add_people


@pytest.fixture
def conn(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as connection:
        add_people(connection)
        yield connection


def _steps(conn: Connection, version_id: int) -> list[tuple[str, str]]:
    found = audit_events(conn, AuditFilter(action="model_change", subject_id=str(version_id)))
    return [(e.actor, json.loads(e.detail)["step"]) for e in reversed(found)]


def test_a_version_is_stored_with_its_training_record(conn: Connection) -> None:
    made = registry.model_version(conn, stored_version(conn))
    assert made.label == f"model-{made.id}"
    assert (made.status, made.created_by, made.window_end) == ("trained", "alice", WINDOW_END)
    assert made.features == ["shipper_finding_rate", "gross_weight_kg"]
    assert made.metrics["control"] == {"auc": 0.77}
    assert (made.examples, made.positives, made.control_examples, made.size) == (1200, 40, 300, 1)


def test_promotion_needs_another_supervisor(conn: Connection) -> None:
    made = stored_version(conn, created_by="alice")
    with pytest.raises(ModelStepRefused, match="trained, not submitted"):
        registry.approve_model(conn, made, "bob")
    with pytest.raises(NotAllowed, match="analyst or supervisor"):
        registry.submit_model(conn, made, "erin")
    submitted = registry.submit_model(conn, made, "sam", note="better on the control group")
    assert (submitted.status, submitted.submitted_by) == ("submitted", "sam")
    with pytest.raises(NotAllowed, match="supervisor role"):
        registry.approve_model(conn, made, "anton")
    with pytest.raises(NotAllowed, match="four eyes"):
        registry.approve_model(conn, made, "sam")  # a supervisor, but the submitter
    with pytest.raises(UnknownUser):
        registry.approve_model(conn, made, "nobody")
    assert active_version_id(conn) is None
    done = registry.approve_model(conn, made, "bob", note="control AUC holds")
    assert (done.status, done.decided_by, done.decision_note) == (
        "active",
        "bob",
        "control AUC holds",
    )
    assert active_version_id(conn) == made
    assert _steps(conn, made) == [("sam", "submitted"), ("bob", "approved")]


def test_the_trainer_cannot_approve_even_as_supervisor(conn: Connection) -> None:
    made = stored_version(conn, created_by="bob")
    registry.submit_model(conn, made, "alice")
    with pytest.raises(NotAllowed, match="four eyes"):
        registry.approve_model(conn, made, "bob")
    assert registry.approve_model(conn, made, "sam").status == "active"


def _promote(conn: Connection) -> int:
    made = stored_version(conn)
    registry.submit_model(conn, made, "alice")
    registry.approve_model(conn, made, "bob")
    return made


def test_one_version_is_active_at_a_time(conn: Connection) -> None:
    first = _promote(conn)
    second = _promote(conn)
    assert registry.model_version(conn, first).status == "retired"
    assert registry.model_version(conn, first).retired_at is not None
    assert active_version_id(conn) == second
    m = model_version.c
    assert conn.execute(select(func.count()).where(m.status == "active")).scalar_one() == 1
    assert _steps(conn, first)[-1] == ("bob", "retired")


def test_the_database_refuses_a_second_active_version(engine: Engine) -> None:
    with engine.begin() as conn:
        add_people(conn)
        _promote(conn)
        other = stored_version(conn)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            update(model_version).where(model_version.c.id == other).values(is_active=True)
        )


def test_a_rejection_says_why_and_is_final(conn: Connection) -> None:
    made = stored_version(conn)
    registry.submit_model(conn, made, "alice")
    with pytest.raises(ModelStepRefused, match="reason"):
        registry.reject_model(conn, made, "bob", note="  ")
    with pytest.raises(NotAllowed):
        registry.reject_model(conn, made, "alice", note="no")
    done = registry.reject_model(conn, made, "bob", note="window too short")
    assert (done.status, done.decision_note) == ("rejected", "window too short")
    with pytest.raises(ModelStepRefused, match="rejected"):
        registry.approve_model(conn, made, "sam")
    with pytest.raises(ModelStepRefused, match="rejected"):
        registry.submit_model(conn, made, "alice")
    assert _steps(conn, made) == [("alice", "submitted"), ("bob", "rejected")]


def test_retiring_leaves_no_active_model(conn: Connection) -> None:
    made = _promote(conn)
    with pytest.raises(NotAllowed):
        registry.retire_model(conn, made, "alice", note="drift")
    with pytest.raises(ModelStepRefused, match="reason"):
        registry.retire_model(conn, made, "bob", note="")
    assert registry.retire_model(conn, made, "bob", note="drift").status == "retired"
    assert active_version_id(conn) is None


def test_unknown_versions_and_bad_notes_are_refused(conn: Connection) -> None:
    with pytest.raises(UnknownModel, match="no model version 999"):
        registry.submit_model(conn, 999, "alice")
    made = stored_version(conn)
    with pytest.raises(ModelStepRefused, match="plain text"):
        registry.submit_model(conn, made, "alice", note="x" * 2001)
    with pytest.raises(ModelStepRefused, match="plain text"):
        registry.submit_model(conn, made, "alice", note="bell\x07")
    assert registry.model_version(conn, made).status == "trained"
    assert [v.id for v in registry.model_versions(conn)] == [made]
