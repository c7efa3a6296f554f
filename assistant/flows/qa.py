"""政策问答: answers policy questions from the knowledge base, citing the clause.

`/ask 问题` answers at once, even in the middle of another flow. `/ask` alone (or the menu
entry) opens a question-and-answer mode that keeps answering until /cancel.
"""

from __future__ import annotations

import logging

from assistant.flows.base import Command, Flow, FlowContext, KnowledgeLoading, Reply, Step

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
LOADING = "知识库仍在启动加载，请稍后再提问。"
UNAVAILABLE = "抱歉，知识库暂时无法使用，已记录在日志中。请稍后再试，或向政协办公室咨询。"


def answer_text(ctx: FlowContext, question: str) -> str:
    """The knowledge base's answer with its sources, or a plain Chinese reason why there is none."""
    from assistant.retrieval import KnowledgeError

    if ctx.services.knowledge_loading():
        if ctx.may_wait_for_knowledge:
            # Waiting here would hold the turn's database transaction (SQLite's only write lock)
            # for the seconds the index takes to load: the engine waits outside it and runs again.
            raise KnowledgeLoading(LOADING)
        return LOADING  # it waited its budget already: say so rather than keep the user waiting
    needs_dictionary = getattr(ctx.services, "needs_english_dictionary", None)
    if ctx.may_wait_for_knowledge and needs_dictionary is not None and needs_dictionary(question):
        # The first English question: its dictionary loads in the background while the turn
        # waits outside its transaction, as during the warm-up (then it is answered in Chinese).
        ctx.services.load_english_dictionary()
        raise KnowledgeLoading(LOADING)
    try:
        knowledge = ctx.services.knowledge
        knowledge.ensure_built()
        # A configured model rewords the answer from the same clauses; otherwise (or when it
        # fails) this is the knowledge base's own extractive answer.
        drafted = ctx.services.drafter.answer(question, knowledge)
    except KnowledgeError as exc:
        return str(exc)
    except Exception:
        log.exception("knowledge base failed for a question")
        return UNAVAILABLE
    answer = drafted.value
    if not answer.citations:
        return drafted.noted(answer.answer)
    sources = "\n".join(f"· 《{c.source}》{c.section}" for c in answer.citations)
    return drafted.noted(f"{answer.answer}\n\n出处：\n{sources}")


def _answer_and_continue(ctx: FlowContext) -> list[Reply]:
    """Answers, then asks for the next question (the mode ends with /cancel)."""
    ctx.follow_up = "qa"
    return [Reply(answer_text(ctx, ctx.answers["question"]))]


def _ask_command(ctx: FlowContext, args: str) -> list[Reply]:
    """Answers `/ask 问题` at once; `/ask` alone opens the question mode."""
    if args:
        return [Reply(answer_text(ctx, args))]
    ctx.follow_up = "qa"
    return []


FLOW = Flow(
    name="qa",
    title="政策问答",
    summary="用日常语言询问“有事来协商”相关政策，答复注明出处",
    steps=(
        Step(
            "question",
            "请输入您的问题（例如：县里一年要开几次协商会？）。发送 /cancel 结束问答。",
            max_chars=MAX_QUESTION_CHARS,
            example="县里一年要开几次协商会？",
        ),
    ),
    finish=_answer_and_continue,
)

COMMAND = Command("ask", "政策问答：/ask 问题，答复注明政策出处", _ask_command)
