"""`assistant admin …`: people, roles, role requests and invite codes."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from assistant.bootstrap import CONSOLE_USER
from assistant.cli.common import fail, open_app, parse_enum
from assistant.domain.vocab import OrgLevel, Role
from assistant.services import people
from assistant.storage.models import InviteCode, Person

app = typer.Typer(help="用户、身份与邀请码管理 / Users, roles and invite codes", no_args_is_help=True)
console = Console(highlight=False)

ADMIN_ACTOR = "本机管理员"


def _admin(session) -> Person:
    """The local operator, who is the administrator of this installation."""
    person = people.ensure_person(session, CONSOLE_USER.channel, CONSOLE_USER.external_id, CONSOLE_USER.display_name)
    people.grant_role(session, person, Role.ADMIN)
    return person


def _person(session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise fail(f"没有编号为 {person_id} 的用户，请先运行 assistant admin users 查看编号。")
    return person


@app.command("users")
def users() -> None:
    """列出全部用户及其身份 / List users and roles."""
    with open_app() as application, application.db.transaction() as session:
        table = Table("编号", "姓名", "单位", "身份", "渠道")
        for person in people.list_people(session):
            table.add_row(
                str(person.id),
                person.name or "（未登记）",
                person.organisation.name if person.organisation else "",
                "、".join(sorted(r.label for r in person.role_set)) or "无",
                f"{person.channel}:{person.external_id}",
            )
        console.print(table)


@app.command("grant")
def grant(
    person_id: int = typer.Argument(..., help="用户编号 / Person id"),
    role: str = typer.Argument(..., help="身份：facilitator/member/staff/approver/admin 或中文名称"),
) -> None:
    """授予用户某个身份 / Grant a role."""
    wanted = parse_enum(Role, role, "身份")
    with open_app() as application, application.db.transaction(actor=ADMIN_ACTOR) as session:
        person = _person(session, person_id)
        changed = people.grant_role(session, person, wanted, granted_by=_admin(session))
        label = people.person_label(person)
        print(f"已授予 {label}“{wanted.label}”身份。" if changed else f"{label} 已具有“{wanted.label}”身份。")


@app.command("revoke")
def revoke(
    person_id: int = typer.Argument(..., help="用户编号 / Person id"),
    role: str = typer.Argument(..., help="身份：facilitator/member/staff/approver/admin 或中文名称"),
) -> None:
    """收回用户某个身份 / Revoke a role."""
    wanted = parse_enum(Role, role, "身份")
    with open_app() as application, application.db.transaction(actor=ADMIN_ACTOR) as session:
        person = _person(session, person_id)
        changed = people.revoke_role(session, person, wanted)
        label = people.person_label(person)
        print(f"已收回 {label} 的“{wanted.label}”身份。" if changed else f"{label} 原本没有“{wanted.label}”身份。")


@app.command("requests")
def requests() -> None:
    """列出待审核的身份申请和单位变更申请 / List pending role and organisation requests."""
    with open_app() as application, application.db.transaction() as session:
        pending = people.pending_role_requests(session)
        if not pending:
            print("目前没有待审核的申请。")
            return
        table = Table("申请编号", "姓名", "单位", "申请内容", "申请时间")
        for request in pending:
            person = request.person
            table.add_row(
                str(request.id),
                people.person_label(person),
                person.organisation.name if person.organisation else "",
                people.request_text(request),
                request.requested_at.strftime("%Y-%m-%d %H:%M"),
            )
        console.print(table)


@app.command("approve")
def approve(request_id: int = typer.Argument(..., help="申请编号 / Request id")) -> None:
    """同意身份申请或单位变更申请 / Grant a role or organisation request."""
    with open_app() as application, application.db.transaction(actor=ADMIN_ACTOR) as session:
        request = people.decide_role_request(session, request_id, True, _admin(session))
        print(f"已同意 {people.person_label(request.person)} 的申请（{people.request_text(request)}）。")


@app.command("decline")
def decline(request_id: int = typer.Argument(..., help="申请编号 / Request id")) -> None:
    """不同意身份申请或单位变更申请 / Decline a role or organisation request."""
    with open_app() as application, application.db.transaction(actor=ADMIN_ACTOR) as session:
        request = people.decide_role_request(session, request_id, False, _admin(session))
        print(f"已不同意 {people.person_label(request.person)} 的申请（{people.request_text(request)}）。")


@app.command("orgs")
def orgs() -> None:
    """列出已登记的单位及其上级单位 / List organisations and their parents."""
    with open_app() as application, application.db.transaction() as session:
        found = people.list_organisations(session)
        if not found:
            print("尚未登记任何单位。")
            return
        table = Table("编号", "单位", "层级", "上级单位")
        for org in found:
            table.add_row(str(org.id), org.name, org.level.label, org.parent.name if org.parent else "（无）")
        console.print(table)


@app.command("org-parent")
def org_parent(
    organisation: str = typer.Argument(..., help="单位名称 / Organisation"),
    parent: str = typer.Argument(..., help="上级单位名称；写“无”取消上级 / Parent organisation, or 无"),
) -> None:
    """设置单位的上级单位（上级单位的工作人员和审定人可查看下级单位的议题）/ Set an organisation's parent."""
    with open_app() as application, application.db.transaction(actor=ADMIN_ACTOR) as session:
        org = people.organisation_named(session, organisation)
        above = None if parent in ("无", "none", "-") else people.organisation_named(session, parent)
        people.set_parent(session, org, above)
        print(f"已将“{org.name}”的上级单位设为“{above.name}”。" if above else f"已取消“{org.name}”的上级单位。")


@app.command("invite")
def invite(
    role: str = typer.Option(..., "--role", help="身份：facilitator/member/staff/approver 或中文名称"),
    organisation: str | None = typer.Option(None, "--org", help="所属单位名称（可选）/ Organisation"),
    level: str = typer.Option("township", "--level", help="单位层级：county/township/village 或中文名称"),
    uses: int = typer.Option(1, "--uses", min=1, max=1000, help="可使用次数 / Number of uses"),
    days: int = typer.Option(30, "--days", min=1, max=365, help="有效天数 / Days valid"),
) -> None:
    """生成邀请码，用户发送 /join 邀请码 即获得相应身份 / Create an invite code."""
    wanted = parse_enum(Role, role, "身份")
    with open_app() as application, application.db.transaction(actor=ADMIN_ACTOR) as session:
        org = people.ensure_organisation(session, organisation, parse_enum(OrgLevel, level, "单位层级")) if organisation else None
        code = people.create_invite(session, wanted, organisation=org, max_uses=uses, valid_days=days, created_by=_admin(session))
        print(code.code)
        typer.echo(
            f"邀请码已生成：身份“{wanted.label}”，可使用 {uses} 次，{days} 天内有效。用户在对话中发送 /join {code.code} 即可。",
            err=True,
        )


@app.command("invites")
def invites() -> None:
    """列出邀请码及使用情况 / List invite codes."""
    from sqlalchemy import select

    with open_app() as application, application.db.transaction() as session:
        table = Table("邀请码", "身份", "单位", "已用/可用", "到期")
        for code in session.scalars(select(InviteCode).order_by(InviteCode.id)):
            table.add_row(
                code.code,
                code.role.label,
                code.organisation.name if code.organisation else "",
                f"{code.uses}/{code.max_uses}",
                code.expires_at.strftime("%Y-%m-%d") if code.expires_at else "长期",
            )
        console.print(table)
