'''Terminal channel: reads messages, hands them to the engine, prints replies.

On a TTY it uses Rich (colour, panels); when stdin is piped it prints plain lines, so a
conversation can be scripted: `printf '/help\\n/quit\\n' | assistant chat`.

A message may span several lines, as a Telegram message does:

* pasting several lines into the terminal sends them as one message — lines that arrive
  together are a paste; the terminal then waits for an empty Enter so that a last line without
  a line break is not cut off (a single typed line is sent at once, as before);
* a block typed by hand starts with a line `"""` (or `/多行`) and ends with a line `"""` (or `/结束`);
  this also works when stdin is piped;
* `/file PATH` sends a file, as uploading a document does in Telegram (also in edit steps).
'''

from __future__ import annotations

import os
import select
import sys
from pathlib import Path
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.panel import Panel
from rich.text import Text
from uniseg.linebreak import line_break_breakables
from uniseg.wrap import tt_wrap

from assistant.flows.base import Incoming, Reply, Upload, UserRef
from assistant.flows.engine import DialogueEngine
from assistant.readers import MAX_DOCUMENT_BYTES

QUIT_WORDS = {"/quit", "/exit", "／quit", "/退出"}
FILE_COMMAND = "/file"
BLOCK_START = {'"""', "/多行", "“““", "”””"}
BLOCK_END = {'"""', "/结束", "/end", "“““", "”””"}
# Lines of one paste reach the terminal together; a person types slower than this.
PASTE_WINDOW_SECONDS = 0.08
PASTE_HINT = "（已收到粘贴的 {n} 行，可继续粘贴；直接按回车发送）"
BLOCK_HINT = "（多行输入：逐行输入内容，单独一行输入 \"\"\" 或 /结束 发送）"
MAX_MESSAGE_LINES = 20_000

BYE = "再见！已填写的内容均已保存，下次启动可继续办理。"


def _has_fd(stream: TextIO) -> bool:
    try:
        stream.fileno()
    except (OSError, ValueError, AttributeError):
        return False
    return True


def _breakables(line: str) -> list[int]:
    """Where a line may break: Unicode line breaking (UAX #14, which keeps 。，、；：？！）」” and …
    off the start of a line and （「“ off its end), tailored so that a run of ASCII characters —
    a command (/outcome), a number, a date (2026-12-02), a time (15:00), a path — is never split."""
    breakables = list(line_break_breakables(line))
    for index in range(1, len(line)):
        before, after = line[index - 1], line[index]
        if before.isascii() and after.isascii() and not before.isspace() and not after.isspace():
            breakables[index] = 0
    return breakables


def _hard_fold(line: str, width: int) -> list[str]:
    """A run wider than the whole line (a long path) is cut by cells: better than cropped."""
    pieces, current, used = [], [], 0
    for char in line:
        size = cell_len(char)
        if used + size > width and current:
            pieces.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += size
    return [*pieces, "".join(current)]


def fold(text: str, width: int) -> str:
    """Breaks each line to fit `width` terminal cells, by the rules of Chinese line breaking.

    Chinese has no spaces, so a break may fall between any two characters, except: no line
    starts with closing punctuation (。，、；：？！）」』》”’… 禁则) or ends with opening
    punctuation (（「《“), and no command, word or number is split ("/o|utcome")."""
    folded: list[str] = []
    for line in text.split("\n"):
        if cell_len(line) <= width:
            folded.append(line)
            continue
        for piece in tt_wrap(line, width, iter_breakables=_breakables):
            piece = piece.rstrip(" ")
            folded += _hard_fold(piece, width) if cell_len(piece) > width else [piece]
    return "\n".join(folded)


class LineReader:
    """Lines from a file descriptor, with a way to ask whether more are already waiting.

    Reads the descriptor itself rather than through Python's buffered stdin: a buffered reader
    may hold the rest of a paste where select() cannot see it. On a terminal in canonical mode
    the kernel still does the line editing (backspace), as it does for input()."""

    def __init__(self, fd: int):
        self.fd = fd
        self.pending = b""
        self.closed = False

    def waiting(self, seconds: float) -> bool:
        if b"\n" in self.pending:
            return True
        if self.closed:
            return bool(self.pending)
        try:
            ready, _, _ = select.select([self.fd], [], [], seconds)
        except (OSError, ValueError):
            return False
        return bool(ready)

    def readline(self) -> str | None:
        while b"\n" not in self.pending and not self.closed:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                self.closed = True
            self.pending += chunk
        if not self.pending:
            return None
        line, newline, self.pending = self.pending.partition(b"\n")
        return line.decode("utf-8", errors="replace").rstrip("\r")


class ConsoleChannel:
    def __init__(
        self,
        engine: DialogueEngine,
        user: UserRef,
        *,
        exports_dir: Path,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        rich: bool | None = None,
    ):
        self.engine = engine
        self.user = user
        self.exports_dir = exports_dir
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.rich = self.stdin.isatty() and self.stdout.isatty() if rich is None else rich
        self.console = Console(file=self.stdout, highlight=False, soft_wrap=True)
        self.lines = LineReader(self.stdin.fileno()) if self.rich and _has_fd(self.stdin) else None

    def run(self) -> None:
        """Talks until /quit or end of input."""
        self.show(self.engine.resume(self.user))
        while True:
            line = self._read_message()
            if line is None:
                break
            stripped = line.strip()
            if stripped.lower() in QUIT_WORDS:
                break
            incoming = self._incoming(stripped)
            if incoming is not None:
                self.show(self.engine.handle(self.user, incoming))
        self._say(BYE)

    def _read_message(self) -> str | None:
        """One message: a typed line, a pasted block, or a block between two lines of three quotes."""
        first = self._read()
        if first is None:
            return None
        if first.strip() in BLOCK_START:
            return self._read_block()
        lines = [first]
        if self.rich:
            lines += self._pasted_lines()
        if len(lines) > 1:
            # A paste: wait for the empty Enter that sends it, so its last line is not cut off.
            self._say(PASTE_HINT.format(n=len(lines)))
            while len(lines) < MAX_MESSAGE_LINES:
                more = self._read(prompt=False)
                if more is None or (not more.strip() and not self._input_waiting()):
                    break  # the empty Enter that sends it (a blank line inside a paste is kept)
                lines.append(more)
                lines += self._pasted_lines()
        return "\n".join(lines).strip("\n")

    def _read_block(self) -> str:
        self._say(BLOCK_HINT)
        lines: list[str] = []
        while len(lines) < MAX_MESSAGE_LINES:
            line = self._read(prompt=False)
            if line is None or line.strip() in BLOCK_END:
                break
            lines.append(line)
        return "\n".join(lines).strip("\n")

    def _pasted_lines(self) -> list[str]:
        """Lines already waiting on the terminal: the rest of a paste."""
        lines = []
        while len(lines) < MAX_MESSAGE_LINES and self._input_waiting():
            line = self._read(prompt=False)
            if line is None:
                break
            lines.append(line)
        return lines

    def _input_waiting(self) -> bool:
        return self.lines is not None and self.lines.waiting(PASTE_WINDOW_SECONDS)

    def _read(self, prompt: bool = True) -> str | None:
        if self.rich:
            if prompt:
                self.console.print("[bold cyan]您：[/] ", end="")
            try:
                if self.lines is not None:
                    return self.lines.readline()
                return self.console.input("")
            except (EOFError, KeyboardInterrupt):
                return None
        line = self.stdin.readline()
        return None if line == "" else line.rstrip("\n")

    def _incoming(self, line: str) -> Incoming | None:
        """`/file PATH` uploads a file, as sending a document does in Telegram."""
        if not line.startswith(FILE_COMMAND + " "):
            return Incoming(text=line)
        path = Path(line[len(FILE_COMMAND) :].strip().strip("\"'")).expanduser()
        try:
            with path.open("rb") as handle:
                # One byte over the limit is enough for the reader to refuse it with the size in words.
                data = handle.read(MAX_DOCUMENT_BYTES + 1)
        except OSError:
            self._say(f"找不到或无法读取文件“{path}”，请检查路径后重新发送（格式：/file 文件路径）。")
            return None
        return Incoming(upload=Upload(path.name, data))

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            self._say(reply.text)
            for number, choice in enumerate(reply.choices, 1):
                self._choice(number, choice.label)
            for action in reply.actions:
                self._say_line(f"  ➡️ {action.label}：发送 {action.value}")
            for attachment in reply.attachments:
                self.exports_dir.mkdir(parents=True, exist_ok=True)
                target = self.exports_dir / attachment.filename
                target.write_bytes(attachment.data)
                self._say(f"已生成文件：{target.resolve()}")

    def _say(self, text: str) -> None:
        if self.rich:
            # Wrapped inside the panel: with soft wrap a long line was cut at the panel's edge
            # (80 columns lost the end of every long question).
            width = max(20, self.console.width - 4)  # inside the panel's border and padding
            self.console.print(
                Panel(Text(fold(text, width), no_wrap=True), border_style="green", title="协商助手", title_align="left"),
                soft_wrap=False,
            )
        else:
            print(text, file=self.stdout, flush=True)

    def _say_line(self, line: str) -> None:
        if self.rich:
            self.console.print(Text(line))
        else:
            print(line, file=self.stdout, flush=True)

    def _choice(self, number: int, label: str) -> None:
        if self.rich:
            self.console.print(f"  [bold yellow]{number}.[/] {label}")
        else:
            print(f"  {number}. {label}", file=self.stdout, flush=True)
