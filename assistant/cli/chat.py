"""`assistant chat`: the terminal channel."""

from __future__ import annotations

import typer

from assistant.bootstrap import CONSOLE_USER
from assistant.channels.console import ConsoleChannel
from assistant.cli.common import open_app
from assistant.domain.vocab import Role
from assistant.services import people


def chat(
    plain: bool = typer.Option(False, "--plain", help="纯文本输出（不使用颜色和边框）/ Plain output"),
) -> None:
    """在终端与协商助手对话（本机用户为管理员）/ Chat with the assistant in the terminal."""
    with open_app() as app:
        with app.db.transaction(actor="本机管理员") as session:
            person = people.ensure_person(session, CONSOLE_USER.channel, CONSOLE_USER.external_id, CONSOLE_USER.display_name)
            people.grant_role(session, person, Role.ADMIN)
        channel = ConsoleChannel(app.engine, CONSOLE_USER, exports_dir=app.settings.exports_dir, rich=False if plain else None)
        channel.run()
