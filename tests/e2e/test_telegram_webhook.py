"""Webhook mode: two bot processes behind one address share every conversation through the database."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.test_telegram_bot import Bot

pytestmark = pytest.mark.slow
SECRET = "webhook-secret-for-tests"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post(port: int, update: dict, secret: str = SECRET) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram",
        data=json.dumps(update, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _wait_listening(port: int, bot: Bot, timeout: float = 30) -> None:
    """Waits for the process to listen; a process that exits instead fails at once, with its output."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        if bot.process.poll() is not None:
            raise AssertionError(f"the bot on {port} exited with {bot.process.returncode}:\n{bot.stop()[-3000:]}")
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {timeout} s; the bot is still running")


def _update(telegram: FakeTelegram, update_id: int, user: int, text: str) -> dict:
    return {"update_id": update_id, "message": telegram._message(user, text=text)}


def test_two_webhook_processes_share_state_and_apply_an_update_once(tmp_path):
    with FakeTelegram() as telegram:
        ports = [_free_port(), _free_port()]
        bots = []
        for port in ports:
            bot = Bot(telegram, tmp_path / "data")
            bot.env.update(
                ASSISTANT_WEBHOOK_URL="https://bot.example.invalid/telegram",
                ASSISTANT_WEBHOOK_PORT=str(port),
                ASSISTANT_WEBHOOK_SECRET=SECRET,
                ASSISTANT_TELEGRAM_ALLOW_LIST="41",
            )
            bot.start("--webhook")
            bots.append(bot)
        try:
            for port, bot in zip(ports, bots, strict=True):
                _wait_listening(port, bot)
            assert any(c.method == "setWebhook" for c in telegram.calls)

            assert _post(ports[0], _update(telegram, 1, 41, "/profile")) == 200
            telegram.wait_for(41, "姓名")
            assert _post(ports[1], _update(telegram, 2, 41, "王芳")) == 200
            telegram.wait_for(41, "层级")

            # Telegram retries a delivery it thinks failed; here it lands on the other process.
            assert _post(ports[0], _update(telegram, 3, 41, "2")) == 200
            telegram.wait_for(41, "单位的名称")
            assert _post(ports[1], _update(telegram, 3, 41, "2")) == 200
            assert _post(ports[1], _update(telegram, 4, 41, "/help")) == 200
            telegram.wait_for(41, "您正在办理「个人信息」")
            assert sum("【个人信息｜3/6】" in t for t in telegram.texts(41)) == 1, "the redelivered update was applied once"

            assert _post(ports[0], _update(telegram, 5, 41, "/help"), secret="forged") == 403
        finally:
            for bot in bots:
                output = bot.stop()
                assert "Traceback" not in output, output
