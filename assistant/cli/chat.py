"""`assistant chat`: the terminal channel."""

from __future__ import annotations

import typer

from assistant.bootstrap import CONSOLE_USER
from assistant.channels.console import ConsoleChannel
from assistant.cli.common import open_app
from assistant.domain.vocab import Role
from assistant.flows.base import UserRef
from assistant.services import people


def chat(
    plain: bool = typer.Option(False, "--plain", help="纯文本输出（不使用颜色和边框）/ Plain output"),
    user: str = typer.Option(
        "", "--user",
        help="以本机的另一名用户身份对话（如多人共用一台电脑：提出人、审定人各自登录），该用户须凭邀请码 /join 取得身份；"
        "不指定时为本机管理员 / Chat as another local user (no administrator rights)",
    ),
) -> None:
    """在终端与协商助手对话（本机用户为管理员）/ Chat with the assistant in the terminal."""
    with open_app() as app:
        if user.strip():
            # A second person at the same machine (separation of duties: the approver is not the
            # proposer). They hold no role until an invitation gives them one.
            who = UserRef(channel=CONSOLE_USER.channel, external_id=f"user:{user.strip()}", display_name=user.strip())
            with app.db.transaction(actor=who.display_name) as session:
                people.ensure_person(session, who.channel, who.external_id, who.display_name)
        else:
            who = CONSOLE_USER
            with app.db.transaction(actor="本机管理员") as session:
                person = people.ensure_person(session, who.channel, who.external_id, who.display_name)
                people.grant_role(session, person, Role.ADMIN)
        channel = ConsoleChannel(app.engine, who, exports_dir=app.settings.exports_dir, rich=False if plain else None)
        channel.run()
