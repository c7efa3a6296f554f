"""Who sees and does what on which organisation's records, as each person meets it in the chat.

The matrix: every role × the organisation the person works for, relative to the records
(its own, a sibling township, the county above it) × every action a user can try. Each cell
is played through the real engine on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from assistant.domain.vocab import (
    ActionStatus,
    Adoption,
    MinutesStatus,
    OrgLevel,
    Role,
    SessionStatus,
    TopicSource,
    TopicStatus,
)
from assistant.drafting import draft_minutes
from assistant.flows.base import UserRef
from assistant.flows.minutes import EXAMPLE_TRANSCRIPT
from assistant.services import people
from assistant.storage.models import (
    ActionItem,
    Consultation,
    Minutes,
    Outcome,
    ResearchTask,
    Topic,
)
from tests.conftest import Chat, registered

NOW = datetime(2026, 11, 25, 9, 0)
COUNTY, OWN, SIBLING = "旌阳区政协", "天元街道", "东湖街道"
# Where the person works, relative to the township whose records the matrix is about.
RELATIONS = {"own": (OWN, "township"), "other": (SIBLING, "township"), "parent": (COUNTY, "county")}
ROLES = (Role.MEMBER, Role.FACILITATOR, Role.STAFF, Role.APPROVER)

TITLES = {
    "collected": "天元小区停车位规划",
    "submitted": "天元河道清淤整治",
    "approved": "锦江花园小区加装电梯",
    "sensitive": "天元片区征地补偿遗留问题",
}
OPINION = "筛选意见：切口较小、关联较广，符合协商议题要求（测试记录）"
CONSULTATION = "关于“锦江花园小区加装电梯”的协商活动"
MINUTES_WAITING = "天元街道停车难协商会议纪要"
OPEN_ACTION = "组织设计单位现场勘察"
PUBLIC_NOTICE = "关于锦江花园小区加装电梯协商成果的公示（测试稿）"


def _minutes(session, title: str, author_id: int, consultation: Consultation) -> Minutes:
    draft = {**draft_minutes(EXAMPLE_TRANSCRIPT).model_dump(mode="json"), "title": title}
    minutes = Minutes(title=title, consultation=consultation, draft=draft, final=draft, status=MinutesStatus.APPROVED,
                      created_by_id=author_id, approved_by_id=author_id, approved_at=NOW)
    session.add(minutes)
    return minutes


def seed_township(app) -> dict[str, int]:
    """The records of 天元街道, proposed by a member and worked on by its staff; returns topic ids by kind."""
    with app.db.transaction() as session:
        county = people.ensure_organisation(session, COUNTY, OrgLevel.COUNTY)
        own = people.ensure_organisation(session, OWN, OrgLevel.TOWNSHIP)
        sibling = people.ensure_organisation(session, SIBLING, OrgLevel.TOWNSHIP)
        people.set_parent(session, own, county)
        people.set_parent(session, sibling, county)
        proposer = people.ensure_person(session, "test", "proposer")
        proposer.name, proposer.organisation_id = "赵敏", own.id
        people.grant_role(session, proposer, Role.MEMBER)
        writer = people.ensure_person(session, "test", "writer")
        writer.name, writer.organisation_id = "刘干事", own.id
        people.grant_role(session, writer, Role.STAFF)

        def topic(kind: str, status: TopicStatus, **extra) -> Topic:
            record = Topic(title=TITLES[kind], description="居民多次反映，希望协商解决。", source=TopicSource.MEMBER,
                           status=status, organisation_id=own.id, proposer_id=proposer.id, proposer_name="赵敏",
                           screening_opinion=OPINION, **extra)
            session.add(record)
            return record

        topics = {
            "collected": topic("collected", TopicStatus.COLLECTED),
            "submitted": topic("submitted", TopicStatus.SUBMITTED, submitted_by_id=proposer.id),
            "approved": topic("approved", TopicStatus.APPROVED),
            "sensitive": topic("sensitive", TopicStatus.APPROVED, sensitive=True),
        }
        topics["approved"].research_tasks = [ResearchTask(position=1, item="实地走访", done=True, findings="已走访")]
        planned = Consultation(topic=topics["approved"], organisation_id=own.id, title=CONSULTATION,
                               status=SessionStatus.SCHEDULED, scheduled_at=datetime(2026, 12, 1, 14, 0))
        held = Consultation(topic=topics["approved"], organisation_id=own.id, title="往期协商", status=SessionStatus.HELD, held_at=datetime(2026, 10, 1))
        session.add_all([planned, held])
        _minutes(session, MINUTES_WAITING, writer.id, held)
        followed = _minutes(session, "天元街道垃圾分类协商会议纪要", writer.id, held)
        session.flush()
        outcome = Outcome(minutes_id=followed.id, consultation_id=held.id, adoption=Adoption.ADOPTED,
                          public_notice=PUBLIC_NOTICE, published_at=datetime(2026, 11, 1, 10, 0))
        outcome.actions = [ActionItem(owner="街道城管办", task=OPEN_ACTION, status=ActionStatus.OPEN)]
        session.add(outcome)
        session.flush()
        return {kind: record.id for kind, record in topics.items()}


def _after(chat: Chat, said: str, *expected: str) -> bool:
    reply = chat.say(said)
    chat.say("/cancel")
    return all(text in reply for text in expected)


# Each action: what the person types, and whether the reply shows they could do it.
ACTIONS = {
    "list_topics": lambda chat, ids: _after(chat, "/topics", TITLES["approved"]),
    "open_topic": lambda chat, ids: _after(chat, f"/topic {ids['approved']}", TITLES["approved"]),
    "read_working_papers": lambda chat, ids: _after(chat, f"/topic {ids['approved']}", OPINION),
    "read_published_outcome": lambda chat, ids: _after(chat, f"/topic {ids['approved']}", PUBLIC_NOTICE),
    "open_sensitive_topic": lambda chat, ids: _after(chat, f"/topic {ids['sensitive']}", TITLES["sensitive"]),
    "submit": lambda chat, ids: _after(chat, f"/submit {ids['collected']}", "已报送审定"),
    "research": lambda chat, ids: _after(chat, f"/research {ids['approved']}", "调研清单：", TITLES["approved"]),
    "agenda_choices": lambda chat, ids: _after(chat, "/agenda", "请选择要安排协商的议题", TITLES["approved"]),
    "approve": lambda chat, ids: _after(chat, f"/approve {ids['submitted']}", "请作出审定意见"),
    "approve_choices": lambda chat, ids: _after(chat, "/approve", "请选择要审定的议题", TITLES["submitted"]),
    "outcome_choices": lambda chat, ids: _after(chat, "/outcome", MINUTES_WAITING),
    "actions_choices": lambda chat, ids: _after(chat, "/actions", OPEN_ACTION),
    "link_minutes": lambda chat, ids: (chat.say("/minutes"), _after(chat, EXAMPLE_TRANSCRIPT, CONSULTATION))[1],
}

READ = {"list_topics", "open_topic", "read_published_outcome", "read_working_papers", "open_sensitive_topic"}
PREPARE = {"submit", "research", "agenda_choices", "link_minutes"}
TRACK = {"outcome_choices", "actions_choices"}
APPROVE = {"approve", "approve_choices"}
ALLOWED: dict[tuple[Role, str], set[str]] = {
    # Members read the approved topics of their own organisation, not its working papers or sensitive topics.
    (Role.MEMBER, "own"): {"list_topics", "open_topic", "read_published_outcome"},
    (Role.FACILITATOR, "own"): READ | PREPARE | TRACK,
    (Role.STAFF, "own"): READ | PREPARE | TRACK,
    (Role.APPROVER, "own"): READ | APPROVE | TRACK,
    # The county above oversees: its staff and approvers read, nobody there works on or approves the township's topics.
    (Role.MEMBER, "parent"): set(),
    (Role.FACILITATOR, "parent"): set(),
    (Role.STAFF, "parent"): READ,
    (Role.APPROVER, "parent"): READ,
}
ALLOWED |= {(role, "other"): set() for role in ROLES}  # a sibling township sees nothing of it

CASES = [(role, relation, action) for role in ROLES for relation in RELATIONS for action in ACTIONS]


def test_the_matrix_covers_every_role_relation_and_action():
    assert len(CASES) == len(ROLES) * len(RELATIONS) * len(ACTIONS) == 156
    assert set(ALLOWED) == {(role, relation) for role in ROLES for relation in RELATIONS}


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value)
def test_permission_matrix(app, role, relation):
    """One person per (role, organisation); every action of the row is tried in turn and compared."""
    app.engine.clock = lambda: NOW
    ids = seed_township(app)
    organisation, level = RELATIONS[relation]
    chat = registered(app, UserRef("test", "actor"), "孙明", role, organisation, level)
    outcome = {action: bool(attempt(chat, ids)) for action, attempt in ACTIONS.items()}
    expected = {action: action in ALLOWED[(role, relation)] for action in ACTIONS}
    wrong = {action: f"got {outcome[action]}, expected {expected[action]}" for action in ACTIONS if outcome[action] != expected[action]}
    assert not wrong, f"{role.value} of the {relation} organisation: {wrong}"
    with app.db.transaction() as session:  # trying never changed another organisation's records
        if not expected["submit"]:
            assert session.get(Topic, ids["collected"]).status is TopicStatus.COLLECTED
        assert session.get(Topic, ids["submitted"]).status is TopicStatus.SUBMITTED


def test_another_organisations_topic_answers_as_if_it_did_not_exist(app):
    ids = seed_township(app)
    chat = registered(app, UserRef("test", "outsider"), "钱委员", Role.MEMBER, SIBLING, "township")
    reply = chat.say(f"/topic {ids['sensitive']}")
    missing = chat.say("/topic 999")
    assert TITLES["sensitive"] not in reply and OPINION not in reply and "补偿" not in reply
    assert reply.replace(str(ids["sensitive"]), "N") == missing.replace("999", "N")


def test_a_member_does_not_see_a_sensitive_topic_of_their_own_organisation(app):
    ids = seed_township(app)
    chat = registered(app, UserRef("test", "member"), "钱委员", Role.MEMBER, OWN, "township")
    assert TITLES["sensitive"] not in chat.say("/topics")
    assert "没有找到" in chat.say(f"/topic {ids['sensitive']}")


def test_the_proposer_sees_their_own_topic_whatever_its_status(app):
    ids = seed_township(app)
    chat = Chat(app, UserRef("test", "proposer"))
    listed = chat.say("/topics")
    assert all(title in listed for title in TITLES.values())
    assert TITLES["collected"] in chat.say(f"/topic {ids['collected']}")


def test_the_administrator_sees_every_organisation(app):
    ids = seed_township(app)
    with app.db.transaction() as session:
        admin = people.ensure_person(session, "test", "admin")
        admin.name = "管理员"
        people.grant_role(session, admin, Role.ADMIN)
    chat = Chat(app, UserRef("test", "admin"))
    assert OPINION in chat.say(f"/topic {ids['sensitive']}")
    assert "请作出审定意见" in chat.say(f"/approve {ids['submitted']}")


def test_submitted_topics_notify_only_approvers_who_may_decide(app):
    ids = seed_township(app)
    approvers = {
        relation: registered(app, UserRef("test", f"approver-{relation}"), "审定人", Role.APPROVER, *RELATIONS[relation])
        for relation in RELATIONS
    }
    facilitator = registered(app, UserRef("test", "facilitator"), "王芳", Role.FACILITATOR, OWN, "township")
    assert "已报送审定" in facilitator.say(f"/submit {ids['collected']}")
    assert f"/approve {ids['collected']}" in approvers["own"].say("/me")
    for relation in ("other", "parent"):
        assert TITLES["collected"] not in approvers[relation].say("/me")
    with app.db.transaction() as session:
        assert session.scalar(select(Topic.submitted_by_id).where(Topic.id == ids["collected"])) is not None


# --- separation of duties: 审定 (三（四）, 四（一）) --------------------------------------------------

NEW_TOPIC = [
    ("/newtopic", "议题名称"),
    ("天元小区雨污分流改造", "背景"),
    ("小区雨污合流，雨季污水倒灌，居民多次反映，希望协商解决。", "来源"),
    ("政协选题", "提出人"),
    ("1", "哪一类"),
    ("民生改善实事", "单位"),
    ("1", "范围"),
    ("1", "多少户"),
    ("200", "切身利益"),
    ("是", "公共事务"),
    ("是", "敏感"),
    ("否", "多年积累"),
    ("否", "筛选意见"),
]


def _newest_topic(app) -> Topic:
    with app.db.transaction() as session:
        return session.scalar(select(Topic).order_by(Topic.id.desc()))


def test_an_approver_cannot_approve_a_topic_they_proposed(app):
    approver = registered(app, UserRef("test", "secretary"), "陈书记", Role.APPROVER, OWN, "township")
    for said, expected in NEW_TOPIC:
        assert expected in approver.say(said), said
    assert "已报送审定" in approver.say("是")
    topic = _newest_topic(app)
    reply = approver.say(f"/approve {topic.id}")
    assert "您是该议题的提出人" in reply and "不能审定自己提出的议题" in reply and "三、（四）" in reply
    assert approver.state()[0] is None
    assert _newest_topic(app).status is TopicStatus.SUBMITTED
    assert "已报送审定" in approver.last or "请作出审定意见" not in reply


def test_nobody_approves_a_topic_they_submitted(app):
    ids = seed_township(app)
    with app.db.transaction() as session:
        person = people.ensure_person(session, "test", "both")
        person.name, person.organisation_id = "王芳", people.find_organisation(session, OWN).id
        people.grant_role(session, person, Role.FACILITATOR)
        people.grant_role(session, person, Role.APPROVER)
    chat = Chat(app, UserRef("test", "both"))
    assert "已报送审定" in chat.say(f"/submit {ids['collected']}")
    reply = chat.say(f"/approve {ids['collected']}")
    assert "您是该议题的报送人" in reply and "三、（四）" in reply
    # Another approver of the same organisation may decide on it.
    other = registered(app, UserRef("test", "secretary"), "陈书记", Role.APPROVER, OWN, "township")
    assert "请作出审定意见" in other.say(f"/approve {ids['collected']}")


def test_an_approver_of_another_organisation_is_refused(app):
    ids = seed_township(app)
    county = registered(app, UserRef("test", "county"), "孙书记", Role.APPROVER, COUNTY, "county")
    reply = county.say(f"/approve {ids['submitted']}")
    assert "不是该单位的审定人" in reply and "三、（四）和四、（一）" in reply
    assert county.state()[0] is None
    sibling = registered(app, UserRef("test", "sibling"), "李书记", Role.APPROVER, SIBLING, "township")
    reply = sibling.say(f"/approve {ids['submitted']}")
    assert TITLES["submitted"] not in reply and "没有待审定的议题" in reply
    with app.db.transaction() as session:
        assert session.get(Topic, ids["submitted"]).status is TopicStatus.SUBMITTED


def test_the_service_refuses_a_cross_organisation_decision_too(app):
    """Not only the dialogue: a caller of the service cannot record the decision either."""
    from assistant.domain.rules import RuleViolation
    from assistant.services import topics

    ids = seed_township(app)
    registered(app, UserRef("test", "county"), "孙书记", Role.APPROVER, COUNTY, "county")
    registered(app, UserRef("test", "sibling"), "李书记", Role.APPROVER, SIBLING, "township")
    for who, refusal in (("county", "不是该单位的审定人"), ("sibling", "不在您的办理范围内")):
        with app.db.transaction() as session:
            approver = people.find_person(session, "test", who)
            with pytest.raises(RuleViolation, match=refusal):
                topics.decide(session, session.get(Topic, ids["submitted"]), approver, True, "")


def test_a_topic_is_proposed_only_for_ones_own_organisation_or_below(app):
    seed_township(app)
    chat = registered(app, UserRef("test", "member"), "钱委员", Role.MEMBER, SIBLING, "township")
    for said, expected in NEW_TOPIC[:6]:
        assert expected in chat.say(said), said
    offered = [choice.label for choice in chat.replies[-1].choices]
    assert offered[0] == SIBLING and OWN not in offered and COUNTY not in offered
    # Another township's platform, typed by name: refused at that step, not after the last question.
    reply = chat.say(OWN)
    assert "只能为本单位或下级单位" in reply and "在哪个单位" in reply
    assert chat.state()[1] == "organisation"
    with app.db.transaction() as session:
        assert session.scalar(select(Topic).where(Topic.title == "天元小区雨污分流改造")) is None


# --- changing one's organisation ------------------------------------------------------------------

PROFILE_TO = [("/profile", "姓名"), ("王芳", "层级"), ("乡镇（街道）", "单位的名称")]


def _profile(chat: Chat, organisation: str) -> str:
    """Fills in the profile with `organisation`; returns the summary shown before saving and the answer."""
    for said, expected in [*PROFILE_TO, (organisation, "身份"), ("协商主持人", "联系电话"), ("/skip", "请核对")]:
        assert expected in chat.say(said), said
    summary = chat.last
    return summary + "\n" + chat.say("是")


def _organisation_of(app, external_id: str) -> str | None:
    with app.db.transaction() as session:
        person = people.find_person(session, "test", external_id)
        return person.organisation.name if person.organisation else None


def test_moving_to_another_organisation_waits_for_an_administrator(app):
    ids = seed_township(app)
    chat = registered(app, UserRef("test", "mover"), "王芳", Role.FACILITATOR, SIBLING, "township")
    reply = _profile(chat, OWN)
    assert "（变更单位须经管理员审核）" in reply, "the summary says so before the person confirms"
    assert "变更所在单位为“天元街道”的申请已提交" in reply and "管理员审核通过后生效" in reply
    assert f"仍按原单位（{SIBLING}）" in reply
    assert _organisation_of(app, "mover") == SIBLING
    assert "没有找到" in chat.say(f"/topic {ids['approved']}"), "the request alone opens no scope"
    with app.db.transaction() as session:
        pending = people.pending_role_requests(session)
        assert [people.request_text(r) for r in pending] == [f"变更单位：{SIBLING} → {OWN}"]
        people.decide_role_request(session, pending[0].id, True, None)
    assert _organisation_of(app, "mover") == OWN
    told = chat.say("/me")
    assert "已同意" in told and OWN in told
    assert OPINION in chat.say(f"/topic {ids['approved']}")


def test_a_declined_move_leaves_the_person_where_they_were(app):
    seed_township(app)
    chat = registered(app, UserRef("test", "mover"), "王芳", Role.FACILITATOR, SIBLING, "township")
    _profile(chat, OWN)
    with app.db.transaction() as session:
        people.decide_role_request(session, people.pending_role_requests(session)[0].id, False, None)
    assert _organisation_of(app, "mover") == SIBLING
    assert "未同意" in chat.say("/me")


def test_a_first_registration_sets_the_organisation_at_once(app):
    chat = Chat(app, UserRef("test", "newcomer"))
    reply = _profile(chat, OWN)
    assert "变更所在单位" not in reply and "须经管理员审核" not in reply
    assert _organisation_of(app, "newcomer") == OWN
    with app.db.transaction() as session:  # the role is what the administrator decides, with the organisation shown
        assert [r.role for r in people.pending_role_requests(session)] == [Role.FACILITATOR]


def test_someone_holding_a_role_without_an_organisation_asks_too(app):
    """A role from an invite without --org must not let its holder choose any organisation's scope."""
    with app.db.transaction() as session:
        people.grant_role(session, people.ensure_person(session, "test", "invited"), Role.FACILITATOR)
    chat = Chat(app, UserRef("test", "invited"))
    assert "变更所在单位为“天元街道”的申请已提交" in _profile(chat, OWN)
    assert _organisation_of(app, "invited") is None


# --- invite codes ---------------------------------------------------------------------------------


def _invite(app, uses: int = 2) -> str:
    with app.db.transaction() as session:
        return people.create_invite(session, Role.FACILITATOR, max_uses=uses).code


def test_one_person_redeems_a_code_once_and_burns_nothing_the_second_time(app):
    from assistant.storage.models import InviteCode

    code = _invite(app, uses=2)
    chat = Chat(app, UserRef("test", "u1"))
    assert "已获得“协商主持人”身份" in chat.say(f"/join {code}")
    assert "您已使用过该邀请码" in chat.say(f"/join {code}")
    with app.db.transaction() as session:
        assert session.scalar(select(InviteCode.uses)) == 1
    assert "已获得“协商主持人”身份" in Chat(app, UserRef("test", "u2")).say(f"/join {code}")
    assert "已被使用" in Chat(app, UserRef("test", "u3")).say(f"/join {code}")


def test_wrong_codes_are_throttled_per_person_and_logged(app, caplog):
    from assistant.storage.models import FailedJoin

    code = _invite(app)
    guesser = Chat(app, UserRef("test", "guesser"))
    for n in range(5):
        assert "邀请码不正确" in guesser.say(f"/join WRONG{n:03d}")
    assert "wrong invite code from person" in caplog.text and "WRONG" not in caplog.text
    refused = guesser.say(f"/join {code}")  # even the right code waits: the guesser cannot tell which try was right
    assert "输错次数过多" in refused and "分钟后再试" in refused
    assert "身份：暂无" in guesser.say("/me")
    with app.db.transaction() as session:
        assert session.scalar(select(FailedJoin.id).order_by(FailedJoin.id.desc())) is not None
        assert len(session.scalars(select(FailedJoin)).all()) == 5, "refused tries are not counted again"
    # Somebody else is not held up by the guesser.
    assert "已获得" in Chat(app, UserRef("test", "honest")).say(f"/join {_invite(app)}")
    # Ten minutes later the window has passed.
    with app.db.transaction() as session:
        for row in session.scalars(select(FailedJoin)):
            row.at = row.at.replace(year=row.at.year - 1)
    assert "已获得“协商主持人”身份" in guesser.say(f"/join {code}")


# --- past sessions shown while proposing (/newtopic): minutes are read by the policy too ------------

ELEVATOR_TOPIC = [
    ("/newtopic", "议题名称"),
    ("3栋老楼加装电梯", "背景"),
    ("3栋没有电梯，老人上下楼困难，一楼住户担心采光，希望协商加装电梯的方案。", "来源"),
    ("政协选题", "提出人"),
    ("1", "哪一类"),
    ("民生改善实事", "单位"),
    ("1", "范围"),
    ("1", "多少户"),
    ("60", "切身利益"),
    ("是", "公共事务"),
    ("否", "敏感"),
    ("否", "多年积累"),
]


def test_similar_past_sessions_show_only_minutes_the_person_may_read(app):
    """Another township's minutes (with residents' names and objections) never appear in the
    "相似的往期协商" list of someone who may not read them; the own organisation's do."""
    from assistant.services import minutes as minutes_service

    seed_township(app)
    with app.db.transaction() as session:
        minutes = session.scalar(select(Minutes).where(Minutes.title == MINUTES_WAITING))
        entry = minutes_service.index_entry(minutes, OWN)
    app.services.index_past_session(**entry)
    readers = {
        "own": registered(app, UserRef("test", "own-facilitator"), "王芳", Role.FACILITATOR, OWN, "township"),
        "sibling": registered(app, UserRef("test", "sibling-facilitator"), "周强", Role.FACILITATOR, SIBLING, "township"),
    }
    shown = {}
    for who, chat in readers.items():
        for said, _ in ELEVATOR_TOPIC:
            chat.say(said)
        opinion = chat.say("否")  # the last question: the screening opinion with similar sessions
        chat.say("/cancel")
        assert "筛选意见" in opinion or "相似的往期协商" in opinion or "未检索到相似" in opinion, opinion
        shown[who] = MINUTES_WAITING in opinion
    assert shown == {"own": True, "sibling": False}
