"""One-shot commands that answer at once and leave an open flow untouched."""

from __future__ import annotations

from assistant.flows.base import Command, FlowContext, Reply


def _me(ctx: FlowContext, _args: str) -> list[Reply]:
    """Shows the user's own record and roles."""
    person = ctx.person
    roles = "、".join(sorted(role.label for role in person.role_set)) or "暂无（可发送 /join 邀请码 或等待管理员审核）"
    organisation = person.organisation.name if person.organisation else "未登记"
    return [
        Reply(
            f"姓名：{person.name or '未登记'}\n单位：{organisation}\n身份：{roles}\n"
            f"联系电话：{person.phone or '未登记'}\n如需修改，请发送 /profile。"
        )
    ]


COMMANDS = (Command("me", "查看我的登记信息和身份", _me, public=True),)
