"""The contract every flow keeps: start, answer, re-ask with a reason, go back, cancel, resume.

It walks each declared flow with the examples its steps declare, so a new flow is covered the
moment it is registered.
"""

from __future__ import annotations

import pytest

from assistant.bootstrap import build_app
from assistant.flows.base import InputKind
from assistant.flows.registry import all_flows
from tests.conftest import Chat
from tests.integration.flow_prerequisites import PREREQUISITES

FLOWS = [flow for flow in all_flows() if flow.command]


def _start(chat: Chat, flow) -> str:
    if flow.name in PREREQUISITES:
        with chat.app.db.transaction() as session:
            from assistant.services import people

            PREREQUISITES[flow.name](session, people.ensure_person(session, chat.user.channel, chat.user.external_id))
    reply = chat.say(f"/{flow.command}")
    assert chat.state()[0] == flow.name, reply
    return reply


def _walk(chat: Chat, flow) -> list[str]:
    """Answers every question with its step's example until the flow ends; returns the replies."""
    seen = []
    for _ in range(50):
        current = chat.state()
        if current[0] != flow.name:
            return seen
        step = flow.step(current[1])
        # A looping flow back at its first question after a record: leave the loop.
        looped = flow.loop_exit and seen and step.key == flow.steps[0].key
        seen.append(chat.say(flow.loop_exit if looped else step.example))
        assert chat.state()[1] != current[1] or chat.state()[0] != flow.name, (
            f"{flow.name}.{step.key} did not accept its own example {step.example!r}:\n{seen[-1]}"
        )
    raise AssertionError(f"{flow.name} did not finish within 50 answers")


@pytest.fixture
def admin_chat(sqlite_app, user):
    """Most flows need a profile and a role; the contract is about the dialogue, so give all roles."""
    from assistant.domain.vocab import Role
    from assistant.services import people

    with sqlite_app.db.transaction() as session:
        person = people.ensure_person(session, user.channel, user.external_id)
        person.name = "测试员"
        people.grant_role(session, person, Role.ADMIN)
    return Chat(sqlite_app, user)


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.name)
class TestEveryFlow:
    def test_starts_with_its_title_and_first_question(self, admin_chat, flow):
        reply = _start(admin_chat, flow)
        assert f"【{flow.title}" in reply

    def test_finishes_when_every_step_gets_its_example(self, admin_chat, flow):
        _start(admin_chat, flow)
        replies = _walk(admin_chat, flow)
        assert admin_chat.state()[0] is None
        assert replies[-1].strip(), "a finished flow must say what it did"

    def test_empty_answer_reasks_with_a_reason(self, admin_chat, flow):
        question = _start(admin_chat, flow)
        step_before = admin_chat.state()[1]
        reply = admin_chat.say("   ")
        assert "不能为空" in reply or "请回复" in reply
        assert admin_chat.state()[1] == step_before
        assert question.splitlines()[-1] in reply

    def test_cancel_leaves_the_flow_and_says_so(self, admin_chat, flow):
        _start(admin_chat, flow)
        reply = admin_chat.say("/cancel")
        assert "已取消" in reply and flow.title in reply
        assert admin_chat.state() == (None, None, {})

    def test_back_returns_to_the_previous_question(self, admin_chat, flow):
        _start(admin_chat, flow)
        first = admin_chat.state()[1]
        reply = admin_chat.say("/back")
        assert "第一个问题" in reply
        admin_chat.say(flow.step(first).example)
        if admin_chat.state()[0] != flow.name:
            pytest.skip("single-step flow: nothing to go back to")  # reported, not counted as passing
        reply = admin_chat.say("/back")
        assert "返回上一步" in reply
        assert admin_chat.state()[1] == first

    def test_help_inside_the_flow_names_it_and_the_flow_commands(self, admin_chat, flow):
        _start(admin_chat, flow)
        reply = admin_chat.say("/help")
        assert flow.title in reply and "/cancel" in reply and "/back" in reply

    def test_resumes_at_the_same_step_after_a_restart(self, admin_chat, flow, sqlite_settings):
        _start(admin_chat, flow)
        first = admin_chat.state()[1]
        admin_chat.say(flow.step(first).example)
        flow_name, step, answers = admin_chat.state()
        if flow_name != flow.name:
            pytest.skip("single-step flow: finished in one answer")
        admin_chat.app.close()
        restarted = build_app(sqlite_settings)
        try:
            resumed = restarted.engine.resume(admin_chat.user)
            text = "\n".join(r.text for r in resumed)
            assert "欢迎回来" in text and flow.title in text
            assert restarted.engine.state_of(admin_chat.user) == (flow_name, step, answers)
        finally:
            restarted.close()

    def test_every_choice_question_comes_with_its_options(self, admin_chat, flow):
        """A choice question without options (an empty topic list, say) leaves a Telegram user stuck."""
        _start(admin_chat, flow)
        for answered in range(50):
            name, key, _answers = admin_chat.state()
            if name != flow.name:
                return
            step = flow.step(key)
            if step.kind in (InputKind.CHOICE, InputKind.YES_NO):
                assert admin_chat.replies[-1].choices, f"{flow.name}.{key} was asked without options"
            looped = flow.loop_exit and answered and step.key == flow.steps[0].key
            admin_chat.say(flow.loop_exit if looped else step.example)
        raise AssertionError(f"{flow.name} did not finish within 50 answers")


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.name)
def test_every_flow_finishes_on_each_database_engine(app, user, flow):
    """The walk again on SQLite and PostgreSQL: JSON state, enums and lengths behave alike."""
    from assistant.domain.vocab import Role
    from assistant.services import people

    with app.db.transaction() as session:
        person = people.ensure_person(session, user.channel, user.external_id)
        person.name = "测试员"
        people.grant_role(session, person, Role.ADMIN)
    chat = Chat(app, user)
    _start(chat, flow)
    _walk(chat, flow)
    assert chat.state()[0] is None
