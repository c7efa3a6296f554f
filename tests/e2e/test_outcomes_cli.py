"""`assistant outcomes due`, run as a user runs it, on records seeded through the services."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from assistant.bootstrap import build_app
from assistant.config import Settings
from assistant.domain.vocab import ActionStatus, Adoption
from assistant.drafting import draft_minutes
from assistant.services import minutes, outcomes, people
from assistant.storage.models import ActionItem
from assistant.storage.types import local_now

pytestmark = pytest.mark.slow

TRANSCRIPT = Path(__file__).resolve().parents[2] / "bench" / "data" / "transcripts" / "01_elevator_typed.txt"


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture
def env(tmp_path: Path) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "TELEGRAM_"))}
    environment["ASSISTANT_DATA_DIR"] = str(tmp_path / "data")
    return environment


@pytest.fixture
def seeded(env) -> None:
    """Approved minutes whose outcome has one overdue, one done and one undated action."""
    text = TRANSCRIPT.read_text(encoding="utf-8")
    draft = draft_minutes(text)
    app = build_app(Settings(data_dir=Path(env["ASSISTANT_DATA_DIR"])))
    try:
        with app.db.transaction() as session:
            person = people.ensure_person(session, "test", "u1")
            record = minutes.approve_minutes(session, person, original=draft, final=draft, source_text=text,
                                             source_filename=None, consultation_id=None, now=local_now())
            base = outcomes.base_date(record, date.today())
            planned = outcomes.plan_actions(
                [
                    {"owner": "区住建局", "task": "组织设计单位现场勘察", "due": "两周内"},
                    {"owner": "物业公司", "task": "测算维保费用", "due": "月底前"},
                    {"owner": "社区居委会", "task": "入户沟通", "due": "待定"},
                ],
                base,
            )
            outcome = outcomes.record_outcome(session, minutes_id=record.id, recommendations=["5栋先行"],
                                              adoption=Adoption.ADOPTED, adoption_reason=None, actions=planned,
                                              feedback="反馈", public_notice="公示", explanations=[])
            done = next(a for a in outcome.actions if a.owner == "物业公司")
            outcomes.complete_action(session, done.id, done_on=base, evidence="测算结果已报社区", today=date.today())
            assert session.get(ActionItem, done.id).status is ActionStatus.DONE
    finally:
        app.close()


def test_json_lists_only_overdue_unfinished_dated_actions(env, seeded):
    result = run(["outcomes", "due", "--json", "--date", "2024-12-20"], env)
    assert result.returncode == 0, result.stderr
    [item] = json.loads(result.stdout)
    assert item["owner"] == "区住建局" and item["due_date"] == "2024-12-12" and item["days_overdue"] == 8
    assert item["due_text"] == "两周内" and item["status"] == "open" and "加装电梯" in item["minutes_title"]


def test_table_in_chinese(env, seeded):
    result = run(["outcomes", "due", "--date", "2024-12-20"], env)
    assert result.returncode == 0, result.stderr
    for expected in ("逾期", "区住建局", "组织设计单位现场勘察", "2024-12-12", "共 1 项"):
        assert expected in result.stdout
    assert "物业公司" not in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_nothing_overdue(env, seeded):
    result = run(["outcomes", "due", "--date", "2024-12-01"], env)
    assert result.returncode == 0 and result.stdout.strip() == "目前没有逾期未落实的事项。"
    assert json.loads(run(["outcomes", "due", "--json", "--date", "2024-12-01"], env).stdout) == []


def test_bad_date_is_one_chinese_line(env):
    result = run(["outcomes", "due", "--date", "20-12-2024"], env)
    assert result.returncode == 2 and "无法识别" in result.stderr and "Traceback" not in result.stderr


def test_the_date_may_be_written_in_chinese(env, seeded):
    iso = run(["outcomes", "due", "--json", "--date", "2024-12-20"], env)
    chinese = run(["outcomes", "due", "--json", "--date", "2024年12月20日"], env)
    assert chinese.returncode == 0, chinese.stderr
    assert json.loads(chinese.stdout) == json.loads(iso.stdout) != []
