"""The flows with a model configured: it writes the drafts; when it fails the offline draft is used and said so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.bootstrap import App, build_app
from assistant.config import Settings
from assistant.domain.vocab import Role, TopicSource, TopicStatus
from assistant.drafting import draft_minutes
from assistant.flows.base import UserRef
from assistant.llm import OFFLINE_NOTE
from assistant.storage.models import Minutes, Person, ResearchTask, Topic
from tests.conftest import Chat, registered, verify_dialog
from tests.integration.test_llm_drafter import API_KEY
from tests.integration.test_llm_stub_server import (
    StubLLM,
    closed_port_url,
    guard_network,
    serve_stub,
    stub_json,
)

TRANSCRIPT = (Path(__file__).resolve().parents[2] / "bench/data/transcripts/01_elevator_typed.txt").read_text("utf-8")


@pytest.fixture
def stub_llm() -> Iterator[StubLLM]:
    yield from serve_stub()


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    guard_network(monkeypatch)


def _app(tmp_path: Path, url: str) -> App:
    settings = Settings(data_dir=tmp_path / "data", llm_provider="openai", llm_model="stub-model",
                        llm_base_url=url, llm_api_key=API_KEY, llm_timeout=0.5)
    return build_app(settings)


def _staff(app: App) -> Chat:
    return registered(app, UserRef("test", "staff"), "王芳", Role.STAFF)


def test_minutes_drafted_by_the_model_are_stored_as_such(tmp_path, stub_llm: StubLLM):
    polished = draft_minutes(TRANSCRIPT).model_copy(update={"summary": "经协商，会议就加装电梯形成初步共识（模型润色稿）。"})
    stub_llm.push(stub_json(polished.model_dump(mode="json")))
    app = _app(tmp_path, stub_llm.url)
    try:
        chat = _staff(app)
        verify_dialog(chat, [("/minutes", "上传会议记录"), (TRANSCRIPT, "请审核")])
        assert OFFLINE_NOTE not in chat.last
        chat.say("通过并保存")
        with app.db.transaction() as session:
            minutes = session.scalar(select(Minutes))
            assert minutes.drafted_by == "llm" and "模型润色稿" in minutes.final["summary"]
    finally:
        app.close()


def test_minutes_fall_back_to_the_offline_draft_and_say_so(tmp_path):
    app = _app(tmp_path, closed_port_url())
    try:
        chat = _staff(app)
        verify_dialog(chat, [("/minutes", "上传会议记录"), (TRANSCRIPT, OFFLINE_NOTE)])
        chat.say("通过并保存")
        with app.db.transaction() as session:
            assert session.scalar(select(Minutes.drafted_by)) == "offline"
    finally:
        app.close()


def test_research_checklist_gains_topic_specific_items_from_the_model(tmp_path, stub_llm: StubLLM):
    stub_llm.push(stub_json({"items": ["核实3栋南侧电梯井对一楼采光的影响", "了解同类小区的补偿做法"]}))
    app = _app(tmp_path, stub_llm.url)
    try:
        chat = _staff(app)
        with app.db.transaction() as session:
            staff_org = session.scalar(select(Person.organisation_id).where(Person.external_id == "staff"))
            session.add(Topic(title="锦江花园小区加装电梯", description="低层住户担心采光", source=TopicSource.MEMBER,
                              status=TopicStatus.APPROVED, organisation_id=staff_org))  # a topic of the staff's own organisation
        verify_dialog(chat, [("/research 1", "牵头"), ("调研组", "时限"), ("明天", "调研清单")])
        assert "核实3栋南侧电梯井对一楼采光的影响" in chat.last
        with app.db.transaction() as session:
            assert len(session.scalars(select(ResearchTask)).all()) == 8  # six defaults + two from the model
    finally:
        app.close()
