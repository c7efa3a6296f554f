"""`assistant chat` on a real terminal (tmux) at 40 and 80 columns: replies fold by Chinese line
breaking rules — no line starts with closing punctuation, no command or number is split."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

CLOSING = "。，、；：？！）」』》〉】”’…%"
OPENING = "（「『《〈【“‘"


class Tmux:
    """One tmux server of our own (its own socket), so no other session is touched."""

    def __init__(self, width: int, env: dict):
        self.socket = f"assistant-test-{uuid.uuid4().hex[:8]}"
        command = f"{sys.executable} -m assistant chat"
        # remain-on-exit keeps the pane readable after /quit ends the chat (otherwise the last
        # capture races the process exit and tmux closes the session under it).
        subprocess.run(["tmux", "-L", self.socket, "new-session", "-d", "-s", "chat", "-x", str(width), "-y", "400",
                        command, ";", "set-option", "-t", "chat", "remain-on-exit", "on"], env=env, check=True)

    def send(self, text: str) -> None:
        subprocess.run(["tmux", "-L", self.socket, "send-keys", "-t", "chat", "-l", text], check=True)
        subprocess.run(["tmux", "-L", self.socket, "send-keys", "-t", "chat", "Enter"], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "-L", self.socket, "capture-pane", "-p", "-t", "chat", "-S", "-400"],
                              capture_output=True, text=True, check=True).stdout

    def wait_for(self, text: str, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                # The rest of the reply: until the screen stops changing (a loaded machine may
                # print one reply in several writes, further apart than any fixed pause).
                while True:
                    time.sleep(0.3)
                    again = self.screen()
                    if again == screen:
                        return screen
                    screen = again
            time.sleep(0.2)
        raise AssertionError(f"{text!r} not shown:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def _panel_lines(screen: str) -> list[list[str]]:
    """The text lines inside each reply panel (between its │ borders), panel by panel."""
    panels, current = [], None
    for line in screen.splitlines():
        stripped = line.rstrip()
        if stripped.startswith("╭"):
            current = []
        elif stripped.startswith("╰") and current is not None:
            panels.append(current)
            current = None
        elif current is not None and stripped.startswith("│") and stripped.endswith("│"):
            current.append(stripped[1:-1].strip())
    return panels


@pytest.mark.parametrize("width", [40, 80])
def test_replies_fold_by_chinese_line_breaking_rules(tmp_path, width):
    # COLUMNS/LINES would override the pane's size for Rich (a parallel test runner sets them).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ASSISTANT_", "TELEGRAM_")) and k not in ("COLUMNS", "LINES")}
    env.update(ASSISTANT_DATA_DIR=str(tmp_path / "data"), TERM="xterm-256color", LANG="C.UTF-8")
    terminal = Tmux(width, env)
    try:
        terminal.wait_for("首次使用")
        terminal.send("/help")
        screen = terminal.wait_for("/cancel — 取消当前事项")
        panels = _panel_lines(screen)
        assert len(panels) >= 2, screen
        lines = [line for panel in panels for line in panel]
        assert all(len(line) <= width for line in lines)
        for panel in panels:
            for number, line in enumerate(panel):
                if number and line:
                    assert line[0] not in CLOSING, f"a line starts with {line[0]!r} at {width} columns:\n{screen}"
                if line:
                    assert line[-1] not in OPENING, f"a line ends with {line[-1]!r} at {width} columns:\n{screen}"
            joined = "".join(panel)
            whole = set(re.findall(r"/[a-z]+", joined))
            shown = {command for line in panel for command in re.findall(r"/[a-z]+", line)}
            assert whole <= shown, f"a command was split at {width} columns: {sorted(whole - shown)}\n{screen}"
        assert {"/outcome", "/research", "/actions", "/minutes"} <= {c for line in lines for c in re.findall(r"/[a-z]+", line)}, screen
        terminal.send("/quit")
        terminal.wait_for("再见")
    finally:
        terminal.close()
