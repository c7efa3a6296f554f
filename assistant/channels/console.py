"""Terminal channel: reads lines, hands them to the engine, prints replies.

On a TTY it uses Rich (colour, panels); when stdin is piped it prints plain lines, so a
conversation can be scripted: `printf '/help\\n/quit\\n' | assistant chat`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from assistant.flows.base import Incoming, Reply, Upload, UserRef
from assistant.flows.engine import DialogueEngine
from assistant.readers import MAX_DOCUMENT_BYTES

QUIT_WORDS = {"/quit", "/exit", "／quit", "/退出"}
FILE_COMMAND = "/file"

BYE = "再见！已填写的内容均已保存，下次启动可继续办理。"


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

    def run(self) -> None:
        """Talks until /quit or end of input."""
        self.show(self.engine.resume(self.user))
        while True:
            line = self._read()
            if line is None:
                break
            stripped = line.strip()
            if stripped.lower() in QUIT_WORDS:
                break
            incoming = self._incoming(stripped)
            if incoming is not None:
                self.show(self.engine.handle(self.user, incoming))
        self._say(BYE)

    def _read(self) -> str | None:
        if self.rich:
            try:
                return self.console.input("[bold cyan]您：[/] ")
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
            self.console.print(Panel(Text(text), border_style="green", title="协商助手", title_align="left"))
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
