"""The terminal reads a message the way a person sends one: a typed line, a paste, a block."""

from __future__ import annotations

import io
import os
import re
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


CLOSING = "。，、；：？！）」』》〉】”’…%"
OPENING = "（「『《〈【“‘"
REPLY = (
    "全部落实事项均已办结。请按照实施意见三（七）的要求尽快向参加协商的各方反馈、向社会公开最终落实情况"
    "（可使用 /outcome 生成的反馈稿和公示稿），完成后发送 /actions 登记。协商时间：2026-12-11 15:00（星期五），"
    "地点：天元街道党群服务中心。对持不同意见的群众，“要及时做好解释说明工作”……涉及约486户。"
)


def _check_folded(text: str, width: int) -> list[str]:
    from rich.cells import cell_len

    lines = fold(text, width).split("\n")
    assert "".join(lines).replace(" ", "") == text.replace(" ", ""), "nothing lost or added but spaces at a break"
    for run in re.findall(r"[!-~]+", text):  # commands, numbers, dates, times: each whole on one line
        assert any(run in line for line in lines), f"{run!r} split at {width} columns: {lines}"
    for number, line in enumerate(lines):
        assert cell_len(line) <= width, f"line {number} is {cell_len(line)} cells wide: {line!r}"
        if number:
            assert line[0] not in CLOSING, f"line {number} starts with closing punctuation: {line!r}"
        assert not line or line[-1] not in OPENING, f"line {number} ends with opening punctuation: {line!r}"
    return lines


def test_folding_follows_chinese_line_breaking_rules_at_40_and_80_columns():
    for width in (36, 38, 40, 76, 80):  # the panel leaves width - 4 cells
        lines = _check_folded(REPLY, width)
        assert any("/outcome" in line for line in lines) and any("/actions" in line for line in lines)
        assert any("2026-12-11" in line for line in lines) and any("15:00" in line for line in lines)
        assert any("486" in line for line in lines)


def test_folding_keeps_every_width_from_splitting_a_command_or_starting_with_punctuation():
    for width in range(12, 90):
        _check_folded(REPLY, width)
        _check_folded("请发送 /outcome 登记。" * 5, width)


def test_a_run_wider_than_the_line_is_still_cut_to_fit():
    path = "/home/user/exports/" + "a" * 60 + ".docx"
    lines = fold(f"已生成文件：{path}", 30).split("\n")
    assert all(len(line) <= 30 for line in lines) and "".join(lines) == f"已生成文件：{path}"
