"""The terminal reads a message the way a person sends one: a typed line, a paste, a block."""

from __future__ import annotations

import io
import os
import threading
import time

from assistant.channels.console import ConsoleChannel, fold
from assistant.flows.base import UserRef


class RecordingEngine:
    def __init__(self):
        self.received: list[str] = []

    def resume(self, user):
        return []

    def handle(self, user, incoming):
        self.received.append(incoming.text if incoming.upload is None else f"<file {incoming.upload.filename}>")
        return []


def _talk(chunks: list[str], rich: bool, tmp_path) -> list[str]:
    """Writes each chunk to the channel's stdin with a pause between, as typing and pasting do."""
    read_end, write_end = os.pipe()
    engine = RecordingEngine()
    channel = ConsoleChannel(engine, UserRef("console", "t"), exports_dir=tmp_path,
                             stdin=os.fdopen(read_end, "r"), stdout=io.StringIO(), rich=rich)

    def writer():
        with os.fdopen(write_end, "w") as pipe:
            for chunk in chunks:
                pipe.write(chunk)
                pipe.flush()
                time.sleep(0.3)

    thread = threading.Thread(target=writer)
    thread.start()
    channel.run()
    thread.join()
    return engine.received


def test_a_pasted_block_is_one_message_and_a_typed_line_is_one_too(tmp_path):
    six = "".join(f"单位{n}｜任务{n}｜两周内\n" for n in range(1, 6)) + "单位6｜任务6｜两周内"
    # Enter completes the last pasted line, a second Enter (a moment later) sends the paste.
    received = _talk(["/help\n", six, "\n", "\n", "/quit\n"], rich=True, tmp_path=tmp_path)
    assert received == ["/help", six]  # the last line without a line break is not lost


def test_a_blank_line_inside_a_paste_is_kept(tmp_path):
    paste = "张三：第一段。\n\n李四：第二段。\n"
    received = _talk([paste, "\n", "/quit\n"], rich=True, tmp_path=tmp_path)
    assert received == ["张三：第一段。\n\n李四：第二段。"]


def test_a_block_between_quote_lines_works_when_piped(tmp_path):
    received = _talk(['"""\n第一行\n第二行\n"""\n/quit\n'], rich=False, tmp_path=tmp_path)
    assert received == ["第一行\n第二行"]


def test_piped_lines_stay_one_message_each(tmp_path):
    received = _talk(["/help\n/me\n/quit\n"], rich=False, tmp_path=tmp_path)
    assert received == ["/help", "/me"]


def test_file_command_sends_the_file(tmp_path):
    path = tmp_path / "分歧.txt"
    path.write_text("李红：不同意", encoding="utf-8")
    received = _talk([f"/file {path}\n", "/quit\n"], rich=True, tmp_path=tmp_path)
    assert received == ["<file 分歧.txt>"]


def test_long_chinese_lines_are_folded_not_cut():
    text = "一" * 100
    folded = fold(text, 76).split("\n")
    assert [len(line) for line in folded] == [38, 38, 24]  # two cells per character
    assert "".join(folded) == text
