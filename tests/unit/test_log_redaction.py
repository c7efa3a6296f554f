"""Secrets never reach the log file: not in messages, arguments or tracebacks."""

from __future__ import annotations

import logging

from assistant.bootstrap import RedactSecrets

TOKEN = "123456:TEST-token-abcdefghijklmnop"


def _written(record: logging.LogRecord) -> str:
    assert RedactSecrets([TOKEN, "sk-short"]).filter(record)
    return logging.Formatter("%(levelname)s %(message)s").format(record)


def _record(message: str, *args, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("httpx", logging.ERROR, __file__, 1, message, args, exc_info)


def test_a_token_in_a_message_or_its_arguments_is_replaced():
    line = _written(_record("POST https://api.telegram.org/bot%s/sendMessage %s", TOKEN, "sk-short"))
    assert TOKEN not in line and "sk-short" not in line
    assert "https://api.telegram.org/bot***/sendMessage" in line


def test_a_token_inside_a_traceback_is_replaced():
    try:
        raise ConnectionError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getUpdates")
    except ConnectionError as exc:
        line = _written(_record("polling failed", exc_info=(type(exc), exc, exc.__traceback__)))
    assert "ConnectionError" in line and "Traceback" in line, "the traceback itself is kept"
    assert TOKEN not in line and "bot***/getUpdates" in line


def test_lines_without_secrets_are_left_alone():
    assert _written(_record("turn failed for %s", "telegram:42")) == "ERROR turn failed for telegram:42"
