"""Prompt files and the way data is put into them.

One UTF-8 file per task in `settings.prompts_dir` (`answer.txt`, `minutes.txt` …), with a
`[system]` part and a `[user]` part; `common.txt` holds the rules every task shares and is put
in front of each system part. Placeholders are `${name}`.

Everything that comes from outside — retrieved policy text, an uploaded transcript, what a
user typed — is data, never instructions. The prompt files put every placeholder inside a tag
the shared rules name (<资料>, <会议记录> …), and `Prompt.messages` escapes every value: angle
brackets become full-width, so data cannot close its own tag and pose as part of the prompt.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from pydantic import BaseModel

COMMON = "common"
_SECTION = re.compile(r"^\[(system|user)\]\s*$", re.MULTILINE)


class PromptError(Exception):
    pass


@dataclass(frozen=True)
class Prompt:
    name: str
    system: str
    user: str

    def messages(self, schema: type[BaseModel], **values: str) -> list[tuple[str, str]]:
        """(role, text) pairs for the chat model; the output format is appended to the user part."""
        user = Template(self.user).substitute({key: escape_data(value) for key, value in values.items()})
        user = user.rstrip()
        return [("system", self.system), ("user", f"{user}\n\n{output_format(schema)}")]


def load_prompt(prompts_dir: Path, name: str) -> Prompt:
    """Reads `<name>.txt` and the shared rules; raises PromptError with the path when unusable."""
    common = _read(prompts_dir / f"{COMMON}.txt").strip()
    text = _read(prompts_dir / f"{name}.txt")
    parts = _SECTION.split(text)
    # ["preamble", "system", "...", "user", "..."]
    sections = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if not sections.get("system") or not sections.get("user"):
        raise PromptError(f"提示词文件 {prompts_dir / (name + '.txt')} 缺少 [system] 或 [user] 部分")
    return Prompt(name, f"{common}\n\n{sections['system']}", sections["user"])


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptError(f"无法读取提示词文件 {path}：{exc}") from exc


def escape_data(text: str) -> str:
    """Data as it may appear inside a tag: no half-width angle brackets, so no forged tags."""
    return (text or "").replace("<", "＜").replace(">", "＞")


def output_format(schema: type[BaseModel]) -> str:
    """The JSON Schema in words the model reads; json_mode relies on it, the others lose nothing."""
    described = json.dumps(schema.model_json_schema(), ensure_ascii=False, separators=(",", ":"))
    return f"输出格式：只输出一个 JSON 对象，须符合以下 JSON Schema：\n{described}"
