"""`assistant bot`: the Telegram channel."""

from __future__ import annotations

import typer

from assistant.cli.common import fail, open_app
from assistant.config import Settings


def bot(
    webhook: bool = typer.Option(
        False, "--webhook", help="以 Webhook 方式运行（多进程部署，读取 ASSISTANT_WEBHOOK_* 配置）/ Run as a webhook server"
    ),
) -> None:
    """运行 Telegram 机器人（默认长轮询）/ Run the Telegram bot (long polling by default)."""
    settings = Settings()
    if not settings.telegram_bot_token:
        raise fail("未配置 TELEGRAM_BOT_TOKEN。请在环境变量或 .env 中设置机器人令牌后重试。")
    if webhook and not settings.webhook_url:
        raise fail("Webhook 模式需要设置 ASSISTANT_WEBHOOK_URL（Telegram 回调的公网 https 地址）。")
    from assistant.channels.telegram import run_bot  # PTB is imported only when the bot runs

    with open_app(settings) as app:
        run_bot(app, webhook=webhook)
