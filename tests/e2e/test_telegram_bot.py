"""The real `assistant bot` process against a Bot API server of our own on loopback."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from tests.e2e.fake_telegram import TOKEN, FakeTelegram
from tests.integration.test_llm_stub_server import serve_stub, stub_text

pytestmark = pytest.mark.slow
ASSISTANT = [sys.executable, "-m", "assistant"]
TRANSCRIPT = Path(__file__).resolve().parents[2] / "bench" / "data" / "transcripts" / "01_elevator_typed.txt"


class Bot:
    """One `assistant bot` process and the fake Telegram it talks to."""

    def __init__(self, telegram: FakeTelegram, data_dir: Path):
        self.telegram = telegram
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "TELEGRAM_"))}
        self.env.update(telegram.env(), ASSISTANT_DATA_DIR=str(data_dir))
        self.process: subprocess.Popen | None = None

    def start(self, *options: str) -> None:
        self.process = subprocess.Popen(
            ASSISTANT + ["bot", *options], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                return self.process.communicate(timeout=15)[0]
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.communicate()[0] if self.process.stdout else ""

    def cli(self, *args: str) -> str:
        result = subprocess.run(ASSISTANT + list(args), env=self.env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def knowledge_ready(self, user: int = 2, timeout: float = 60) -> None:
        """Asks until the answer comes instead of "still loading" (the bot loads it after start)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "三、（八）" in self.say(user, "/ask 县里一年要开几次协商会？", "。"):
                return
            time.sleep(0.5)
        raise AssertionError("the knowledge base did not finish loading")

    def handled(self, update_id: int, timeout: float = 30) -> None:
        """Waits until the bot logs that it has sent every reply to this update (the end of a turn)."""
        log = Path(self.env["ASSISTANT_DATA_DIR"]) / "logs" / "assistant.log"
        line = f"update {update_id} handled in "
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if log.exists() and line in log.read_text(encoding="utf-8"):
                return
            time.sleep(0.02)
        raise AssertionError(f"the bot never finished update {update_id}")

    def say(self, user: int, text: str, expect: str, timeout: float = 20) -> str:
        before = len(self.telegram.texts(user))
        self.telegram.text(user, text)
        return self.telegram.wait_for(user, expect, timeout=timeout, after=before)


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    with FakeTelegram() as telegram:
        running = Bot(telegram, tmp_path_factory.mktemp("bot") / "data")
        running.start()
        try:
            running.say(1, "/start", "您好")
            running.knowledge_ready()
            yield running
        finally:
            output = running.stop()
            assert "Traceback" not in output, output


def test_registers_a_chinese_command_menu(bot):
    calls = [c for c in bot.telegram.calls if c.method == "setMyCommands"]
    assert calls and "协商议题" in calls[0].params["commands"].encode().decode("unicode_escape")


def test_unknown_users_may_ask_but_not_start_flows(bot):
    assert "三、（八）" in bot.say(11, "/ask 县里一年要开几次协商会？", "出处")
    assert "邀请码" in bot.say(11, "/newtopic", "权限")


def test_unsupported_messages_get_a_polite_answer(bot):
    for send in (bot.telegram.sticker, bot.telegram.photo, bot.telegram.voice):
        before = len(bot.telegram.texts(12))
        send(12)
        bot.telegram.wait_for(12, "暂不支持图片、语音", after=before)
    bot.telegram.edited(12, "改过的话")
    bot.telegram.wait_for(12, "修改后的内容不会重新处理")
    bot.say(12, "/help", "可用指令")  # and the bot is still there


def test_a_document_above_the_download_limit_is_refused_before_downloading(bot):
    bot.telegram.announce_document(17, "会议录音转写.txt", 25 * 1024 * 1024)
    reply = bot.telegram.wait_for(17, "20 MB")
    assert "会议录音转写.txt" in reply and "25.0 MB" in reply
    assert not [c for c in bot.telegram.calls if c.method == "getFile" and c.params.get("file_id") == "huge"]


def test_a_forged_button_gets_a_polite_answer(bot):
    bot.telegram.press(18, "profile.level|=<script>")  # no such question is open for this user
    bot.telegram.wait_for(18, "按钮已失效")
    bot.telegram.press(18, "x" * 64)
    bot.telegram.wait_for(18, "按钮已失效", after=1)


def test_a_long_reply_is_split_below_the_limit(bot):
    bot.say(13, "/ask " + "协商" * 3000, "问题过长")
    assert all(len(t) <= 4096 for t in bot.telegram.texts(13))


def test_flood_control_is_waited_out_and_the_reply_still_arrives(bot):
    bot.telegram.fail_next("sendMessage", retry_after=1)
    started = time.monotonic()
    bot.say(14, "/help", "可用指令")
    refused = [c for c in bot.telegram.rejected if c.params.get("chat_id") == "14"]
    delivered = [c for c in bot.telegram.sent(14) if "可用指令" in c.params.get("text", "")]
    assert len(refused) == 1 and len(delivered) == 1, "the refused message was sent again, once"
    assert delivered[0].params["text"] == refused[0].params["text"]
    assert delivered[0].at - refused[0].at >= 1.0 and time.monotonic() - started < 15


def test_the_same_update_delivered_twice_is_applied_once(bot):
    update_id = bot.telegram.text(15, "/help")
    bot.telegram.wait_for(15, "可用指令")
    bot.telegram.redeliver(update_id)
    bot.say(15, "/ask 不调研能协商吗", "不调研不协商")
    assert sum("可用指令" in t for t in bot.telegram.texts(15)) == 1


def test_a_button_pressed_twice_is_answered_politely(bot):
    code = bot.cli("admin", "invite", "--role", "member").strip()
    bot.say(16, f"/start {code}", "邀请码验证成功")
    bot.say(16, "/profile", "姓名")
    bot.say(16, "赵敏", "层级")
    ask = bot.telegram.sent(16)[-1]
    (label, data), *_ = bot.telegram.buttons(ask)
    bot.telegram.press(16, data)
    bot.telegram.wait_for(16, "单位的名称")
    before = len(bot.telegram.texts(16))
    bot.telegram.press(16, data)
    bot.telegram.wait_for(16, "按钮已失效", after=before)


def test_the_token_never_reaches_the_log(bot):
    log = (Path(bot.env["ASSISTANT_DATA_DIR"]) / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert TOKEN not in log and TOKEN.split(":")[1] not in log


def test_missing_token_is_one_clear_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "TELEGRAM_"))}
    env["ASSISTANT_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(ASSISTANT + ["bot"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "TELEGRAM_BOT_TOKEN" in result.stderr


def test_a_restart_mid_flow_continues_at_the_same_question(tmp_path):
    with FakeTelegram() as telegram:
        bot = Bot(telegram, tmp_path / "data")
        bot.start()
        try:
            code = bot.cli("admin", "invite", "--role", "facilitator").strip()
            bot.say(21, f"/join {code}", "协商主持人")
            bot.say(21, "/profile", "姓名", timeout=30)
            bot.say(21, "王芳", "层级")
            bot.kill()
            bot.start()
            bot.say(21, "乡镇（街道）", "单位的名称", timeout=30)
        finally:
            bot.stop()


def test_a_whole_consultation_over_telegram(tmp_path):
    """Topic → approval (pushed, with a button) → research → agenda (.docx) → minutes upload (.docx) → outcome."""
    facilitator, approver = 31, 32
    with FakeTelegram() as telegram:
        bot = Bot(telegram, tmp_path / "data")
        bot.start()
        try:
            for user, role, name in ((facilitator, "facilitator", "王芳"), (approver, "approver", "陈书记")):
                code = bot.cli("admin", "invite", "--role", role, "--org", "天元街道").strip()
                bot.say(user, f"/start {code}", "邀请码验证成功", timeout=30)
                for answer, expect in (("/profile", "姓名"), (name, "层级"), ("2", "单位的名称"), ("天元街道", "身份"),
                                       ("协商主持人" if role == "facilitator" else "审定人", "联系电话"),
                                       ("/skip", "请核对"), ("是", "个人信息已保存")):
                    bot.say(user, answer, expect)

            for answer, expect in (
                ("/newtopic", "议题名称"), ("锦江花园小区加装电梯", "背景"),
                ("小区建于1995年，六层住宅没有电梯，老年住户上下楼困难。", "来源"), ("委员荐题", "提出人"),
                ("1", "哪一类"), ("民生改善实事", "单位"), ("1", "范围"), ("1", "多少户"), ("120", "切身利益"),
                ("是", "公共事务"), ("是", "敏感"), ("否", "多年积累"), ("否", "筛选意见"), ("是", "已报送审定"),
            ):
                bot.say(facilitator, answer, expect)

            pushed = telegram.wait_for(approver, "新议题待审定", timeout=30)
            button = next(c for c in telegram.sent(approver) if c.params.get("text") == pushed)
            (_, data), = telegram.buttons(button)
            telegram.press(approver, data)
            telegram.wait_for(approver, "请作出审定意见")
            decision = telegram.sent(approver)[-1]
            approve_data = next(d for label, d in telegram.buttons(decision) if label == "同意")
            telegram.press(approver, approve_data)
            telegram.wait_for(approver, "审定意见（如对调研")
            bot.say(approver, "/skip", "已审定议题")

            bot.say(facilitator, "/research 1", "牵头")
            bot.say(facilitator, "街道政协工作委员会", "时限")
            bot.say(facilitator, "明天", "调研清单")
            # One finding through the menu (item numbers as in the checklist), the rest as one pasted list.
            bot.say(facilitator, "1", "已完成的调研事项")
            bot.say(facilitator, "1", "调研发现")
            bot.say(facilitator, "走访48户，九成支持；王芳；今天", "☑ 1.")
            pasted = "\n".join(f"{n}. 第{n}项已完成，情况已掌握" for n in range(2, 7))
            reply = bot.say(facilitator, pasted, "调研已完成，可以安排协商活动")
            assert "☐" not in reply
            bot.say(facilitator, "结束本次登记", "调研进展已保存")

            for answer, expect in (
                ("/agenda 1", "协商形式"), ("会议协商", "地点"), ("1", "协商时间"), ("明天下午3点", "主持人"),
                ("1", "政协委员"), ("赵敏（区政协委员）", "党政部门"), ("李强（区住建局）", "群众代表"),
                ("刘德明（3栋居民代表）", "专家"), ("无", "建议议程"), ("是", "确认按此安排"), ("是", "协商活动已安排"),
            ):
                bot.say(facilitator, answer, expect)
            notice = telegram.wait_for_document(facilitator, after=0).files["document"]
            assert notice[0].startswith("会议通知") and notice[0].endswith(".docx")
            assert "关于召开“锦江花园小区加装电梯”协商会议的通知" in "\n".join(
                p.text for p in docx.Document(io.BytesIO(notice[1])).paragraphs
            )
            agenda = telegram.wait_for_document(facilitator, after=1).files["document"]
            assert agenda[0].endswith(".docx")
            assert "协商会议议程" in "\n".join(p.text for p in docx.Document(io.BytesIO(agenda[1])).paragraphs)

            # The meeting takes place: a day passes (the session was scheduled for tomorrow). Minutes
            # of a meeting still to come would not make it held, nor may its outcome be recorded.
            with sqlite3.connect(tmp_path / "data" / "assistant.db") as connection:
                connection.execute("UPDATE consultation SET scheduled_at = datetime('now', '-1 day')")

            bot.say(facilitator, "/minutes", "上传会议记录")
            before = len(telegram.texts(facilitator))
            telegram.upload(facilitator, "现场照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 20)
            telegram.wait_for(facilitator, "暂不支持“.jpg”格式", after=before)
            before = len(telegram.texts(facilitator))
            telegram.upload(facilitator, "会议记录.txt", TRANSCRIPT.read_bytes())
            telegram.wait_for(facilitator, "属于哪一次协商活动", after=before)
            bot.say(facilitator, "1", "请审核")
            bot.say(facilitator, "通过并保存", "纪要")
            minutes_doc = telegram.wait_for_document(facilitator, after=2).files["document"]
            assert minutes_doc[0].endswith((".docx", ".md"))

            # Outcome: accept every prepared draft (button 1), 采纳, then confirm.
            bot.say(facilitator, "/outcome", "【成果落实")
            for answer in ("1", "1", "采纳", "1", "1", "1", "1"):
                if "请核对" in telegram.texts(facilitator)[-1]:
                    break
                bot.say(facilitator, answer, "【成果落实")
            assert "请核对" in telegram.texts(facilitator)[-1]
            assert "陈秀英" in telegram.texts(facilitator)[-1], "the dissenter gets an explanation"
            before = len(telegram.sent(facilitator, "sendDocument"))
            bot.say(facilitator, "是", "成果落实情况已登记")
            # Public notice (.docx, .md), feedback letter and explanations follow the message.
            telegram.wait_for_document(facilitator, after=before + 3)
            names = [c.files["document"][0] for c in telegram.sent(facilitator, "sendDocument")[before:]]
            assert any("公示" in name or "公开" in name for name in names), names

            # Follow-up by buttons: each action 已落实 with its day and evidence in one message,
            # then 反馈 and 公开 with their day and channel; only then is the outcome 办结.
            def press(label_wanted, expect: str) -> None:
                keyboard = next(c for c in reversed(telegram.sent(facilitator)) if telegram.buttons(c))
                data = next(d for label, d in telegram.buttons(keyboard) if label_wanted(label))
                before = len(telegram.texts(facilitator))
                telegram.press(facilitator, data)
                telegram.wait_for(facilitator, expect, after=before)

            def fresh_actions() -> None:
                """/actions from the top: leave the list's loop first ("结束本次登记") when it is open."""
                keyboard = next(c for c in reversed(telegram.sent(facilitator)) if telegram.buttons(c))
                if any(label == "结束本次登记" for label, _ in telegram.buttons(keyboard)):
                    press(lambda label: label == "结束本次登记", "")
                bot.say(facilitator, "/actions", "编号在该成果办结前保持不变")

            def is_letter(label: str) -> bool:  # 登记解释说明送达：致…（三（七））
                return label.startswith("登记解释说明送达")

            def open_action(label: str) -> bool:
                return not label.endswith("已落实）") and not is_letter(label) and not label.startswith("登记反馈")

            for _ in range(8):
                fresh_actions()
                keyboard = next(c for c in reversed(telegram.sent(facilitator)) if telegram.buttons(c))
                if not any(open_action(label) for label, _ in telegram.buttons(keyboard)[:-1]):
                    break
                press(open_action, "当前状态：")  # the item's own menu, not the list coming back
                press(lambda label: label.startswith("登记已落实"), "哪一天落实完成")
                bot.say(facilitator, "今天；已通过验收，验收单已存档", "已落实（")
            for choice, channel, expect in (("反馈", "书面反馈", "已登记反馈"), ("向社会公开", "公示栏张贴", "已登记")):
                fresh_actions()
                press(lambda label: label.startswith("登记反馈、公开情况"), "请选择要登记的内容")
                press(lambda label, choice=choice: choice in label, "哪一天")
                reply = bot.say(facilitator, f"今天；{channel}", expect)
            # The dissenters' letters: until each is delivered the outcome is not 办结 (三（七）).
            assert "本次协商成果办结" not in reply and "尚未登记送达" in reply
            for _ in range(4):
                fresh_actions()
                keyboard = next(c for c in reversed(telegram.sent(facilitator)) if telegram.buttons(c))
                if not any(is_letter(label) and "尚未登记送达" in label for label, _ in telegram.buttons(keyboard)):
                    break
                press(lambda label: is_letter(label) and "尚未登记送达" in label, "哪一天送达")
                reply = bot.say(facilitator, "今天；当面送达并说明", "已登记解释说明送达")
                if "本次协商成果办结" in reply:
                    break
            assert "本次协商成果办结" in reply
            assert "目前没有待落实的事项" in bot.say(facilitator, "/actions", "目前没有")
        finally:
            output = bot.stop()
            assert "Traceback" not in output, output



def test_minutes_review_over_telegram_fixes_one_item_and_shows_the_sources(tmp_path):
    """Issue 12 on Telegram: a multi-line message is one edit, one item is fixed by number,
    an edit may be a file, 原文依据 is shown, and the 定稿 names the dissenters."""
    staff = 41
    with FakeTelegram() as telegram:
        bot = Bot(telegram, tmp_path / "data")
        bot.start()
        try:
            code = bot.cli("admin", "invite", "--role", "staff", "--org", "锦江社区").strip()
            bot.say(staff, f"/start {code}", "邀请码验证成功", timeout=30)
            for answer, expect in (("/profile", "姓名"), ("孙丽", "层级"), ("3", "单位的名称"), ("锦江社区", "身份"),
                                   ("政协工作人员", "联系电话"), ("/skip", "请核对"), ("是", "个人信息已保存")):
                bot.say(staff, answer, expect)
            bot.say(staff, "/minutes", "上传会议记录")
            before = len(telegram.texts(staff))
            telegram.upload(staff, "会议记录.txt", TRANSCRIPT.read_bytes())
            telegram.wait_for(staff, "请审核", after=before)
            bot.say(staff, "查看原文依据", "原文第")
            bot.say(staff, "返回审核", "请审核")
            bot.say(staff, "修改某一部分", "请选择要修改的部分")
            bot.say(staff, "分歧意见", "删除 3")
            bot.say(staff, "陈秀英：担心一楼采光受影响\n刘德明：不同意按户均摊维保费用", "已修改：分歧意见")
            bot.say(staff, "修改某一部分", "请选择要修改的部分")
            bot.say(staff, "下一步工作", "目前的内容")
            bot.say(staff, "删除 1", "已修改：分歧意见、下一步工作")
            bot.say(staff, "修改某一部分", "请选择要修改的部分")
            bot.say(staff, "共识", "目前的内容")
            before = len(telegram.texts(staff))
            telegram.upload(staff, "共识.txt", "5栋先行启动加装电梯\n费用按楼层分摊".encode())
            telegram.wait_for(staff, "已修改：分歧意见、下一步工作、共识", after=before)
            done = bot.say(staff, "通过并保存", "已定稿并保存")
            assert "陈秀英、刘德明" in done
        finally:
            output = bot.stop()
            assert "Traceback" not in output, output

def test_a_question_right_after_a_restart_is_answered_when_loading_finishes(tmp_path):
    """Loading takes seconds after a start; a question meanwhile gets its answer once it is loaded,
    and a quick command of another user is not held up by the waiting question."""
    with FakeTelegram() as telegram:
        bot = Bot(telegram, tmp_path / "data")
        bot.start()
        try:
            bot.say(52, "/help", "可用指令", timeout=30)  # the bot is up
            bot.stop()
            bot.start()  # a restart: the index is loaded again in the background
            before = len(telegram.texts(51))
            telegram.text(51, "/ask 县里一年要开几次协商会？")
            bot.say(52, "/help", "可用指令", timeout=30)
            answer = telegram.wait_for(51, "三、（八）", timeout=30, after=before)
            assert "加载" not in "".join(telegram.texts(51)[before:]), "answered, not told to wait"
            assert "三、（八）" in answer
        finally:
            bot.stop()


def test_typing_shows_while_a_slow_answer_is_prepared_and_not_for_quick_ones(tmp_path):
    """A model that takes 2.5 s to answer: the user sees "typing…" meanwhile; /help needs none."""
    with FakeTelegram() as telegram:
        for stub in serve_stub():
            stub.default = stub_text("县级政协每年开展协商不少于4次。", delay=2.5)
            bot = Bot(telegram, tmp_path / "data")
            bot.env.update(ASSISTANT_LLM_PROVIDER="openai", ASSISTANT_LLM_MODEL="stub-model",
                           ASSISTANT_LLM_BASE_URL=stub.url, ASSISTANT_LLM_API_KEY="sk-e2e-typing",
                           ASSISTANT_LLM_TIMEOUT="10", NO_PROXY="127.0.0.1,localhost", LANGSMITH_TRACING="false")
            bot.start()
            try:
                for _ in range(60):  # the first questions may come while the knowledge base loads
                    before = len(telegram.sent(61, "sendChatAction"))
                    answer = bot.say(61, "/ask 县里一年要开几次协商会？", "。", timeout=30)
                    if "仍在启动加载" not in answer:
                        break
                    time.sleep(1)
                typing = telegram.sent(61, "sendChatAction")[before:]
                assert typing and typing[0].params["action"] == "typing"
                answered = next(c for c in reversed(telegram.sent(61)) if c.params.get("text") == answer)
                assert typing[0].at < answered.at, "shown while the answer was being prepared"

                before = len(telegram.sent(61, "sendChatAction"))  # loaded and warmed up by now
                bot.say(61, "/help", "可用指令")
                assert len(telegram.sent(61, "sendChatAction")) == before, "a quick reply needs no typing indicator"
            finally:
                bot.stop()


def test_yes_and_no_buttons_answer_a_yes_no_question(bot):
    """The "是"/"否" buttons carry "=yes"/"=no"; pressing them must work like typing 是/否."""
    code = bot.cli("admin", "invite", "--role", "member").strip()
    bot.say(19, f"/start {code}", "邀请码验证成功")

    def fill_profile() -> tuple[str, str]:
        for answer, expect in (("/profile", "姓名"), ("钱进", "层级"), ("2", "单位的名称"), ("天元街道", "身份"),
                               ("1", "联系电话"), ("/skip", "请核对")):
            bot.say(19, answer, expect)
        confirm = bot.telegram.sent(19)[-1]
        return dict(bot.telegram.buttons(confirm))["否"], dict(bot.telegram.buttons(confirm))["是"]

    no, _ = fill_profile()
    assert no.endswith("|=no")
    before = len(bot.telegram.texts(19))
    bot.telegram.press(19, no)
    reply = bot.telegram.wait_for(19, "【", after=before)
    assert "请回复“是”或“否”" not in reply and "个人信息已保存" not in reply
    bot.say(19, "/cancel", "已取消")

    _, yes = fill_profile()
    assert yes.endswith("|=yes")
    before = len(bot.telegram.texts(19))
    bot.telegram.press(19, yes)
    assert "请回复“是”或“否”" not in bot.telegram.wait_for(19, "个人信息已保存", after=before)
