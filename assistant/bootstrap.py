"""The composition root: the only place that builds concrete dependencies from Settings.

Everything else receives what it needs as arguments, so tests can hand in their own.
"""

from __future__ import annotations

import logging
import logging.handlers
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.config import Settings
from assistant.flows.base import UserRef
from assistant.flows.engine import DialogueEngine
from assistant.flows.registry import all_commands, all_flows
from assistant.storage.db import Database

if TYPE_CHECKING:
    from assistant.retrieval import Hit, KnowledgeBase

log = logging.getLogger(__name__)

# The terminal user sits at the office PC that holds the database: treat them as its administrator.
CONSOLE_USER = UserRef(channel="console", external_id="local", display_name="本机管理员")


@dataclass
class Services:
    """Adapters the flows use. Heavy ones (the knowledge base) are built on first use, so a
    command that never searches never pays for loading Chroma and jieba."""

    settings: Settings
    db: Database
    _knowledge: KnowledgeBase | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def knowledge(self) -> KnowledgeBase:
        with self._lock:
            if self._knowledge is None:
                from assistant.retrieval import build_knowledge_base

                self._knowledge = build_knowledge_base(self.settings)
            return self._knowledge

    def similar_sessions(self, text: str, k: int = 3) -> list[Hit]:
        """Past sessions like this text; an unavailable index means "none found", not a failed turn."""
        try:
            knowledge = self.knowledge
            knowledge.ensure_built()
            return knowledge.similar_sessions(text, k=k)
        except Exception:
            log.exception("similar-session lookup failed")
            return []

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
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    # httpx logs request URLs at INFO, and Telegram URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def build_app(settings: Settings | None = None, *, migrate: bool = True) -> App:
    settings = settings or Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    configure_logging(settings)
    db = Database(settings.resolved_database_url)
    if migrate:
        db.upgrade()
    services = Services(settings=settings, db=db)
    engine = DialogueEngine(
        db, services, all_flows(), all_commands(), max_message_chars=settings.max_message_chars
    )
    return App(settings=settings, db=db, services=services, engine=engine)
