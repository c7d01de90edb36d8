"""The learned score end to end: ``ml train`` on the demo's recorded examinations, promotion,
and assessments that add the active model's points, record its version and explain it with
real features in words. Without an active model an assessment is what it always was."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import numpy as np
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import insert, select
from typer.testing import CliRunner

from cargotarget.cli import app
from cargotarget.ml.features import FEATURE_NAMES, SPECS
from cargotarget.ml.metrics import auc, precision_at
from cargotarget.model.users import Role
from cargotarget.settings import Settings
from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import assessment, assessment_queue
from cargotarget.store.assessments import StoredAssessment, latest_assessment
from cargotarget.store.models import NewModelVersion, add_version, model_content
from cargotarget.store.queries import find_ids
from cargotarget.web import create_app
from cargotarget.workflow import ml_registry as registry
from cargotarget.workflow.accounts import register_user, set_password
from cargotarget.workflow.assess import assess_pending
from cargotarget.workflow.ml_training import train_version
from cargotarget.workflow.workspace import Workspace, open_workspace
from tests.factories import as_json, consignment, manifest
from tests.ml.trained_demo import copied, demo_database
from tests.rule_factories import add_people
from tests.web.conftest import PASSWORD, log_in

__all__ = ["demo_database"]  # the module-scoped fixture

runner = CliRunner()


def _cli(settings: Settings, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("CARGOTARGET_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CARGOTARGET_ARCHIVE_DIR", str(settings.archive_dir))
    done = runner.invoke(app, list(args))
    return done.exit_code, done.output


def test_ml_train_and_promotion_on_the_demo(
    demo_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = copied(demo_database, tmp_path)
    code, said = _cli(settings, monkeypatch, "ml", "train", "--as", "demo-analyst", "--seed", "3")
    assert code == 0, said
    assert "trained model-1 (trained)" in said
    assert "random control" in said
    code, said = _cli(settings, monkeypatch, "ml", "models")
    assert (code, "model-1" in said, "trained" in said) == (0, True, True)
    assert _cli(settings, monkeypatch, "ml", "submit", "1", "--as", "demo-analyst")[0] == 0
    code, said = _cli(settings, monkeypatch, "ml", "approve", "1", "--as", "demo-analyst")
    assert (code, "supervisor role" in said) == (1, True)
    code, said = _cli(settings, monkeypatch, "ml", "approve", "7", "--as", "demo-supervisor")
    assert (code, "no model version 7" in said) == (2, True)
    code, said = _cli(settings, monkeypatch, "ml", "approve", "1", "--as", "demo-supervisor")
    assert (code, "model-1 approved by demo-supervisor" in said) == (0, True), said
    code, said = _cli(settings, monkeypatch, "ml", "reject", "1", "--as", "demo-supervisor",
                      "--note", "late")  # fmt: skip
    assert (code, "it is active, not submitted" in said) == (1, True)
    code, said = _cli(settings, monkeypatch, "ml", "train", "--until", "2001-01-01")
    assert (code, "no examination outcome" in said) == (1, True)
    code, said = _cli(settings, monkeypatch, "ml", "train", "--until", "last tuesday")
    assert (code, "YYYY-MM-DD" in said) == (2, True)
    code, said = _cli(settings, monkeypatch, "ml", "retrain", "--as", "demo-examiner")
    assert (code, "analyst or supervisor" in said) == (1, True)
    code, said = _cli(settings, monkeypatch, "ml", "retrain", "--as", "demo-analyst")
    assert (code, "trained and submitted model-2 (submitted)" in said) == (0, True), said


def _promote(space: Workspace, content: bytes) -> str:
    """Store ``content`` as a version trained by alice and have it approved; its label."""
    new = NewModelVersion(
        created_by="alice", window_start=None, window_end=datetime.now(UTC), features=[],
        parameters={}, metrics={}, examples=0, positives=0, control_examples=0, content=content,
    )  # fmt: skip
    with space.engine.begin() as conn:
        add_people(conn)
        made = add_version(conn, new, at=datetime.now(UTC), status="trained")
        registry.submit_model(conn, made, "alice")
        return registry.approve_model(conn, made, "bob").label


def _latest(space: Workspace, bill: str) -> StoredAssessment:
    with space.engine.connect() as conn:
        found = latest_assessment(conn, find_ids(conn, bill)[0])
    assert found is not None
    return found


@pytest.fixture(scope="module")
def trained_model(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A model trained on the demo's examinations, as stored."""
    space = open_workspace(copied(demo_database, tmp_path_factory.mktemp("train")))
    made = train_version(space.engine, space.catalogue, "demo-analyst", seed=5)
    with space.engine.connect() as conn:
        content = model_content(conn, made.id)
    space.engine.dispose()
    assert content is not None
    return content


def test_the_assessment_adds_the_active_models_points(
    workspace: Workspace, trained_model: bytes
) -> None:
    data = as_json(manifest(consignment("PLAIN1"), consignment("PLAIN2", hs="090111")))
    workspace.intake.ingest(io.BytesIO(data), provider="MAEU")
    assess_pending(workspace.engine, workspace.catalogue)
    before = _latest(workspace, "PLAIN1")
    assert before.model_version is None
    assert all(h.kind != "model" for h in before.hits)

    label = _promote(workspace, trained_model)
    again = as_json(manifest(consignment("PLAIN1", description="FRESH BANANAS, RIPE")))
    workspace.intake.ingest(io.BytesIO(again), provider="MAEU")
    assess_pending(workspace.engine, workspace.catalogue)
    after = _latest(workspace, "PLAIN1")
    assert after.model_version == label
    [model_hit] = [h for h in after.hits if h.kind == "model"]
    probability = model_hit.evidence["probability"]
    assert 0.0 <= probability <= 1.0
    assert model_hit.weight == pytest.approx(100.0 * probability, abs=0.01)
    assert model_hit.evidence["model"] == label
    assert after.score == pytest.approx(sum(h.weight for h in after.hits))
    assert _latest(workspace, "PLAIN2").model_version is None  # not reassessed


def test_the_model_ranks_planted_risks_high_and_explains_in_words(
    demo_database: Path, tmp_path: Path, trained_model: bytes
) -> None:
    space = open_workspace(copied(demo_database, tmp_path))
    label = _promote(space, trained_model)
    with space.engine.begin() as conn:
        current = conn.execute(select(t.consignment.c.current_version_id, t.consignment.c.id))
        conn.execute(
            insert(assessment_queue),
            [{"version_id": v, "consignment_id": c} for v, c in current],
        )
    summary = assess_pending(space.engine, space.catalogue)
    assert summary.assessed > 1000
    truth = (demo_database.parent / "demo" / "ground_truth.jsonl").read_bytes()
    planted = {msgspec.json.decode(line)["bill_number"] for line in truth.splitlines() if line}
    points, risky, explained, ids = [], [], [], []
    with space.engine.connect() as conn:
        for bill, cid in conn.execute(select(t.consignment.c.bill_number, t.consignment.c.id)):
            found = latest_assessment(conn, cid)
            assert found is not None
            assert found.model_version == label
            [hit] = [h for h in found.hits if h.kind == "model"]
            points.append(hit.weight)
            risky.append(bill in planted)
            explained += hit.evidence["contributions"]
            ids.append(cid)
        models = conn.execute(select(assessment.c.model_version).distinct()).scalars().all()
    assert label in models
    ranking = auc(np.array(points), np.array(risky))
    top = precision_at(np.array(points), np.array(risky), 0.02)
    base = sum(risky) / len(risky)
    print(f"demo planted risks: AUC of the model's points {ranking:.3f}; share among the top 2 %")
    print(f"of model points {top:.2f} against {base:.3f} overall")
    assert top >= 5 * base  # the model puts planted risks at the top
    assert ranking > 0.7
    assert explained, "no assessment was explained"
    for part in explained:
        assert part["feature"] in FEATURE_NAMES
        assert part["words"] == SPECS[part["feature"]].words
        assert part["sentence"].startswith(part["words"])
        assert ("raised" in part["sentence"]) == (part["points"] >= 0)
    _page_shows_the_model(space, ids[int(np.argmax(points))], label)
    space.engine.dispose()


def _page_shows_the_model(space: Workspace, consignment_id: int, label: str) -> None:
    """The consignment page of the highest-scored consignment: the model's version, its
    chance of a finding and its contributions as sentences."""
    with space.engine.begin() as conn:
        register_user(conn, "olivia", [Role.TARGETING_OFFICER])
        set_password(conn, "olivia", PASSWORD)
        found = latest_assessment(conn, consignment_id)
    assert found is not None
    [hit] = [h for h in found.hits if h.kind == "model"]
    with TestClient(create_app(space.settings)) as client:
        log_in(client, "olivia")
        page = client.get(f"/consignments/{consignment_id}")
    assert page.status_code == 200
    assert f"scored with model {label}" in page.text
    assert f"learned score {label}: chance of a finding" in page.text
    assert hit.evidence["contributions"]
    for part in hit.evidence["contributions"]:
        assert str(escape(part["sentence"])) in page.text
