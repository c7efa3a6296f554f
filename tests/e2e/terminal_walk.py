"""A real `assistant chat --plain` process driven through its pipes, as a facilitator types."""

from __future__ import annotations

import array
import codecs
import fcntl
import json
import os
import re
import sqlite3
import subprocess
import sys
import termios
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ASSISTANT = [sys.executable, "-m", "assistant"]
TRANSCRIPT = Path(__file__).parents[2] / "bench" / "data" / "transcripts" / "01_elevator_typed.txt"


def environment(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "TELEGRAM_"))}
    env["ASSISTANT_DATA_DIR"] = str(data_dir)
    return env


def cli(env: dict, *args: str) -> str:
    result = subprocess.run(ASSISTANT + list(args), capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


class Terminal:
    """One `assistant chat` process; `say` types a message and waits for the answer."""

    def __init__(self, env: dict, user: str = "", on_turn=None):
        args = ["chat", "--plain"] + (["--user", user] if user else [])
        self.process = subprocess.Popen(
            ASSISTANT + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=env, text=True, bufsize=1,
        )
        self.output = ""
        self.lock = threading.Lock()
        self.who = user or "本机管理员"
        self.on_turn = on_turn
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()

    def _pump(self) -> None:
        # Raw reads with a flag around them, so _answered() can tell that all output is appended.
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        fd = self.process.stdout.fileno()
        while True:
            with self.lock:
                self.pumped = True
            chunk = os.read(fd, 65536)
            with self.lock:
                self.pumped = False
                self.output += decoder.decode(chunk, final=not chunk).replace("\r\n", "\n").replace("\r", "\n")
            if not chunk:
                return

    def _answered(self) -> bool | None:
        """True once the process is blocked reading its next message and all it wrote is read:
        the whole reply is shown. None where the kernel does not tell (then wait a moment)."""
        try:
            wchan = Path(f"/proc/{self.process.pid}/wchan").read_text()
            syscall = Path(f"/proc/{self.process.pid}/syscall").read_text().split()
        except OSError:
            return None
        if wchan in ("", "0") or not syscall:
            return None
        if "pipe" not in wchan or syscall[0] == "running" or len(syscall) < 2 or int(syscall[1], 16) != 0:
            return False  # not (yet) waiting on its standard input
        unread = array.array("i", [0])
        fcntl.ioctl(self.process.stdout.fileno(), termios.FIONREAD, unread)
        with self.lock:
            return unread[0] == 0 and self.pumped

    def _rest_of_reply(self, deadline: float) -> None:
        while time.monotonic() < deadline and self.process.poll() is None:
            answered = self._answered()
            if answered is None:
                time.sleep(0.15)
                return
            if answered:
                return
            time.sleep(0.01)
        self.pump.join(timeout=max(0.0, deadline - time.monotonic()))  # it ended: read all it wrote

    def wait_for(self, expect: str, after: int = 0, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                found = expect and expect in self.output[after:]
            if found:
                self._rest_of_reply(deadline)
                with self.lock:
                    return self.output[after:]
            if self.process.poll() is not None:
                time.sleep(0.2)
                break
            if not expect and self._settled(after):
                return self.output[after:]
            time.sleep(0.05)
        raise AssertionError(f"“{expect}” not shown; got:\n{self.output[after:][-3000:]}")

    def _settled(self, after: int) -> bool:
        """Any answer at all, and nothing more for a moment (for exploring, not for asserting)."""
        with self.lock:
            size = len(self.output)
        if size <= after:
            return False
        time.sleep(0.8)
        with self.lock:
            return len(self.output) == size

    def say(self, text: str, expect: str, timeout: float = 90) -> str:
        with self.lock:
            start = len(self.output)
        message = text if "\n" not in text else f'"""\n{text}\n"""'
        self.process.stdin.write(message + "\n")
        self.process.stdin.flush()
        reply = self.wait_for(expect, start, timeout)
        if self.on_turn is not None:
            self.on_turn(self.who, text, reply)
        return reply

    def quit(self) -> str:
        self.process.stdin.write("/quit\n")
        self.process.stdin.flush()
        self.process.wait(timeout=60)
        return self.output

    def kill(self) -> None:
        """Ends the process mid-flow, as closing the terminal window does."""
        self.process.kill()
        self.process.wait(timeout=30)

WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

STAGES = ("议题提出与审定", "调研", "协商会议议程", "会议纪要", "成果运用")


class Walk:
    """Several people at their terminals, sharing one data directory; turns are counted per stage."""

    def __init__(self, data_dir: Path):
        self.env = environment(data_dir)
        self.data_dir = data_dir
        self.steps: list[tuple[str, str, str, str]] = []  # who, message, answer, stage
        self.turns = {stage: 0 for stage in STAGES}
        self.stage = ""
        self.terminals: dict[str, Terminal] = {}
        self.strict = False
        self.invalid = {stage: 0 for stage in STAGES}
        self.held_day: date | None = None
        self.before_delivery: dict = {}

    def _turn(self, who: str, text: str, reply: str) -> None:
        self.steps.append((who, text, reply, self.stage))
        if self.stage in self.turns:
            self.turns[self.stage] += 1

    def open(self, user: str = "", expect: str = "/help") -> Terminal:
        terminal = Terminal(self.env, user, self._turn)
        terminal.wait_for(expect)
        self.terminals[user] = terminal
        return terminal

    def join(self, user: str, role: str, name: str, level: str, role_label: str) -> Terminal:
        code = cli(self.env, "admin", "invite", "--role", role, "--org", "天元街道").strip()
        terminal = self.open(user)
        terminal.say(f"/join {code}", "邀请码验证成功")
        for answer, expect in (("/profile", "姓名"), (name, "层级"), (level, "单位的名称"), ("天元街道", "身份"),
                               (role_label, "联系电话"), ("/skip", "请核对"), ("是", "个人信息已保存")):
            terminal.say(answer, expect)
        return terminal


def choices(reply: str) -> list[str]:
    """The numbered choices of the last question in a reply, as the terminal prints them."""
    found: list[str] = []
    for line in reply.splitlines():
        head, dot, label = line.strip().partition(". ")
        if line.startswith("  ") and dot and head.isdigit():
            found = found if int(head) != 1 else []
            found.append(label)
    return found


def pick(terminal: Terminal, reply: str, wanted, expect: str) -> str:
    number = next(n for n, label in enumerate(choices(reply), 1) if wanted(label))
    return terminal.say(str(number), expect)


HEADER = re.compile(r"【[^】]+】")


def wrong(walk: Walk, terminal: Terminal, text: str, reason: str, *, always: bool = False) -> str:
    """An invalid answer: a ⚠️ with the reason and the same question again (nothing lost).

    Given at every step when the walk is strict (the test), at one step per stage otherwise (the
    walkthrough a facilitator reads)."""
    if not (always or walk.strict):
        return ""
    header = HEADER.findall(terminal.output)[-1]
    reply = terminal.say(text, "⚠️")
    assert reason in reply, f"after {text!r} expected {reason!r} in:\n{reply}"
    assert HEADER.findall(reply)[-1] == header, f"{text!r} moved the flow on:\n{reply}"
    walk.invalid[walk.stage] += 1
    return reply


def walk_consultation(data_dir: Path, *, strict: bool = False) -> Walk:
    """One topic from proposal to 已办结: facilitator 王芳 proposes and runs it, 陈书记 approves,
    staff 李娜 follows the outcome up. One restart in the agenda. One invalid answer per stage, or
    with `strict` one at every step of the five stages."""
    walk = Walk(data_dir)
    walk.strict = strict
    wang = walk.join("wangfang", "facilitator", "王芳", "街道", "协商主持人")
    chen = walk.join("chen", "approver", "陈书记", "2", "审定人")
    li = walk.join("lina", "staff", "李娜", "2", "政协工作人员")

    walk.stage = "议题提出与审定"
    yes_no = "请回复“是”或“否”"
    for answer, expect, invalid, reason in (
        ("/newtopic", "议题名称", None, None),
        ("锦江花园小区加装电梯", "背景", "电梯", "请用 4–60 字"),
        ("小区建于1995年，六层住宅没有电梯，老年住户上下楼困难。", "来源", "没电梯", "至少 10 个字"),
        ("委员荐题", "提出人", "9", "请回复选项编号"),
        ("1", "哪一类", "7", "没有第 7 项"),
        ("民生", "单位", "9", "请回复选项编号"),
        ("1", "范围", "5", "没有第 5 项"),
        ("街道", "多少户", "9", "请回复选项编号"),
        ("约120户", "切身利益", "很多户", "数量"),
        ("是", "公共事务", "也许", yes_no),
        ("是", "敏感", "看情况", yes_no),
        ("否", "多年积累", "不好说", yes_no),
        ("否", "筛选意见", "不清楚", yes_no),
        ("是", "已通知审定人：陈书记", "等等", yes_no),
    ):
        if invalid:
            wrong(walk, wang, invalid, reason, always=invalid == "电梯")
        wang.say(answer, expect)
    chen.say("/approve", "锦江花园小区加装电梯")
    wrong(walk, chen, "9", "请回复选项编号")
    chen.say("1", "请作出审定意见")
    wrong(walk, chen, "9", "请回复选项编号")
    chen.say("同意", "审定意见")
    wrong(walk, chen, "请充分听取低层住户意见。" * 90, "内容过长")
    chen.say("/skip", "已审定议题")

    walk.stage = "调研"
    wang.say("/research 1", "牵头")
    wrong(walk, wang, "由街道政协工作委员会牵头，会同社区居委会、物业公司和各楼栋长共同开展入户走访和座谈调研工作，"
          "调研结束后形成书面调研报告报街道党工委审阅", "内容过长")
    wang.say("街道政协工作委员会", "时限")
    wrong(walk, wang, "昨天", "不能早于今天", always=True)
    wang.say("下周三", "调研清单还有 6 项未完成")
    wrong(walk, wang, "9. 已走访", "没有第 9 项")
    wrong(walk, wang, "1. 走访48户；王芳；明天", "晚于今天")
    wang.say("1. 走访3栋、5栋共48户，九成住户支持；王芳、赵敏；今天", "还有 5 项未完成")
    pasted = "\n".join((
        "2. 召开楼栋居民座谈会2场，低层住户担心采光和噪音；王芳；今天",
        "3. 征求区住建局、街道城建办意见，均支持按“一栋一议”推进；赵敏；今天",
        "4. 收集房屋结构图纸和管线资料，6个单元具备加装条件；王芳；今天",
        "5. 梳理市级加装电梯补贴政策和邻区经验；赵敏；今天",
        "6. 研判费用分摊和低层补偿可能引发的矛盾；王芳；今天",
    ))
    reply = wang.say(pasted, "调研已完成，可以安排协商活动")
    assert "☐" not in reply
    wang.say("结束本次登记", "调研进展已保存")

    walk.stage = "协商会议议程"
    wang.say("/agenda 1", "协商形式")
    wrong(walk, wang, "9", "请回复选项编号")
    wang.say("会议协商", "地点")
    wrong(walk, wang, "9", "没有第 9 项")
    wang.say("1", "协商时间")
    wrong(walk, wang, "昨天下午3点", "该时间已经过去", always=True)
    wang.say("下周五下午3点", "主持人")
    # The facilitator closes the terminal here and opens it again: the same question is asked.
    wang.kill()
    wang = walk.open("wangfang", expect="主持人是？")
    assert "从中断的地方继续" in wang.output
    # Shown in the walkthrough, not counted: reopening the terminal is no message.
    walk.steps.append(("wangfang", "（关闭终端，重新运行 assistant chat --user wangfang）", wang.output, walk.stage))
    wrong(walk, wang, "5", "没有第 5 项")
    for answer, expect, invalid in (
        ("1", "政协委员", None),
        ("赵敏（区政协委员）", "党政部门", "李"),
        ("李强（区住建局）", "群众代表", "王"),
        ("刘德明（3栋居民代表）、陈秀英（1楼住户）", "专家", "刘"),
        ("无", "建议议程", "张"),
    ):
        if invalid:
            wrong(walk, wang, invalid, "无法识别")
        wang.say(answer, expect)
    wrong(walk, wang, "随便", yes_no)
    wang.say("是", "确认按此安排")
    wrong(walk, wang, "再看看", yes_no)
    wang.say("是", "协商活动已安排")
    wang.wait_for("已生成文件")

    # The meeting takes place: the session was scheduled for next Friday, so time is moved on by
    # putting the session in the past (minutes of a meeting still to come would not make it held).
    with sqlite3.connect(data_dir / "assistant.db") as connection:
        connection.execute("UPDATE consultation SET scheduled_at = datetime(date('now', '-1 day') || ' 15:00:00')")
        (held,) = connection.execute("SELECT scheduled_at FROM consultation").fetchone()
    held_day = date.fromisoformat(held[:10])
    walk.held_day = held_day

    walk.steps.append(("", f"（会议于 {held_day.month}月{held_day.day}日 召开；测试把协商时间改到昨天，以模拟时间过去）", "", "会议纪要"))
    walk.stage = "会议纪要"
    photo = data_dir / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 20)
    transcript_copy = data_dir / "会议记录.txt"
    # The record of that meeting (a typed transcript from the bench), dated and placed as it was held.
    lines = TRANSCRIPT.read_text(encoding="utf-8").splitlines()
    lines[2] = f"时间：{held_day.year}年{held_day.month}月{held_day.day}日（{WEEKDAYS[held_day.weekday()]}）下午3:00"
    lines[3] = "地点：天元街道党群服务中心"
    transcript_copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    wang.say("/minutes", "上传会议记录")
    wrong(walk, wang, f"/file {photo}", "暂不支持", always=True)
    wang.say(f"/file {transcript_copy}", "属于哪一次协商活动")
    wrong(walk, wang, "9", "请回复选项编号")
    wang.say("1", "请审核")
    wrong(walk, wang, "9", "请回复选项编号")
    wang.say("通过并保存", "会议纪要已定稿")

    walk.stage = "成果运用"
    wang.say("/outcome", "【成果落实")
    wrong(walk, wang, "采纳", "请回复选项编号", always=True)  # not what this step asks (a minutes number)
    for answer, expect, invalid, reason in (
        ("1", "意见建议", None, None),
        ("1", "采纳情况", "2", "没有第 2 项"),
        ("采纳", "落实事项跟踪", "差不多", "请回复选项编号"),
        ("1", "反馈的草稿", "2", "没有第 2 项"),
        ("1", "公示稿", "2", "没有第 2 项"),
        ("1", "解释说明", "2", "没有第 2 项"),
        ("1", "请核对", "3", "没有第 3 项"),
    ):
        if invalid:
            wrong(walk, wang, invalid, reason)
        reply = wang.say(answer, expect)
    assert "请核对" in reply and "陈秀英" in reply, "the dissenter gets an explanation"
    wrong(walk, wang, "再想想", yes_no)
    wang.say("是", "成果落实情况已登记")
    wang.wait_for("公示")

    # Staff follow the actions up in one loop: after each record the list comes back with the
    # next open item, so there is one /actions for all of them.
    reply = li.say("/actions", "下一项待办")
    wrong(walk, li, "99", "请回复选项编号")
    for number in range(1, 5):
        assert f"下一项待办：{number}." in reply, reply
        li.say(str(number), "请选择要办理的事项")
        if number == 1:
            wrong(walk, li, "9", "请回复选项编号")
        li.say("2", "哪一天落实完成")
        if number == 1:
            wrong(walk, li, "下周五；已通过验收", "晚于今天", always=True)  # a day still to come
        reply = li.say("今天；已完成，材料已存档", "下一项待办")
    assert "下一项待办：5. 登记反馈、公开情况" in reply
    li.say("5", "请选择要登记的内容")
    wrong(walk, li, "9", "请回复选项编号")
    li.say("1", "哪一天反馈")
    wrong(walk, li, "明天；书面反馈", "晚于今天")
    reply = li.say("今天；书面反馈", "下一项待办：5.")
    li.say("5", "请选择要登记的内容")
    li.say("2", "哪一天向社会公开")
    if walk.strict:  # the day alone: the way is asked next
        li.say("今天", "通过什么方式公开")
        wrong(walk, li, "9", "没有第 9 项")
        reply = li.say("公示栏张贴", "下一项待办：6. 登记解释说明送达")
    else:
        reply = li.say("今天；公示栏张贴", "下一项待办：6. 登记解释说明送达")
    assert "本次协商成果办结" not in reply and "致陈秀英的解释说明尚未登记送达" in reply
    walk.before_delivery = json.loads(cli(walk.env, "export", "--json"))
    li.say("6", "哪一天送达")
    early = held_day - timedelta(days=1)
    wrong(walk, li, f"{early.year}年{early.month}月{early.day}日；当面送达", "早于协商会议")
    li.say("今天；当面送达并说明", "本次协商成果办结")
    walk.stage = "查看议题全过程记录"  # no step of the five stages: not counted
    li.say("/actions", "目前没有")
    wang.say("/topic 1", "锦江花园小区加装电梯")
    for terminal in walk.terminals.values():
        terminal.quit()
    return walk
