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


def test_a_question_while_the_index_loads_is_answered_when_loading_finishes(chat: Chat):
    """Right after a start the bot loads the knowledge base in the background: the question waits
    for it (outside the turn's transaction) and gets the answer, not "try again later"."""
    import threading
    import time as clock

    services = chat.app.services
    services.mark_warming_up()
    started = clock.monotonic()
    threading.Timer(0.5, services.warm_up).start()
    reply = chat.say("/ask 县里一年要开几次协商会？")
    assert "三、（八）" in reply and "加载" not in reply
    assert clock.monotonic() - started >= 0.5  # it did wait for the loading


def test_while_waiting_for_the_index_other_users_are_not_held_up(chat: Chat, sqlite_app):
    """The waiting turn holds no transaction: another user's turn completes meanwhile."""
    import threading

    from assistant.flows.base import UserRef
    from tests.conftest import Chat as OtherChat

    services = chat.app.services
    services.mark_warming_up()
    chat.app.engine.knowledge_wait = 3.0
    waiting = threading.Thread(target=chat.say, args=("/ask 县里一年要开几次协商会？",))
    waiting.start()
    try:
        import time as clock

        clock.sleep(0.5)  # the first turn is now waiting for the index
        other = OtherChat(sqlite_app, UserRef("test", "someone-else"))
        assert "请输入您的问题" in other.say("/ask")  # a turn that writes, while the first one waits
        assert waiting.is_alive()
    finally:
        services.warm_up()
        waiting.join(timeout=30)
    assert "三、（八）" in chat.last


def test_a_question_is_told_to_wait_only_once_its_wait_is_used_up(chat: Chat):
    services = chat.app.services
    services.mark_warming_up()
    chat.app.engine.knowledge_wait = 0.2
    try:
        reply = chat.say("/ask 县里一年要开几次协商会？")
        assert "仍在启动加载" in reply and "三、（八）" not in reply
        assert services.similar_sessions("加装电梯") == []
    finally:
        services.warm_up()
    assert "三、（八）" in chat.say("/ask 县里一年要开几次协商会？")


def test_the_first_english_question_waits_for_its_dictionary_outside_the_transaction(chat: Chat, monkeypatch):
    """Reading the dictionary takes seconds: the turn waits for it outside its transaction, as
    for the warm-up, and then gets its Chinese answer."""
    import threading

    from assistant.retrieval import english

    monkeypatch.setattr(english, "_default", None)
    monkeypatch.setattr(english, "_loaded", False)
    read_in = []
    real_load = english.load_dictionary
    monkeypatch.setattr(english, "load_dictionary", lambda: read_in.append(threading.current_thread().name) or real_load())
    services = chat.app.services
    assert services.needs_english_dictionary("How many consultations must a county CPPCC hold each year?")
    assert not services.needs_english_dictionary("县里一年要开几次协商会？")
    reply = chat.say("/ask How many consultations must a county CPPCC hold each year?")
    assert read_in == ["english-dictionary"]  # not in the turn's own thread, inside its transaction
    assert english.dictionary_loaded() and not services.knowledge_loading()
    assert reply.startswith("（您的问题为英文") and "三、（八）" in reply
