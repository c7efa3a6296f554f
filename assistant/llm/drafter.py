"""The Drafter: a configured language model writes, the offline code is the safety net.

Every task follows one pattern (`_with_fallback`): with no model configured, the offline
result is returned as it always was. With one, the model is asked for the same shape the
offline code produces, its output is checked (schema, Chinese, grounded in the data it was
given), and on any failure — timeout, connection refused, HTTP error, refusal, empty or
English reply, unparsable or invalid output — the offline result is returned with one short
Chinese note. Details go to the log, never the API key.

The model decides wording, never facts or verdicts: policy answers cite only clauses that
retrieval returned, a screening verdict comes from the rules, minutes name only people found
in the transcript, official texts keep every responsible unit the facts list.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from assistant.drafting.schemas import MinutesDraft
from assistant.llm.prompts import escape_data, load_prompt
from assistant.llm.providers import ModelConfig, create_chat_model, llm_enabled, resolve
from assistant.llm.schemas import (
    AgendaPlan,
    GroundedAnswer,
    OfficialText,
    ResearchItems,
    ScreeningReasons,
    SearchTerms,
)

if TYPE_CHECKING:
    from assistant.domain.consultation import Screening
    from assistant.drafting.outcome_offline import Dissent, OutcomeFacts
    from assistant.retrieval import Answer, KnowledgeBase

log = logging.getLogger(__name__)

T = TypeVar("T")

# Shown above an offline result when a configured model could not be used.
OFFLINE_NOTE = "（大模型暂不可用，以下为离线起草版本）"
# Shown instead when the model was not asked at all because the transcript is too long for it.
TOO_LONG_NOTE = "（会议记录超过{limit}字，未交大模型处理，以下为离线起草版本）"
# Closes an LLM-written policy answer, as the offline answer closes with its own line.
LLM_CLOSING = "（以上由大模型依据所列政策条文归纳，具体以正式印发的文件为准。）"

MAX_CONTEXT_BLOCKS = 5
MAX_BLOCK_CHARS = 1200
# A search hit joins the answer's context only when it covers the question as well as the
# offline answer once required of the clauses it quoted (0.45, before the calibrated gate).
MIN_CONTEXT_COVERAGE = 0.45
# Beyond this a transcript goes to the offline drafter: long inputs are slow and costly upstream.
MAX_TRANSCRIPT_CHARS = 40_000
MIN_CHINESE_SHARE = 0.5
MAX_RESEARCH_ITEMS = 5
MAX_ITEM_CHARS = 60
MAX_OFFICIAL_TEXT_CHARS = 4000


class LenientMinutes(MinutesDraft):
    """The minutes schema as the model may answer it: unknown extra fields are ignored."""

    model_config = ConfigDict(extra="ignore")


@dataclass(frozen=True)
class Drafted(Generic[T]):
    """A result and who wrote it; `note` is set when a configured model was not used."""

    value: T
    source: Literal["llm", "offline"]
    note: str | None = None

    def noted(self, text: str) -> str:
        """The text with the note on the line above it (unchanged when there is no note)."""
        return f"{self.note}\n{text}" if self.note else text


class Rejected(Exception):
    """The model answered, but with nothing we may show (the reason goes to the log)."""


class NotSent(Exception):
    """The input is not for the model (too long); `note` tells the user why the draft is offline."""

    def __init__(self, note: str):
        super().__init__(note)
        self.note = note


@dataclass(frozen=True)
class ContextBlock:
    source: str
    section: str
    text: str
    file_name: str = ""


class Drafter:
    """Built once per process from Settings; cheap when the provider is "none"."""

    def __init__(self, settings: Any, model_factory: Callable[[ModelConfig, str | None], Any] = create_chat_model):
        self.settings = settings
        self.enabled = llm_enabled(settings)
        self._factory = model_factory
        self._lock = threading.Lock()
        self._config: ModelConfig | None = None
        self._model: Any = None

    def warm_up(self) -> None:
        """Builds the model client now (importing langchain takes 2–3 s once per process), so a
        long-running bot can do it at start-up instead of during the first user's question."""
        if not self.enabled:
            return
        try:
            self._chat_model()
        except Exception as exc:  # noqa: BLE001 — a bad setting shows up again, and is logged, on first use
            log.warning("LLM client could not be prepared: %s", self._describe(exc))

    # --- the one pattern ---------------------------------------------------------------------
    def _with_fallback(self, task: str, call_llm: Callable[[], T], offline: Callable[[], T]) -> Drafted[T]:
        if not self.enabled:
            return Drafted(offline(), "offline")
        started = time.monotonic()
        try:
            value = call_llm()
        except NotSent as exc:
            log.info("LLM task %s not sent: %s", task, exc.note)
            return Drafted(offline(), "offline", exc.note)
        except Exception as exc:  # noqa: BLE001 — whatever went wrong upstream, the user gets the offline draft
            log.warning(
                "LLM task %s failed after %.2fs, offline draft used: %s",
                task, time.monotonic() - started, self._describe(exc),
            )
            # The traceback as text, so the key can be taken out (providers echo wrong keys back).
            log.debug("LLM task %s failure:\n%s", task, self._redact("".join(traceback.format_exception(exc))))
            return Drafted(offline(), "offline", OFFLINE_NOTE)
        log.info("LLM task %s drafted in %.2fs", task, time.monotonic() - started)
        return Drafted(value, "llm")

    def _chat_model(self) -> tuple[Any, ModelConfig]:
        with self._lock:
            if self._model is None:
                config = resolve(self.settings)
                self._model = self._factory(config, self.settings.llm_api_key)
                self._config = config
            assert self._config is not None
            return self._model, self._config

    def _structured(self, task: str, schema: type[BaseModel], **values: str) -> Any:
        """Asks the model for `schema` with the task's prompt; raises Rejected when unusable."""
        prompt = load_prompt(self.settings.prompts_dir, task)
        model, config = self._chat_model()
        runnable = model.with_structured_output(schema, method=config.method, include_raw=True)
        result = runnable.invoke(prompt.messages(schema, **values))
        parsed, error = result.get("parsed"), result.get("parsing_error")
        if error is not None or parsed is None:
            raw = result.get("raw")
            content = getattr(raw, "content", "") if raw is not None else ""
            reason = f"{type(error).__name__}: {str(error)[:200]}" if error is not None else "nothing parsed"
            raise Rejected(f"unusable structured output ({reason}); reply began {str(content)[:120]!r}")
        return parsed

    def _describe(self, exc: BaseException) -> str:
        """One log line; the key is taken out before shortening, so no part of it survives the cut."""
        status = getattr(exc, "status_code", None)
        return f"{type(exc).__name__}" + (f" (HTTP {status})" if status else "") + f": {self._redact(str(exc))[:300]}"

    def _redact(self, text: str) -> str:
        key = self.settings.llm_api_key
        return text.replace(key, "***") if key else text

    # --- policy answers ----------------------------------------------------------------------
    def answer(self, question: str, kb: KnowledgeBase) -> Drafted[Answer]:
        """The knowledge base's answer, reworded by the model from the same retrieved clauses.

        A question the knowledge base declines is never sent to the model: nothing grounded
        means nothing to say. KnowledgeError (an empty or too long question) propagates.
        """
        offline = kb.ask(question)
        if not offline.grounded and self.enabled:
            # Members ask in everyday words (or in English): the model may restate the question
            # as search terms. The knowledge base then judges the restated question with the
            # same grounding checks; the model never decides what counts as found.
            terms = self._search_terms(question)
            retried = kb.ask(terms) if terms else None
            if retried is not None and retried.grounded:
                from assistant.retrieval import Answer

                found = retried
                return self._with_fallback(
                    "answer", lambda: self._grounded_answer(question, context_blocks(found, kb)),
                    lambda: Answer(question, found.answer, found.citations, True),
                )
        if not offline.grounded:
            return Drafted(offline, "offline")
        return self._with_fallback(
            "answer", lambda: self._grounded_answer(question, context_blocks(offline, kb)), lambda: offline
        )

    def _search_terms(self, question: str) -> str | None:
        """The question restated by the model as Chinese search terms; None when that fails."""
        try:
            reply: SearchTerms = self._structured("query_rewrite", SearchTerms, question=escape_data(question))
        except Exception as exc:  # noqa: BLE001 — without a restatement the offline answer stands
            log.info("LLM query rewrite failed: %s", self._describe(exc))
            return None
        terms = " ".join(reply.query.split())[:200]
        return terms if terms and terms != question.strip() else None

    def _grounded_answer(self, question: str, blocks: list[ContextBlock]) -> Answer:
        from assistant.retrieval import Answer, Citation

        context = "\n\n".join(
            f"【资料{number}】出处：《{block.source}》{block.section}\n{block.text}"
            for number, block in enumerate(blocks, start=1)
        )
        reply: GroundedAnswer = self._structured("answer", GroundedAnswer, question=question,
                                                  count=str(len(blocks)), context=context)
        text = _strip_markers(reply.answer)
        require_chinese(text, "answer")
        cited = check_citations(reply.citations, len(blocks))
        unknown = [title for title in re.findall(r"《([^》]{1,80})》", text)
                   if not any(title in block.source or title in block.text for block in blocks)]
        if unknown:
            raise Rejected(f"answer names documents that were not retrieved: {unknown}")
        citations = [Citation(blocks[n - 1].source, blocks[n - 1].section, blocks[n - 1].text, blocks[n - 1].file_name)
                     for n in cited]
        return Answer(question=question, answer=f"{text}\n{LLM_CLOSING}", citations=citations, grounded=True)

    # --- minutes -----------------------------------------------------------------------------
    def minutes(self, text: str) -> Drafted[MinutesDraft]:
        """A minutes draft of a transcript; the offline drafter's when the model is not usable."""
        from assistant.drafting.minutes import draft_minutes

        return self._with_fallback("minutes", lambda: self._llm_minutes(text), lambda: draft_minutes(text))

    def _llm_minutes(self, text: str) -> MinutesDraft:
        from assistant.drafting.minutes import DEFAULT_PUBLICITY, draft_minutes
        from assistant.drafting.minutes.verify import checked

        if len(text) > MAX_TRANSCRIPT_CHARS:
            raise NotSent(TOO_LONG_NOTE.format(limit=f"{MAX_TRANSCRIPT_CHARS // 10_000}万"))
        # Models in JSON mode often add a field of their own; that must not throw away the whole draft.
        draft = MinutesDraft.model_validate(
            self._structured("minutes", LenientMinutes, transcript=text).model_dump(include=set(MinutesDraft.model_fields))
        )
        if not draft.views:
            raise Rejected("minutes without any speaker's views")
        prose = [draft.title, draft.summary, *(p for v in draft.views for p in v.points), *draft.consensus]
        require_chinese("".join(prose), "minutes")
        flat = re.sub(r"\s+", "", text)
        names = {p.name for p in draft.participants} | {v.speaker for v in draft.views} | {draft.host}
        invented = sorted(n for n in names if n and re.sub(r"\s+", "", n) not in flat)
        if invented:
            raise Rejected(f"minutes name people absent from the transcript: {invented}")
        if not draft.publicity.strip():
            # Same default as the offline drafter (三（七）): the section is never blank.
            draft = draft.model_copy(update={"publicity": DEFAULT_PUBLICITY})
        # Owners, time limits and dissenters must occur in the transcript; what fails is
        # replaced by the offline drafter's item, and 原文依据 comes from the offline reading.
        return checked(draft, draft_minutes(text), text)

    # --- preparing a consultation ------------------------------------------------------------
    def research_items(self, topic_title: str, description: str) -> Drafted[list[str]]:
        """Topic-specific research items to add to the default checklist (offline: none)."""
        return self._with_fallback(
            "research", lambda: self._llm_research_items(topic_title, description), lambda: []
        )

    def _llm_research_items(self, title: str, description: str) -> list[str]:
        from assistant.domain.consultation import DEFAULT_RESEARCH_ITEMS

        reply: ResearchItems = self._structured(
            "research", ResearchItems, title=title, description=description or "（未填写）",
            existing="\n".join(f"{n}. {item}" for n, item in enumerate(DEFAULT_RESEARCH_ITEMS, 1)),
        )
        items: list[str] = []
        for raw in reply.items:
            item = re.sub(r"^\s*(?:\d+[.、．]|[（(]\d+[）)])\s*", "", raw).strip().rstrip("。；;")
            if not item or item in DEFAULT_RESEARCH_ITEMS or item in items or len(item) > MAX_ITEM_CHARS:
                continue
            if chinese_share(item) < MIN_CHINESE_SHARE:
                continue
            items.append(item)
        if not items:
            raise Rejected(f"no usable research item in {reply.items!r}")
        return items[:MAX_RESEARCH_ITEMS]

    def screening_opinion(self, topic_title: str, description: str, screening: Screening) -> Drafted[str]:
        """The screening opinion: the rules' verdict and flags, the model's wording of the reasons."""
        return self._with_fallback(
            "screening", lambda: self._llm_screening(topic_title, description, screening), screening.text
        )

    def _llm_screening(self, title: str, description: str, screening: Screening) -> str:
        from assistant.domain.consultation import SUITABILITY_LABELS, Screening

        verdict = SUITABILITY_LABELS[screening.suitability]
        reply: ScreeningReasons = self._structured(
            "screening", ScreeningReasons, verdict=verdict, title=title, description=description or "（未填写）",
            reasons="\n".join(f"· {r}" for r in [*screening.reasons, *screening.suggestions, *screening.flags]),
        )
        reasons = [r.strip().lstrip("·•-").strip() for r in reply.reasons if r.strip()]
        if not reasons:
            raise Rejected("no screening reasons")
        require_chinese("".join(reasons), "screening")
        # The rules decide: wording that states another verdict is a model that was talked round.
        others = [label for kind, label in SUITABILITY_LABELS.items() if kind != screening.suitability]
        if any(label in reason for label in others for reason in reasons):
            raise Rejected(f"screening reasons contradict the rules' verdict {verdict!r}")
        return Screening(screening.suitability, reasons, [], list(screening.flags)).text()

    def running_order(self, topic_title: str, description: str) -> Drafted[list[tuple[str, int]]]:
        """A session's running order fitted to the topic; the default order offline."""
        from assistant.domain.consultation import DEFAULT_RUNNING_ORDER

        return self._with_fallback(
            "agenda", lambda: self._llm_running_order(topic_title, description), lambda: list(DEFAULT_RUNNING_ORDER)
        )

    def _llm_running_order(self, title: str, description: str) -> list[tuple[str, int]]:
        from assistant.domain.consultation import DEFAULT_RUNNING_ORDER

        reply: AgendaPlan = self._structured(
            "agenda", AgendaPlan, title=title, description=description or "（未填写）",
            default_order="\n".join(f"{n}. {t}（{m} 分钟）" for n, (t, m) in enumerate(DEFAULT_RUNNING_ORDER, 1)),
        )
        order = [(item.title.strip(), int(item.minutes)) for item in reply.items if item.title.strip()]
        total = sum(minutes for _, minutes in order)
        if not 4 <= len(order) <= 9 or not all(1 <= m <= 60 and len(t) <= 30 for t, m in order) or total > 240:
            raise Rejected(f"running order out of bounds: {order!r}")
        require_chinese("".join(t for t, _ in order), "agenda")
        # 协商于民: the people concerned must have their turn to speak.
        if not any(re.search(r"群众|居民|村民|利益相关|代表", t) for t, _ in order):
            raise Rejected("running order without residents speaking")
        return order

    # --- outcome (三（七）) ------------------------------------------------------------------
    def outcome_summary(self, facts: OutcomeFacts, offline: Callable[[], str] | None = None) -> Drafted[str]:
        """Feedback to everyone who took part on what was adopted and will be done."""
        from assistant.drafting import outcome_offline

        return self._with_fallback(
            "outcome_summary",
            lambda: self._official_text("outcome_summary", facts, facts=facts_text(facts)),
            offline or (lambda: outcome_offline.feedback_draft(facts)),
        )

    def public_notice(
        self, facts: OutcomeFacts, withheld_names: Sequence[str] = (), offline: Callable[[], str] | None = None
    ) -> Drafted[str]:
        """The public notice; `withheld_names` (the dissenters) must not appear in it."""
        from assistant.drafting import outcome_offline

        def call() -> str:
            text = self._official_text("public_notice", facts, facts=facts_text(facts))
            named = [name for name in withheld_names if name and name in text]
            if named:
                raise Rejected(f"public notice names dissenters: {named}")
            return text

        return self._with_fallback(
            "public_notice", call, offline or (lambda: outcome_offline.public_notice_draft(facts))
        )

    def dissent_explanation(
        self, dissent: Dissent, facts: OutcomeFacts, variant: int = 0, offline: Callable[[], str] | None = None
    ) -> Drafted[str]:
        """An explanation to one person who disagreed, restating their recorded position."""
        from assistant.drafting import outcome_offline

        position = f"{dissent.name or '（未具名）'}{'（' + dissent.role + '）' if dissent.role else ''}：" + (
            dissent.position_text or "（未记录具体意见）"
        )

        def call() -> str:
            text = self._official_text("dissent_explanation", facts, dissent=position, facts=facts_text(facts))
            if dissent.name and dissent.name not in text:
                raise Rejected("explanation does not address the dissenter by name")
            return text

        return self._with_fallback(
            "dissent_explanation", call,
            offline or (lambda: outcome_offline.explanation_draft(dissent, facts, variant)),
        )

    def _official_text(self, task: str, outcome: OutcomeFacts, **values: str) -> str:
        reply: OfficialText = self._structured(task, OfficialText, **values)
        text = reply.text.strip()
        if not 80 <= len(text) <= MAX_OFFICIAL_TEXT_CHARS:
            raise Rejected(f"{task} text of {len(text)} characters")
        require_chinese(text, task)
        missing = [a.owner for a in outcome.actions if a.owner and a.owner not in text]
        if missing:
            raise Rejected(f"{task} leaves out responsible units {missing}")
        return text


# --- checks shared by the tasks ------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_MARKER = re.compile(r"\s*(?:【资料\s*\d+】|\[\s*\d+(?:\s*[,，]\s*\d+)*\s*\]|［\d+］|〔\d+〕)")


def chinese_share(text: str) -> float:
    """Share of Chinese characters among the letters of a text (digits and punctuation ignored)."""
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 0.0


def require_chinese(text: str, what: str) -> None:
    if not text.strip():
        raise Rejected(f"{what}: empty text")
    if chinese_share(text) < MIN_CHINESE_SHARE:
        raise Rejected(f"{what}: not written in Chinese: {text[:80]!r}")


def check_citations(numbers: Sequence[int], available: int) -> list[int]:
    """The cited block numbers that exist, in order, once each; invented ones are dropped and logged."""
    cited: list[int] = []
    for number in numbers:
        if 1 <= number <= available and number not in cited:
            cited.append(number)
    invented = [n for n in numbers if not 1 <= n <= available]
    if invented:
        log.warning("LLM answer cited context blocks that do not exist, removed: %s", invented)
    if not cited:
        raise Rejected("no citation of a retrieved clause remains")
    return cited


def _strip_markers(text: str) -> str:
    """Removes [1] / 【资料1】 markers: sources are listed under the answer, as offline."""
    return _MARKER.sub("", text or "").strip()


def context_blocks(offline: Answer, kb: KnowledgeBase) -> list[ContextBlock]:
    """The clauses the offline answer quoted, then other on-topic policy clauses, deduplicated."""
    blocks: list[ContextBlock] = []
    seen: set[tuple[str, str, str]] = set()

    def add(source: str, section: str, text: str, file_name: str = "") -> None:
        key = (source, section, text[:200])
        if key not in seen and len(blocks) < MAX_CONTEXT_BLOCKS:
            seen.add(key)
            blocks.append(ContextBlock(source, section, text[:MAX_BLOCK_CHARS], file_name))

    for citation in offline.citations:
        add(citation.source, citation.section, citation.text, citation.file_name)
    for hit in kb.search(offline.question, k=MAX_CONTEXT_BLOCKS * 2, kind="policy"):
        if hit.metadata.get("coverage", 0.0) >= MIN_CONTEXT_COVERAGE:
            add(hit.source, hit.section, hit.text, hit.metadata.get("file_name", ""))
    return blocks


def facts_text(facts: OutcomeFacts) -> str:
    """The outcome facts as plain lines for the prompt (the model gets nothing else)."""
    from assistant.domain.dates import chinese_date
    from assistant.drafting.outcome_offline import adoption_sentence, channels_of, subject_of

    lines = [
        f"议题：{subject_of(facts.title)}",
        f"会议纪要标题：{facts.title}",
        f"会议时间：{facts.meeting_date or '未记录'}",
        f"会议地点：{facts.location or '未记录'}",
        f"参加人数：{facts.participant_count or '未记录'}",
        f"公开方式：{'、'.join(channels_of(facts.publicity))}",
        "协商形成的意见建议：",
        *([f"{n}. {r}" for n, r in enumerate(facts.recommendations, 1)] or ["（无）"]),
        f"采纳情况：{adoption_sentence(facts.adoption, facts.adoption_reason)}",
        "落实事项：",
        *([f"{n}. {a.task}（责任单位：{a.owner}；时限：{a.due}）" for n, a in enumerate(facts.actions, 1)] or ["（无）"]),
        f"落款单位：{facts.organisation}",
        f"日期：{chinese_date(facts.today)}",
    ]
    return "\n".join(lines)
