"""No dead ends, no silent loss: questions outside a flow, commands in the middle of one, refusals."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from assistant.bootstrap import build_app
from assistant.domain.questions import looks_like_question
from assistant.domain.vocab import Role, TopicStatus
from assistant.flows.base import UserRef
from assistant.storage.models import ResearchTask, Topic
from tests.conftest import Chat, registered

NOW = datetime(2026, 11, 25, 9, 0)


@pytest.fixture
def facilitator(app) -> Chat:
    app.engine.clock = lambda: NOW
    return registered(app, UserRef("test", "f1"), "王芳", Role.FACILITATOR, "天元街道", "township")


class TestQuestionsOutsideAFlow:
    @pytest.mark.parametrize(
        "text",
        ["县里一年开几次协商会", "请问议题由谁审定", "协商议题怎么选？", "能不能在院坝开协商会", "How often must the county consult?"],
    )
    def test_question_forms_are_recognised(self, text):
        assert looks_like_question(text)

    @pytest.mark.parametrize("text", ["你好", "张三", "锦江花园小区加装电梯", "1", "/help", "好的，谢谢"])
    def test_greetings_names_and_menu_words_are_not_questions(self, text):
        assert not looks_like_question(text)

    def test_a_question_typed_without_a_command_is_answered_with_its_source(self, facilitator):
        reply = facilitator.say("县里一年要开几次协商会？")
        assert "不少于4次" in reply and "出处" in reply
        assert "主菜单" not in reply
        assert facilitator.state()[0] is None  # nothing left open

    def test_a_greeting_still_gets_the_menu(self, facilitator):
        assert "主菜单" in facilitator.say("你好")

    def test_a_question_at_the_menu_is_answered_instead_of_refused(self, facilitator):
        facilitator.say("你好")
        reply = facilitator.say("县里一年要开几次协商会？")
        assert "不少于4次" in reply and "请回复选项编号" not in reply
        assert facilitator.state()[0] is None


class TestACommandInTheMiddleOfAFlow:
    def _half_a_topic(self, chat: Chat) -> None:
        chat.say("/newtopic")
        chat.say("锦江花园小区加装电梯")
        chat.say("小区建于1995年，六层住宅没有电梯，老年住户上下楼困难。")
        assert chat.state()[1] == "source"

    def test_another_flow_puts_this_one_aside_and_cancelling_it_brings_it_back(self, facilitator):
        self._half_a_topic(facilitator)
        reply = facilitator.say("/profile")
        assert "「提出议题」已暂存" in reply and "个人信息" in reply
        assert facilitator.state()[0] == "profile"
        reply = facilitator.say("/cancel")
        assert "继续办理「提出议题」" in reply and "来源" in reply
        flow, step, answers = facilitator.state()
        assert (flow, step) == ("newtopic", "source")
        assert answers["title"] == "锦江花园小区加装电梯"

    def test_finishing_the_other_flow_also_brings_it_back(self, facilitator):
        self._half_a_topic(facilitator)
        facilitator.say("/ask")  # the question mode holds nothing and is simply left
        assert facilitator.state()[0] == "newtopic"
        facilitator.say("/profile")
        for answer in ("王芳", "乡镇（街道）", "天元街道", "1", "/skip", "是"):
            assert facilitator.state()[0] == "profile", facilitator.last
            facilitator.say(answer)
        assert "继续办理「提出议题」" in facilitator.last
        assert facilitator.state()[:2] == ("newtopic", "source")

    def test_the_same_command_again_does_not_start_over(self, facilitator):
        self._half_a_topic(facilitator)
        reply = facilitator.say("/newtopic")
        assert "已填写的内容均已保留" in reply
        assert facilitator.state()[1] == "source"

    def test_a_flow_put_aside_survives_a_restart(self, facilitator, settings):
        self._half_a_topic(facilitator)
        facilitator.say("/profile")
        restarted = build_app(settings)
        try:
            again = Chat(restarted, facilitator.user)
            assert again.state()[0] == "profile"
            assert "继续办理「提出议题」" in again.say("/cancel")
            assert again.state()[:2] == ("newtopic", "source")
        finally:
            restarted.close()


def test_an_agenda_refused_for_open_research_shows_the_open_items_and_the_way_there(facilitator):
    with facilitator.app.db.transaction() as session:
        person_org = session.scalar(select(Topic.organisation_id).limit(1))  # none yet
        assert person_org is None
        from assistant.services import people

        person = people.find_person(session, "test", "f1")
        topic = Topic(title="锦江花园小区加装电梯", description="老旧小区无电梯。", source="member",
                      status=TopicStatus.APPROVED, organisation_id=person.organisation_id, proposer_name="委员")
        topic.research_tasks = [
            ResearchTask(position=1, item="实地察看现场", done=True, findings="已察看"),
            ResearchTask(position=2, item="听取利益相关群众意见", done=False),
        ]
        session.add(topic)
        session.flush()
        topic_id = topic.id
    facilitator.say("/agenda")
    facilitator.say("1")
    reply = facilitator.say("/agenda") if facilitator.state()[0] != "agenda" else facilitator.last
    assert "不调研不协商" in reply
    assert "☐ 2. 听取利益相关群众意见" in reply and "☐ 1." not in reply
    actions = [a for r in facilitator.replies for a in r.actions]
    assert [a.value for a in actions] == [f"/research {topic_id}"]
    # Pressing the way forward opens the checklist of that topic.
    reply = facilitator.say(actions[0].value)
    assert facilitator.state()[0] == "research"
    assert "听取利益相关群众意见" in reply


def test_a_way_forward_is_a_button_that_sends_the_command_on_telegram():
    from assistant.channels.telegram import COMMAND_BUTTON_PREFIX, keyboard
    from assistant.flows.base import Choice, Reply

    markup = keyboard(Reply("不调研不协商", actions=[Choice("前往调研清单（议题 #5）", "/research 5")]))
    (button,) = [b for row in markup.inline_keyboard for b in row]
    assert button.callback_data == f"{COMMAND_BUTTON_PREFIX}/research 5"
    assert "前往调研清单" in button.text
