"""个人信息: who the user is, where they work, and which role they ask for.

Every later flow needs this: records say who proposed, approved and wrote what.

    name → level → organisation → role → phone (optional) → confirm ─┬─ yes → saved
                                                                     └─ no  → name
"""

from __future__ import annotations

from assistant.domain.permissions import sets_organisation_directly
from assistant.domain.rules import REQUESTABLE_ROLES, person_name_problem, phone_problem
from assistant.domain.vocab import OrgLevel, Role
from assistant.flows.base import END, Choice, Flow, FlowContext, InputKind, Invalid, Reply, Step
from assistant.services import people, scopes


def _current(ctx: FlowContext, value: str | None) -> str:
    return f"（当前登记：{value}）" if value else ""


def _check_name(value: str, ctx: FlowContext) -> str:
    if problem := person_name_problem(value):
        raise Invalid(problem)
    return value


def _check_organisation(value: str, ctx: FlowContext) -> str:
    if len(value) < 2:
        raise Invalid("单位名称至少 2 个字，请输入完整名称，如“旌阳区天元街道”。")
    return value


def _check_phone(value: str, ctx: FlowContext) -> str:
    if problem := phone_problem(value):
        raise Invalid(problem)
    return value.replace(" ", "")


def _organisation_suggestions(ctx: FlowContext) -> list[Choice]:
    level = OrgLevel(ctx.answers["level"])
    return [Choice(org.name, org.name) for org in people.organisations_at(ctx.session, level)]


def _moves(ctx: FlowContext) -> bool:
    """Whether the answers would move an already placed person to another organisation (a request)."""
    current = ctx.person.organisation
    chosen = (ctx.answers["organisation"], OrgLevel(ctx.answers["level"]))
    changes = current is None or (current.name, current.level) != chosen
    return changes and not sets_organisation_directly(scopes.viewer_of(ctx.session, ctx.person))


def _summary(ctx: FlowContext) -> str:
    a = ctx.answers
    return (
        "请核对以下信息：\n"
        f"姓名：{a['name']}\n"
        f"单位：{a['organisation']}（{OrgLevel(a['level']).label}）"
        + ("（变更单位须经管理员审核）" if _moves(ctx) else "")
        + "\n"
        f"申请身份：{Role(a['role']).label}\n"
        f"联系电话：{a.get('phone') or '未填写'}\n"
        "确认提交吗？"
    )


def _save(ctx: FlowContext) -> list[Reply]:
    """Stores the profile and files the role request (granted at once for an administrator)."""
    a, person, session = ctx.answers, ctx.person, ctx.session
    organisation = people.ensure_organisation(
        session, a["organisation"], OrgLevel(a["level"]), registered_by=person.organisation
    )
    person.name, person.phone = a["name"], a.get("phone")
    org_line = ""
    if person.organisation_id != organisation.id:
        # Moving into another organisation would step out of one's scope: an administrator decides.
        if sets_organisation_directly(scopes.viewer_of(session, person)):
            person.organisation_id = organisation.id
        else:
            people.request_organisation(session, person, organisation)
            current = person.organisation.name if person.organisation else "未登记"
            org_line = (
                f"变更所在单位为“{organisation.name}”的申请已提交，管理员审核通过后生效；"
                f"在此之前，您仍按原单位（{current}）办理事项。"
            )
    role = Role(a["role"])
    if role in person.role_set:
        role_line = f"您已具有“{role.label}”身份。"
    elif Role.ADMIN in person.role_set:
        people.grant_role(session, person, role, granted_by=person)
        role_line = f"您是系统管理员，已直接授予“{role.label}”身份。"
    else:
        people.request_role(session, person, role)
        role_line = f"“{role.label}”身份申请已提交，管理员审核通过后生效；如有邀请码，可发送 /join 邀请码 立即生效。"
    return [Reply(f"个人信息已保存。{org_line}{role_line}\n发送 /help 查看可办理的事项。")]


FLOW = Flow(
    name="profile",
    command="profile",
    title="个人信息",
    summary="登记或修改姓名、所在单位和身份",
    steps=(
        Step("name", lambda ctx: "请输入您的姓名：" + _current(ctx, ctx.person.name), validate=_check_name, max_chars=30, example="张三"),
        Step(
            "level",
            "请选择您所在单位的层级：",
            kind=InputKind.CHOICE,
            choices=[Choice(level.label, level.value) for level in OrgLevel],
        ),
        Step(
            "organisation",
            "请输入所在单位的名称（如“旌阳区政协”“天元街道”“珠江路社区”），也可回复下列已登记单位的编号：",
            choices=_organisation_suggestions,
            validate=_check_organisation,
            max_chars=60,
            example="天元街道",
        ),
        Step(
            "role",
            "请选择您在协商工作中的身份（需管理员确认）：",
            kind=InputKind.CHOICE,
            choices=[Choice(f"{role.label}（{role.hint}）", role.value) for role in REQUESTABLE_ROLES],
        ),
        Step("phone", "请输入联系电话：", validate=_check_phone, optional=True, max_chars=30, example="13800001234"),
        Step(
            "confirm",
            _summary,
            kind=InputKind.YES_NO,
            example="是",
            next=lambda ctx: END if ctx.answers["confirm"] else "name",
        ),
    ),
    finish=_save,
)
