"""议题征集与筛选 (/newtopic): from a raw idea to a screened topic, optionally sent for approval.

    title → description → source → proposer → category → organisation → [level]
      → scope → households → daily_life → public_matter → sensitive → long_standing
      → submit (shows the screening opinion and similar past sessions) → saved (收集 / 报送)
"""

from __future__ import annotations

from assistant.domain import consultation as rules
from assistant.domain.rules import Action
from assistant.domain.vocab import OrgLevel, TopicCategory, TopicSource
from assistant.flows.base import Choice, Flow, FlowContext, InputKind, Invalid, Reply, Step
from assistant.flows.common import refuse_unless, submission_notice
from assistant.services import people, scopes, topics
from assistant.storage.models import Organisation

SELF = "本人"


def _check_title(value: str, ctx: FlowContext) -> str:
    if len(value) < 4:
        raise Invalid("议题名称请用 4–60 字概括，例如“锦江花园小区加装电梯”。")
    return value


def _check_description(value: str, ctx: FlowContext) -> str:
    if len(value) < 10:
        raise Invalid("请用至少 10 个字说明议题背景和群众反映的主要问题，便于筛选和审定。")
    return value


def _proposer_choices(ctx: FlowContext) -> list[Choice]:
    return [Choice(f"本人（{ctx.person.name}）", SELF)]


def _proposer(value: str, ctx: FlowContext) -> str:
    return ctx.person.name if value == SELF else value


def _organisation_choices(ctx: FlowContext) -> list[Choice]:
    # Only the organisations the person may propose for (their own first): the policy decides.
    return [Choice(o.name, o.name) for o in scopes.proposable_organisations(ctx.session, ctx.person)]


def _known_organisation(ctx: FlowContext) -> Organisation | None:
    return people.find_organisation(ctx.session, ctx.answers["organisation"])


def _check_organisation(value: str, ctx: FlowContext) -> str:
    """Refuses an organisation the person may not propose for now, not after the last question."""
    known = people.find_organisation(ctx.session, value)
    if known is not None and not (verdict := scopes.may_propose_for(ctx.session, ctx.person, known)):
        raise Invalid(verdict.message)
    return value


def _check_new_level(value: str, ctx: FlowContext) -> str:
    """A new organisation at this level: would the person be allowed to propose for it? Tried and undone."""
    savepoint = ctx.session.begin_nested()
    try:
        trial = people.ensure_organisation(
            ctx.session, ctx.answers["organisation"], OrgLevel(value), registered_by=ctx.person.organisation
        )
        verdict = scopes.may_propose_for(ctx.session, ctx.person, trial)
    finally:
        savepoint.rollback()
    if not verdict:
        raise Invalid(verdict.message + "。请发送 /back 改选本单位或下级单位。")
    return value


def _check_households(value: int, ctx: FlowContext) -> int:
    if not 1 <= value <= 10_000_000:
        raise Invalid("请填写大致户数（1 以上的整数），估算即可。")
    return value


def _screening_answers(ctx: FlowContext) -> rules.ScreeningAnswers:
    a = ctx.answers
    return rules.ScreeningAnswers(
        scope=rules.Scope(a["scope"]),
        households=a["households"],
        affects_daily_life=a["daily_life"],
        public_matter=a["public_matter"],
        sensitive=a["sensitive"],
        long_standing=a["long_standing"],
    )


def _similar_sessions_text(ctx: FlowContext) -> str:
    # Ask for more than are shown: some may be minutes the person may not read.
    found = ctx.services.similar_sessions(f"{ctx.answers['title']} {ctx.answers['description']}", k=12)
    hits = scopes.readable_session_hits(ctx.session, ctx.person, found, limit=3)
    if not hits:
        return "未检索到相似的往期协商。"
    lines = ["相似的往期协商（供参考，避免重复协商）："]
    for hit in hits:
        meta = hit.metadata or {}
        when = f"，{meta['date']}" if meta.get("date") else ""
        where = f"，{meta['organisation']}" if meta.get("organisation") else ""
        lines.append(f"· {hit.source}{where}{when}：{hit.text[:80]}…")
    return "\n".join(lines)


def _prepare_opinion(ctx: FlowContext) -> None:
    """Words the screening opinion once (Step.effect): the rules decide, a configured model only phrases."""
    screening = rules.screen_topic(_screening_answers(ctx))
    a = ctx.answers
    drafted = ctx.services.drafter.screening_opinion(a["title"], a["description"], screening)
    a["_opinion"], a["_opinion_note"] = drafted.value, drafted.note


def _submit_question(ctx: FlowContext) -> str:
    opinion = ctx.answers["_opinion"]
    if note := ctx.answers.get("_opinion_note"):
        opinion = f"{note}\n{opinion}"
    return (
        f"{opinion}\n\n{_similar_sessions_text(ctx)}\n\n"
        "是否现在报送同级党组织审定？（选“否”则先登记为“已收集”，之后可再报送）"
    )


def _save(ctx: FlowContext) -> list[Reply]:
    """Records the topic with its screening, and sends it for approval if asked."""
    a, session = ctx.answers, ctx.session
    organisation = _known_organisation(ctx) or people.ensure_organisation(
        session, a["organisation"], OrgLevel(a["level"]), registered_by=ctx.person.organisation
    )
    topic = topics.create_topic(
        session,
        ctx.person,
        topics.NewTopic(
            title=a["title"],
            description=a["description"],
            source=TopicSource(a["source"]),
            category=TopicCategory(a["category"]),
            proposer_name=a["proposer"],
            organisation_id=organisation.id,
            screening=_screening_answers(ctx),
            opinion=a["_opinion"],
        ),
    )
    lines = [f"议题已登记，编号 #{topic.id}“{topic.title}”。"]
    if a["submit"]:
        told = topics.submit_topic(session, topic, ctx.person)
        lines.append(f"已报送审定，当前状态：{topic.status.label}。{submission_notice(told)}")
    else:
        lines.append(f"当前状态：{topic.status.label}。需要报送时，请发送 /submit {topic.id}。")
    if topic.sensitive or topic.long_standing:
        lines.append("该议题涉及敏感问题或多年积累的难题，调研时须向同级党委政府报告并制定预案（三、（五））。")
    lines.append("审定通过后，请发送 /research 开展调研（不调研不协商）。")
    return [Reply("\n".join(lines))]


def _labelled(enum_cls) -> list[Choice]:
    return [Choice(f"{m.label}（{m.hint}）" if m.hint else m.label, m.value) for m in enum_cls]


FLOW = Flow(
    name="newtopic",
    command="newtopic",
    title="提出议题",
    summary="征集、筛选协商议题并报送审定",
    refuse=refuse_unless(Action.PROPOSE_TOPIC),
    steps=(
        Step("title", "请用一句话概括议题名称（4–60 字）：", validate=_check_title, max_chars=60, example="锦江花园小区加装电梯"),
        Step(
            "description",
            "请简要说明议题的背景和群众反映的主要问题：",
            validate=_check_description,
            max_chars=1000,
            example="小区建于1995年，多为六层无电梯住宅，老年住户上下楼困难，居民多次反映希望加装电梯。",
        ),
        Step("source", "议题来源是？", kind=InputKind.CHOICE, choices=_labelled(TopicSource)),
        Step(
            "proposer",
            "提出人或提出单位是？（本人提出请回复 1）",
            choices=_proposer_choices,
            validate=_proposer,
            max_chars=60,
            example="1",
        ),
        Step("category", "议题属于哪一类？", kind=InputKind.CHOICE, choices=_labelled(TopicCategory)),
        Step(
            "organisation",
            "在哪个单位的“有事来协商”平台协商？请输入单位名称，或回复编号：",
            choices=_organisation_choices,
            validate=_check_organisation,
            max_chars=60,
            example="天元街道",
        ),
        Step(
            "level",
            "这是新登记的单位，请选择它的层级：",
            kind=InputKind.CHOICE,
            choices=[Choice(level.label, level.value) for level in OrgLevel],
            validate=_check_new_level,
            when=lambda ctx: _known_organisation(ctx) is None,
        ),
        Step(
            "scope",
            "议题涉及的范围有多大？（政策要求“切口小”）",
            kind=InputKind.CHOICE,
            choices=[Choice(label, scope.value) for scope, label in rules.SCOPE_LABELS.items()],
        ),
        Step(
            "households",
            "大约涉及多少户群众？（估算即可，如“120”“约480户”“四百多户”）",
            kind=InputKind.INTEGER,
            validate=_check_households,
            example="120",
        ),
        Step(
            "daily_life",
            "是否与群众切身利益直接相关（如出行、居住、环境、养老、就业、安全等）？",
            kind=InputKind.YES_NO,
            example="是",
        ),
        Step(
            "public_matter",
            "是否属于公共事务、公众利益或公益事业？（个人纠纷、信访个案或应通过法律途径解决的事项请回复“否”）",
            kind=InputKind.YES_NO,
            example="是",
        ),
        Step("sensitive", "是否涉及敏感问题？", kind=InputKind.YES_NO, example="否"),
        Step(
            "long_standing",
            "是否属于多年积累、长期未解决的难题？",
            kind=InputKind.YES_NO,
            effect=_prepare_opinion,
            example="否",
        ),
        Step("submit", _submit_question, kind=InputKind.YES_NO, example="是"),
    ),
    finish=_save,
)
