"""`assistant admin orgs` / `org-parent` / `requests`: the organisation tree and moves, as an administrator uses them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from assistant.bootstrap import build_app
from assistant.cli.admin import app as admin_app
from assistant.config import Settings
from assistant.domain.vocab import OrgLevel, Role
from assistant.services import people


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ASSISTANT_DATABASE_URL", raising=False)
    application = build_app(Settings(data_dir=tmp_path / "data"))
    with application.db.transaction() as session:
        # Two counties, so a new township gets no parent by itself.
        people.ensure_organisation(session, "旌阳区政协", OrgLevel.COUNTY)
        people.ensure_organisation(session, "罗江区政协", OrgLevel.COUNTY)
        town = people.ensure_organisation(session, "天元街道", OrgLevel.TOWNSHIP)
        mover = people.ensure_person(session, "test", "mover")
        mover.name, mover.organisation_id = "王芳", town.id
        people.grant_role(session, mover, Role.FACILITATOR)
        people.request_organisation(session, mover, people.ensure_organisation(session, "东湖街道", OrgLevel.TOWNSHIP))
    application.close()
    return tmp_path / "data"


def _run(*args: str):
    return CliRunner().invoke(admin_app, list(args))


def test_setting_a_parent_shows_in_the_list(data_dir):
    listed = _run("orgs")
    assert listed.exit_code == 0 and "天元街道" in listed.output and "（无）" in listed.output
    result = _run("org-parent", "天元街道", "旌阳区政协")
    assert result.exit_code == 0 and "已将“天元街道”的上级单位设为“旌阳区政协”" in result.output
    row = next(line for line in _run("orgs").output.splitlines() if "天元街道" in line)
    assert "旌阳区政协" in row


def test_a_parent_must_be_a_level_higher(data_dir):
    result = _run("org-parent", "旌阳区政协", "天元街道")
    assert result.exit_code != 0 and "最高一级" in result.output
    result = _run("org-parent", "天元街道", "东湖街道")
    assert result.exit_code != 0 and "上级单位的层级须高于本单位" in result.output
    result = _run("org-parent", "天元街道", "不存在的单位")
    assert result.exit_code != 0 and "没有名为“不存在的单位”的单位" in result.output


def test_an_organisation_move_is_listed_and_approved(data_dir):
    listed = _run("requests")
    # The table may wrap a long cell over two lines; each part is there.
    assert all(part in listed.output for part in ("变更单位：", "天元街道", "东湖街道"))
    request_id = next(line for line in listed.output.splitlines() if "变更单位" in line).split("│")[1].strip()
    result = _run("approve", request_id)
    assert result.exit_code == 0 and "已同意 王芳 的申请（变更单位" in result.output
    row = next(line for line in _run("users").output.splitlines() if "王芳" in line)
    assert "东湖街道" in row
    assert "目前没有待审核的申请" in _run("requests").output
