"""Policy questions in the chat, on the real offline knowledge base built from the shipped files."""

from __future__ import annotations

from tests.conftest import Chat, verify_dialog


def test_ask_answers_with_the_rule_and_where_it_stands_even_mid_flow(chat: Chat):
    reply = chat.say("/ask 县里一年要开几次协商会？")
    assert "每年不少于4次" in reply and "三、（八）" in reply and "出处" in reply

    verify_dialog(chat, [("/profile", "姓名"), ("王芳", "层级")])
    reply = chat.say("/ask 协商前一定要调研吗")
    assert "不调研不协商" in reply
    assert "层级" in reply, "the open question is asked again after the answer"
    assert chat.state()[:2] == ("profile", "level")


def test_question_mode_from_the_menu_keeps_answering_until_cancel(chat: Chat):
    verify_dialog(
        chat,
        [
            ("你好", "政策问答"),
            ("政策问答", "请输入您的问题"),
            ("对意见不一样的群众怎么办", "解释说明"),
        ],
    )
    assert "请输入您的问题" in chat.last
    reply = chat.say("明天股票会涨吗")
    assert "未找到与该问题直接相关的规定" in reply
    assert "已取消「政策问答」" in chat.say("/cancel")
    assert chat.state()[0] is None


def test_bad_questions_get_a_clear_answer(chat: Chat):
    assert "请输入您的问题" in chat.say("/ask")
    assert "不能为空" in chat.say("   ")
    assert "最多 500 字" in chat.say("协商" * 300)
    chat.say("/cancel")
    reply = chat.say("/ask " + "协商" * 2500)
    assert "问题过长" in reply and chat.state()[0] is None


def test_a_question_while_the_index_loads_is_answered_at_once_with_a_wait_message(chat: Chat):
    """The bot loads the knowledge base in the background; a turn must not wait for it inside its transaction."""
    chat.app.services.mark_warming_up()
    try:
        reply = chat.say("/ask 县里一年要开几次协商会？")
        assert "正在启动加载" in reply and "三、（八）" not in reply
        assert chat.app.services.similar_sessions("加装电梯") == []
    finally:
        chat.app.services._warming_up.clear()
    assert "三、（八）" in chat.say("/ask 县里一年要开几次协商会？")
