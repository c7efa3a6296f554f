"""The bot's aiohttp client for the Bot API, against the test suite's Bot API server on loopback.

python-telegram-bot drives it exactly as in the bot: a `Bot` with this request object sends
messages and documents, downloads files, and turns HTTP trouble into its own errors.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import NetworkError, RetryAfter, TimedOut

from assistant.channels import telegram_http
from assistant.channels.telegram_http import AiohttpRequest
from tests.e2e.fake_telegram import TOKEN, FakeTelegram
from tests.integration.test_llm_stub_server import closed_port_url


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


async def _bot(base_url: str, file_url: str | None = None, **timeouts: float) -> Bot:
    bot = Bot(TOKEN, base_url=base_url, base_file_url=file_url or base_url,
              request=AiohttpRequest(4, **timeouts), get_updates_request=AiohttpRequest(1))
    await bot.initialize()
    return bot


@pytest.fixture
async def bot(telegram: FakeTelegram) -> AsyncIterator[Bot]:
    bot = await _bot(telegram.base_url, telegram.base_file_url)
    try:
        yield bot
    finally:
        await bot.shutdown()


async def test_a_message_arrives_with_its_text_and_buttons(bot: Bot, telegram: FakeTelegram):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("区县级 & 乡镇（街道）", callback_data="profile.level|=county")]])
    sent = await bot.send_message(42, "请选择您所在单位的层级：\n“引号”与 &=? 符号", reply_markup=markup)

    call = telegram.sent(42)[-1]
    assert call.params["text"] == "请选择您所在单位的层级：\n“引号”与 &=? 符号"
    assert telegram.buttons(call) == [("区县级 & 乡镇（街道）", "profile.level|=county")]
    assert sent.text == call.params["text"], "the server's answer is parsed back into a Message"


async def test_a_document_keeps_its_chinese_name_and_bytes(bot: Bot, telegram: FakeTelegram):
    data = "协商成果公示".encode() * 1000
    await bot.send_document(42, InputFile(data, filename="协商成果公示-1.docx"), caption="请查收")

    call = telegram.sent(42, "sendDocument")[-1]
    assert call.files["document"] == ("协商成果公示-1.docx", data), "not percent-encoded, not altered"
    assert call.params["caption"] == "请查收"


async def test_an_uploaded_file_is_downloaded_whole(bot: Bot, telegram: FakeTelegram):
    content = "会议记录：张主任：大家好。".encode() * 5000
    telegram.files["file9"] = ("记录.txt", content)
    file = await bot.get_file("file9")
    assert bytes(await file.download_as_bytearray()) == content


@pytest.mark.filterwarnings("ignore:.*retry_after.*")  # PTB 22 announces a type change of the attribute
async def test_flood_control_reaches_the_bot_as_retry_after(bot: Bot, telegram: FakeTelegram):
    telegram.fail_next("sendMessage", retry_after=3)
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(42, "您好")
    wait = raised.value.retry_after
    assert (wait.total_seconds() if hasattr(wait, "total_seconds") else wait) == 3
    await bot.send_message(42, "您好")  # the next attempt goes through
    assert telegram.texts(42) == ["您好"]


async def test_a_server_that_is_down_is_a_network_error_without_the_token():
    server_down = closed_port_url().removesuffix("/v1")
    request = AiohttpRequest(1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as raised:
            await request.post(f"{server_down}/bot{TOKEN}/sendMessage")
    finally:
        await request.shutdown()
    assert not isinstance(raised.value, TimedOut)
    assert TOKEN not in str(raised.value) and TOKEN.split(":")[1] not in str(raised.value)


async def test_a_slow_but_steady_download_is_not_cut_off():
    """Read timeouts bound each wait, not the whole transfer: a big file on a slow line arrives."""
    body = "会议记录".encode() * 64

    async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body))
        for start in range(0, len(body), len(body) // 8):  # 8 pieces, 0.25 s apart: 2 s in all
            writer.write(body[start : start + len(body) // 8])
            await writer.drain()
            await asyncio.sleep(0.25)
        writer.close()

    server = await asyncio.start_server(trickle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    request = AiohttpRequest(1, read_timeout=0.6, connect_timeout=0.3, pool_timeout=0.3)
    await request.initialize()
    try:
        assert await request.retrieve(f"http://127.0.0.1:{port}/file/bot{TOKEN}/documents/file1") == body
    finally:
        await request.shutdown()
        server.close()


async def test_a_server_that_never_answers_times_out_after_the_read_timeout():
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(10)  # reads nothing, answers nothing
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    request = AiohttpRequest(1, read_timeout=0.3)
    await request.initialize()
    try:
        started = asyncio.get_running_loop().time()
        with pytest.raises(TimedOut):
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
        assert asyncio.get_running_loop().time() - started < 3
    finally:
        await request.shutdown()
        server.close()


@pytest.fixture
def proxy_env(monkeypatch):
    """No proxy settings but the test's own (the machine running the tests may have some)."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    telegram_http._proxy_for.cache_clear()
    yield monkeypatch
    telegram_http._proxy_for.cache_clear()


def test_the_proxy_comes_from_the_environment_and_no_proxy_is_honoured(proxy_env):
    proxy_env.setenv("https_proxy", "http://proxy.office.gov:3128")
    proxy_env.setenv("no_proxy", "bot-api.internal")
    assert telegram_http._proxy_for("https", "api.telegram.org") == "http://proxy.office.gov:3128"
    assert telegram_http._proxy_for("https", "bot-api.internal") is None
    assert telegram_http._proxy_for("http", "api.telegram.org") is None, "no HTTP proxy was set"


def test_all_proxy_serves_every_scheme_and_a_socks_proxy_is_reported_not_used(proxy_env, caplog):
    proxy_env.setenv("all_proxy", "http://gateway.office.gov:8080")
    assert telegram_http._proxy_for("https", "api.telegram.org") == "http://gateway.office.gov:8080"
    telegram_http._proxy_for.cache_clear()
    proxy_env.setenv("all_proxy", "socks5://gateway.office.gov:1080")
    with caplog.at_level("WARNING"):
        assert telegram_http._proxy_for("https", "api.telegram.org") is None
    assert "not an HTTP proxy" in caplog.text


def test_the_form_is_what_the_bot_api_expects():
    # Parameters as PTB encodes them: nested objects as JSON strings, sent form-encoded.
    from telegram.request import RequestData
    from telegram.request._requestparameter import RequestParameter

    data = RequestData([RequestParameter("chat_id", 5, None), RequestParameter("reply_markup", {"a": [1]}, None)])
    body, headers = AiohttpRequest._body(data)
    assert headers == {"Content-Type": "application/x-www-form-urlencoded"}
    from urllib.parse import parse_qs

    fields = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    assert fields["chat_id"] == "5" and json.loads(fields["reply_markup"]) == {"a": [1]}
