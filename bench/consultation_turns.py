"""Counts the turns one topic needs in the terminal, stage by stage, walking real `assistant chat` processes.

    python bench/consultation_turns.py [--walkthrough docs/WALKTHROUGH.md] [--strict]

The walk is the one of tests/e2e/test_terminal_consultation.py: three people (proposer and
facilitator, approver, staff), natural answers, one invalid answer per stage (with --strict also
a walk with one at every step, as the test does) and one restart in the agenda. A turn is one message a person sends (a pasted list is one turn); the invalid
answers and the approver's and staff's messages are counted in their stage. With --walkthrough
the run is also written out as a transcript a facilitator can follow.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.terminal_walk import STAGES, walk_consultation  # noqa: E402

NAMES = {"wangfang": "王芳", "chen": "陈书记", "lina": "李娜"}
MAX_REPLY_LINES = 14


def _clip(reply: str) -> str:
    lines = reply.strip("\n").splitlines()
    if len(lines) <= MAX_REPLY_LINES:
        return "\n".join(lines)
    return "\n".join(lines[:MAX_REPLY_LINES] + [f"……（以下 {len(lines) - MAX_REPLY_LINES} 行略）"])


def walkthrough(walk, data_dir: str) -> str:
    out = ["# 一次完整协商的终端记录", "",
           "以下对话由 `python bench/consultation_turns.py --walkthrough docs/WALKTHROUGH.md` 实际运行生成"
           "（`assistant chat --plain` 纯文本模式；较长的答复只保留开头，“……”处为省略）。",
           "三人共用一台电脑：管理员用 `assistant admin invite --role 身份 --org 天元街道` 生成邀请码，"
           "王芳（协商主持人，也是提出人）、陈书记（同一街道的审定人，不是提出人）、李娜（政协工作人员）"
           "各自运行 `assistant chat --user 用户名`，发送 `/join 邀请码` 后用 /profile 登记。"
           "调研清单一次登记多项时，脚本以 `\"\"\"` 开始和结束多行输入（在终端里直接粘贴多行、再按一次回车也是一条消息）。"
           "每个阶段有一次故意输错的回答，可以看到助手说明原因并重新提问（端到端测试在每一步都输错一次）；"
           "议程填到一半时关闭终端再打开，从原处继续。落实进度登记完一项后，列表自动回来并指出下一项待办，"
           "不必每次重新发送 /actions；持不同意见者的解释说明登记送达后，议题才标记为“已办结”。", ""]
    stage = None
    for who, text, reply, in_stage in walk.steps:
        if in_stage != stage:
            if stage is not None or out[-1] == "```":
                out.append("```")
            stage = in_stage
            out += ["", f"## {stage or '准备：各自登记身份'}", "", "```"]
        person = NAMES.get(who, who)
        if text.startswith("（"):  # a note on what happened outside the chat (a restart, time passing)
            out += ["", text, *([_clip(reply), ""] if reply else [""])]
            continue
        text, reply = text.replace(data_dir, "~"), reply.replace(data_dir, "~")
        shown = text.replace("\n", "\n" + " " * (len(person) * 2 + 3))
        out += [f"{person} ▶ {shown}", _clip(reply), ""]
    out += ["```", "", "## 每阶段轮次（每发送一条消息计一轮，含每阶段一次输错）", "",
            "| 阶段 | 轮次 | 其中输错 |", "|---|---|---|"]
    out += [f"| {s} | {walk.turns[s]} | {walk.invalid[s]} |" for s in STAGES]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walkthrough", type=Path)
    parser.add_argument("--strict", action="store_true", help="also walk with one invalid answer at every step")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        walk = walk_consultation(Path(data) / "data")
        text = walkthrough(walk, str(Path(data) / "data"))
    print("每阶段一次输错：")
    for stage in STAGES:
        print(f"  {stage}：{walk.turns[stage]} 轮（其中输错 {walk.invalid[stage]} 轮）")
    print(f"  合计：{sum(walk.turns.values())} 轮")
    if args.strict:
        with tempfile.TemporaryDirectory() as data:
            strict = walk_consultation(Path(data) / "data", strict=True)
        print("每一步都输错一次：")
        for stage in STAGES:
            print(f"  {stage}：{strict.turns[stage]} 轮（其中输错 {strict.invalid[stage]} 轮）")
        print(f"  合计：{sum(strict.turns.values())} 轮")
    if args.walkthrough:
        args.walkthrough.write_text(text, encoding="utf-8")
        print(f"已写入 {args.walkthrough}")


if __name__ == "__main__":
    main()
