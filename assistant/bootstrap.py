"""The composition root: the only place that builds concrete dependencies from Settings.

Everything else receives what it needs as arguments, so tests can hand in their own.
"""

from __future__ import annotations

import gc
import logging
import logging.handlers
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.config import Settings
from assistant.flows.access import AccessPolicy
from assistant.flows.base import UserRef
from assistant.flows.engine import DialogueEngine
from assistant.flows.registry import all_commands, all_flows
from assistant.storage.db import Database
from assistant.storage.types import set_office_timezone

if TYPE_CHECKING:
    from assistant.llm import Drafter
    from assistant.retrieval import Hit, KnowledgeBase

log = logging.getLogger(__name__)

# The terminal user sits at the office PC that holds the database: treat them as its administrator.
CONSOLE_USER = UserRef(channel="console", external_id="local", display_name="本机管理员")


def _set_event() -> threading.Event:
    event = threading.Event()
    event.set()
    return event


_knowledge_bases: dict[tuple, KnowledgeBase] = {}
_knowledge_bases_lock = threading.Lock()


def shared_knowledge_base(settings: Settings) -> KnowledgeBase:
    """The knowledge base for these settings, one per process and location.

    The CLI and the bot both come here, so they share one Chroma client and one in-memory
    lexical index (the embedded Chroma client must not be opened twice on one folder).
    Building it is cheap: nothing is opened until first use.
    """
    from pathlib import Path

    from assistant.retrieval import build_knowledge_base

    key = (
        str(Path(settings.data_dir).resolve()),
        str(Path(settings.knowledge_dir).resolve()),
        settings.chroma_host,
        settings.chroma_port,
        settings.embedding_provider,
        settings.embedding_model,
        settings.embedding_base_url,
    )
    with _knowledge_bases_lock:
        kb = _knowledge_bases.get(key)
        if kb is None:
            kb = build_knowledge_base(settings)
            _knowledge_bases[key] = kb
        return kb


@dataclass
class Services:
    """Adapters the flows use. Heavy ones (the knowledge base) are built on first use, so a
    command that never searches never pays for loading Chroma and jieba."""

    settings: Settings
    db: Database
    _knowledge: KnowledgeBase | None = field(default=None, repr=False)
    _warming_up: threading.Event = field(default_factory=threading.Event, repr=False)
    # Set whenever no warm-up is running: what a question asked during loading waits for.
    _warm: threading.Event = field(default_factory=lambda: _set_event(), repr=False)
    _drafter: Drafter | None = field(default=None, repr=False)
    # One lock per adapter: a turn that needs the drafter must not wait while the knowledge base
    # imports Chroma and jieba (a second or more) inside another thread.
    _knowledge_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _drafter_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def knowledge(self) -> KnowledgeBase:
        with self._knowledge_lock:
            if self._knowledge is None:
                self._knowledge = shared_knowledge_base(self.settings)
            return self._knowledge

    @property
    def drafter(self) -> Drafter:
        """Writes answers and drafts with the configured model, or offline; with provider
        "none" it never imports langchain."""
        with self._drafter_lock:
            if self._drafter is None:
                from assistant.llm import build_drafter

                self._drafter = build_drafter(self.settings)
            return self._drafter

    def similar_sessions(self, text: str, k: int = 3) -> list[Hit]:
        """Past sessions like this text; an unavailable index means "none found", not a failed turn."""
        if self.knowledge_loading():
            return []  # not worth stalling every chat for; the screening opinion stands on its own
        try:
            knowledge = self.knowledge
            knowledge.ensure_built()
            return knowledge.similar_sessions(text, k=k)
        except Exception:
            log.exception("similar-session lookup failed")
            return []

    def warm_up(self) -> None:
        """Loads the knowledge base (and builds its index on first start) outside any turn."""
        self.mark_warming_up()
        try:
            for part, warm in (("knowledge base", lambda: self.knowledge.warm_up()),
                               ("model client", lambda: self.drafter.warm_up())):  # langchain takes seconds
                try:
                    warm()
                except Exception:
                    log.exception("warm-up of the %s failed; its first use will report it", part)
        finally:
            # jieba's dictionary, Chroma and the index are millions of objects that live as long
            # as the process. Left to the collector, every full collection walks them all (150–200
            # ms holding the GIL: every chat stalls); frozen, it walks only what turns create.
            gc.collect()
            gc.freeze()
            self._warming_up.clear()
            self._warm.set()

    def needs_english_dictionary(self, question: str) -> bool:
        """An English question, and the dictionary that reads it is not loaded yet."""
        from assistant.retrieval import english

        return english.is_english(question) and not english.dictionary_loaded()

    def load_english_dictionary(self) -> None:
        """Reads the bilingual dictionary in the background, as a warm-up: a turn that needs it
        waits outside its transaction (about 4 s, once per process) instead of holding SQLite's
        write lock while it loads. Only a process that is asked in English pays its 85 MB."""
        self.mark_warming_up()
        threading.Thread(target=self._read_english_dictionary, name="english-dictionary", daemon=True).start()

    def _read_english_dictionary(self) -> None:
        try:
            from assistant.retrieval.english import default_dictionary

            default_dictionary()
        except Exception:
            log.exception("reading the English dictionary failed; English questions are declined offline")
        finally:
            gc.collect()
            gc.freeze()  # a million small objects that live as long as the process, like the index
            self._warming_up.clear()
            self._warm.set()

    def mark_warming_up(self) -> None:
        """Called before a background warm-up is submitted, so no turn slips in between."""
        self._warm.clear()
        self._warming_up.set()

    def wait_for_knowledge(self, timeout: float) -> bool:
        """Blocks (outside any transaction) until a running warm-up is done; False on timeout."""
        return self._warm.wait(timeout)

    def knowledge_loading(self) -> bool:
        """True while a warm-up is loading the knowledge base in the background."""
        return self._warming_up.is_set()

    def queue_overdue_reminders(self) -> int:
        from assistant.services.reminders import queue_overdue_reminders
        from assistant.storage.types import local_now

        with self.db.transaction(actor="系统提醒") as session:
            return queue_overdue_reminders(session, local_now())

    def index_past_session(
        self, key: str, title: str, text: str, organisation: str | None, date: str | None
    ) -> None:
        self.knowledge.index_past_session(key, title, text, organisation, date)


@dataclass
class App:
    settings: Settings
    db: Database
    services: Services
    engine: DialogueEngine

    def close(self) -> None:
        self.db.dispose()
        if self.services._knowledge is not None:
            self.services._knowledge.close()


class RedactSecrets(logging.Filter):
    """Replaces tokens and API keys in log lines: libraries log request URLs, and Telegram's contain the token."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            if any(secret in message for secret in self.secrets):
                record.msg, record.args = self._redact(message), None
            if record.exc_info and not record.exc_text:
                # A traceback quotes exception messages, and an HTTP error may quote the URL.
                # Formatted here, redacted; the handler's formatter then uses this text as is.
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = self._redact(record.exc_text)
        return True

    def _redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


def configure_logging(settings: Settings) -> None:
    """Sends logs to a rotating file in the data dir: users never see a traceback."""
    settings.log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    target = str(settings.log_file.resolve())
    for existing in [h for h in root.handlers if getattr(h, "_assistant", False)]:
        if existing.baseFilename == target:
            return
        root.removeHandler(existing)  # another app in this process (tests) logs elsewhere
        existing.close()
    handler = logging.handlers.RotatingFileHandler(
        settings.log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
    handler._assistant = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(settings.secrets))
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    # httpx logs request URLs at INFO, and Telegram URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # The job scheduler logs every run of the notification job at INFO: noise, not news.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def access_policy(settings: Settings) -> AccessPolicy:
    def names(value: str) -> frozenset[str]:
        return frozenset(part.strip().lstrip("/") for part in value.split(",") if part.strip())

    return AccessPolicy(open_commands=names(settings.telegram_open_commands), allow_list=names(settings.telegram_allow_list))


def build_app(settings: Settings | None = None, *, migrate: bool = True) -> App:
    settings = settings or Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    set_office_timezone(settings.timezone)
    configure_logging(settings)
    db = Database(settings.resolved_database_url)
    if migrate:
        db.upgrade()
    services = Services(settings=settings, db=db)
    engine = DialogueEngine(
        db,
        services,
        all_flows(),
        all_commands(),
        max_message_chars=settings.max_message_chars,
        access=access_policy(settings),
    )
    return App(settings=settings, db=db, services=services, engine=engine)
