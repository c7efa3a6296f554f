"""The composition root: the only place that builds concrete dependencies from Settings.

Everything else receives what it needs as arguments, so tests can hand in their own.
"""

from __future__ import annotations

import logging
import logging.handlers
from dataclasses import dataclass

from assistant.config import Settings
from assistant.flows.base import UserRef
from assistant.flows.engine import DialogueEngine
from assistant.flows.registry import all_commands, all_flows
from assistant.storage.db import Database

# The terminal user sits at the office PC that holds the database: treat them as its administrator.
CONSOLE_USER = UserRef(channel="console", external_id="local", display_name="本机管理员")


@dataclass
class Services:
    """Adapters the flows use; each later feature (knowledge base, drafters) adds a field here."""

    settings: Settings
    db: Database


@dataclass
class App:
    settings: Settings
    db: Database
    services: Services
    engine: DialogueEngine

    def close(self) -> None:
        self.db.dispose()


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
