"""The Operator Console's tabs through AppTest: import, scoring, fairness, catalogue,
redemptions and ledger verification, on a seeded SQLite file."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from ui_seed import REPO_ROOT, UiEnv

from hackoclock.ingest import service as ingest
from hackoclock.ledger import service as ledger
from hackoclock.scoring import service as scoring
from hackoclock.shop import service as shop

APP = REPO_ROOT / "src" / "hackoclock" / "ui" / "app.py"
TIMEOUT = 120


def console(ui_env: UiEnv) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="hk_signin_token").input(ui_env.token("ops-anna", "operator"))
    at.button(key="FormSubmitter:hk_signin_form-Sign in").click().run()
    assert [t.value for t in at.title] == ["Operator Console"]
    return at


def test_an_uploaded_csv_file_is_imported(ui_env: UiEnv, shared_data: Path) -> None:
    source = shared_data / "santaclara-2021" / "tiktok_funny_hashtag_videos.csv"
    db = ui_env.database()
    try:
        before = ingest.status(db)["videos"]
        at = console(ui_env)
        at.file_uploader(key="hk_import_file").set_value(
            (source.name, source.read_bytes(), "text/csv")
        )
        at.run()
        at.button(key="hk_import_go").click().run()
        assert not at.exception
        done = [s.value for s in at.success]
        assert any("accepted" in s and "records" in s for s in done), done
        assert ingest.status(db)["videos"] > before
    finally:
        db.dispose()


def test_a_file_that_is_not_data_is_refused_and_nothing_is_written(ui_env: UiEnv) -> None:
    db = ui_env.database()
    try:
        before = ingest.status(db)
        at = console(ui_env)
        at.file_uploader(key="hk_import_file").set_value(
            ("notes.json", b"this is not json", "application/json")
        )
        at.run()
        at.button(key="hk_import_go").click().run()
        assert any(e.value.startswith("Import failed, nothing was written") for e in at.error)
        after = ingest.status(db)
        assert (after["videos"], after["snapshots"]) == (before["videos"], before["snapshots"])
    finally:
        db.dispose()


def test_running_scoring_from_the_console_stores_a_new_run(ui_env: UiEnv) -> None:
    db = ui_env.database()
    try:
        runs_before = scoring.count_runs(db)
        at = console(ui_env)
        at.selectbox(key="hk_scoring_method").select("seed")
        at.button(key="FormSubmitter:hk_scoring_form-Run scoring").click().run()
        assert not at.exception
        assert any("finished" in s.value for s in at.success)
        assert scoring.count_runs(db) == runs_before + 1
        assert scoring.list_runs(db, limit=1)[0]["method"] == "seed"
    finally:
        db.dispose()


def test_the_fairness_tab_puts_seed_beside_the_default_method(ui_env: UiEnv) -> None:
    at = console(ui_env)
    seeded = ui_env.seeded
    assert at.selectbox(key="hk_fair_left").value == seeded.paid_run
    assert at.selectbox(key="hk_fair_right").value == seeded.seed_run
    ginis = [m for m in at.metric if m.label == "Gini"]
    assert len(ginis) == 2
    assert all(0.0 <= float(m.value) <= 1.0 for m in ginis)
    assert any(c.value.startswith("The further a curve sags") for c in at.caption)


def test_an_operator_adds_a_reward_and_deactivates_it(ui_env: UiEnv) -> None:
    at = console(ui_env)
    form = at.expander[0]
    form.text_input[0].input("hoodie-2026")
    form.text_input[1].input("Winter hoodie")
    form.text_input[3].input("One hoodie")
    form.number_input[0].set_value(750)
    form.button[0].click()
    at.run()
    assert not at.exception
    assert any("Added hoodie-2026" in s.value for s in at.success)
    db = ui_env.database()
    try:
        assert shop.get_reward(db, "hoodie-2026").amount == 750
        at.selectbox(key="hk_edit_reward_id").select("hoodie-2026").run()
        at.button(key="hk_deactivate_reward").click().run()
        assert not shop.get_reward(db, "hoodie-2026").active
    finally:
        db.dispose()


def test_a_reward_with_a_bad_id_is_refused_with_the_reason(ui_env: UiEnv) -> None:
    at = console(ui_env)
    form = at.expander[0]
    form.text_input[0].input("no spaces allowed")
    form.text_input[1].input("Bad")
    form.button[0].click()
    at.run()
    assert any("reward_id must be" in e.value for e in at.error)


def test_an_operator_fulfils_a_pending_redemption(ui_env: UiEnv) -> None:
    seeded = ui_env.seeded
    db = ui_env.database()
    try:
        done = shop.redeem(db, seeded.rich_creator, "tiktok-merch", "console-test")
        at = console(ui_env)
        at.button(key=f"hk_fulfil_{done.id}").click().run()
        assert any("fulfilled" in s.value for s in at.success)
        assert shop.get_redemption(db, done.id).status == "fulfilled"
    finally:
        db.dispose()


def test_ledger_verify_reports_a_consistent_ledger(ui_env: UiEnv) -> None:
    at = console(ui_env)
    at.button(key="hk_ledger_verify").click().run()
    assert any(s.value.startswith("The ledger is consistent") for s in at.success)
    db = ui_env.database()
    try:
        assert ledger.verify(db).ok
    finally:
        db.dispose()
