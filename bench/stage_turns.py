"""Counts the turns a facilitator needs for the research and follow-up stages, walking the engine.

    python bench/stage_turns.py

Research: a topic's default checklist (6 items) from /research to 结束本次登记, three ways:
through the menu (pick, item, finding), one message per item ("2. 发现；调研人；日期"), and one
pasted list. Follow-up: an outcome with 4 actions from the first /actions to 办结 (every action
已落实 with its date and evidence, then 反馈 and 公开 with their date and channel, and — since the
dissenter's explanation must have reached them before 办结 — its delivery, where the code asks for it). The walk
reacts to the questions it is shown, so it also runs against an older checkout of the code
(PYTHONPATH=<checkout>) where the menu way and the old /actions are all there is.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from assistant.bootstrap import build_app
from assistant.config import Settings
from assistant.domain.vocab import OrgLevel, Role, TopicCategory, TopicSource, TopicStatus
from assistant.drafting import draft_minutes
from assistant.flows.base import Incoming, UserRef
from assistant.services import minutes as minutes_service
from assistant.services import people
from assistant.storage.models import Topic
from assistant.storage.types import local_now

TRANSCRIPT = Path(__file__).parent / "data" / "transcripts" / "01_elevator_typed.txt"
MAX_TURNS = 60


class Walk:
    def __init__(self, app, user: UserRef):
        self.app, self.user, self.turns, self.replies = app, user, 0, []

    def say(self, text: str) -> str:
        self.turns += 1
        self.replies = self.app.engine.handle(self.user, Incoming(text=text))
        return self.last

    @property
    def last(self) -> str:
        """The replies with their buttons, as the user sees them."""
        return "\n".join([r.text for r in self.replies] + self.choices)

    @property
    def choices(self) -> list[str]:
        return [c.label for r in self.replies for c in r.choices]


def _office(app) -> Walk:
    user = UserRef("bench", "facilitator")
    with app.db.transaction() as session:
        person = people.ensure_person(session, user.channel, user.external_id)
        organisation = people.ensure_organisation(session, "天元街道", OrgLevel.TOWNSHIP)
        person.name, person.organisation_id = "王芳", organisation.id
        people.grant_role(session, person, Role.FACILITATOR)
        people.grant_role(session, person, Role.STAFF)
    return Walk(app, user)


def _topic(app) -> int:
    with app.db.transaction() as session:
        organisation = people.find_organisation(session, "天元街道")
        topic = Topic(title="锦江花园小区加装电梯", description="六层住宅没有电梯，老年住户上下楼困难。",
                      source=TopicSource.MEMBER, category=TopicCategory.LIVELIHOOD, proposer_name="赵敏",
                      organisation_id=organisation.id, status=TopicStatus.APPROVED)
        session.add(topic)
        session.flush()
        return topic.id


def _open_item(walk: Walk) -> str:
    """The number of the first item not yet done, as the pick menu shows it."""
    return str(next(n for n, label in enumerate(walk.choices, 1) if "已完成" not in label))


def research(way: str) -> int:
    with tempfile.TemporaryDirectory() as data:
        app = build_app(Settings(data_dir=Path(data)))
        try:
            walk, topic_id = _office(app), _topic(app)
            walk.say(f"/research {topic_id}")
            walk.say("街道政协工作委员会")
            walk.say("12月10日")
            findings = [f"{n}. 第{n}项调研已完成，情况已掌握；王芳；昨天" for n in range(1, 7)]
            if way == "list":
                walk.say("\n".join(findings))
            elif way == "line":
                for line in findings:
                    walk.say(line)
            else:
                while "登记完成一项调研" in walk.last and walk.turns < MAX_TURNS:
                    walk.say("登记完成一项调研，并填写调研发现")
                    walk.say(_open_item(walk))
                    walk.say("已完成，情况已掌握。")
            walk.say("结束本次登记")
            assert "调研已完成" in walk.last, walk.last
            return walk.turns
        finally:
            app.close()


def _outcome(walk: Walk, app) -> None:
    text = TRANSCRIPT.read_text(encoding="utf-8")
    draft = draft_minutes(text)
    with app.db.transaction() as session:
        person = people.ensure_person(session, walk.user.channel, walk.user.external_id)
        minutes_service.approve_minutes(session, person, original=draft, final=draft, source_text=text,
                                        source_filename=None, consultation_id=None, now=local_now())
    walk.say("/outcome")
    while "成果落实情况已登记" not in walk.last and walk.turns < MAX_TURNS:
        if "请核对" in walk.last:
            walk.say("是")
        elif "采纳情况：" in walk.last and "请核对" not in walk.last:
            walk.say("采纳")
        else:
            walk.say("1")


def _follow_up_answer(walk: Walk) -> str:
    text = walk.last
    if "请选择要更新的事项" in text:  # before: unfinished actions first, then the outcome to close
        return "1"
    if "下一项待办：" in text:  # the list names the next open item (the loop after each record)
        return text.split("下一项待办：", 1)[1].split(".", 1)[0]
    if "编号在该成果办结前保持不变" in text:
        open_ones = [n for n, label in enumerate(walk.choices, 1) if not label.endswith(("已落实）", "已撤销）"))]
        return str(open_ones[0])
    if "请选择最新状态" in text:
        return "已落实"
    if "请简要填写落实进展" in text:
        return "/skip"
    if "请选择要办理的事项" in text:
        return "登记已落实"
    if "哪一天落实完成" in text:  # the day and the evidence in one message
        return "今天；已通过验收，验收单已存档"
    if "落实依据" in text:
        return "已通过验收，验收单已存档"
    if "请选择要登记的内容" in text:
        return "登记已向参加协商各方反馈" if "尚未登记反馈" in text else "登记已向社会公开"
    if "哪一天送达" in text:
        return "今天；当面送达并说明"
    if "哪一天" in text:
        return "今天；公示栏张贴" if "向社会公开" in text else "今天；书面反馈"
    if "方式" in text:
        return "1"
    return "是"  # the older yes/no questions: 是否已经反馈 / 是否已…向社会公开


def follow_up() -> tuple[int, int]:
    """Turns for /outcome, and for /actions from the first update to 办结."""
    with tempfile.TemporaryDirectory() as data:
        app = build_app(Settings(data_dir=Path(data)))
        try:
            walk = _office(app)
            _outcome(walk, app)
            outcome_turns, walk.turns = walk.turns, 0
            walk.say("/actions")
            while "本次协商成果办结" not in walk.last and walk.turns < MAX_TURNS:
                state = app.engine.state_of(walk.user)[0]
                walk.say(_follow_up_answer(walk) if state else "/actions")
            assert "本次协商成果办结" in walk.last, walk.last
            return outcome_turns, walk.turns
        finally:
            app.close()


def main() -> None:
    print(f"调研（6 项，逐项经菜单）：{research('menu')} 轮")
    try:
        print(f"调研（6 项，每项一条消息）：{research('line')} 轮")
        print(f"调研（6 项，一次粘贴清单）：{research('list')} 轮")
    except AssertionError:
        print("调研（一条消息 / 粘贴清单）：此版本不支持")
    outcome_turns, action_turns = follow_up()
    print(f"成果落实登记（/outcome）：{outcome_turns} 轮")
    print(f"落实进度（4 项落实事项至办结，/actions）：{action_turns} 轮")


if __name__ == "__main__":
    main()
