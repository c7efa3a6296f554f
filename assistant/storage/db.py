"""The database: one engine, a unit of work per user turn, and schema migrations.

SQLite is the embedded default and PostgreSQL the scale-out engine; the same code and the
same migrations run on both, only the URL changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from assistant.storage import audit, limits

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same in every process of one deployment.
MIGRATION_LOCK_KEY = 72_410_2021


def make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    """Creates an engine; on SQLite, turns on FK checks, WAL and write-serialising transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Take transaction control away from the driver so BEGIN below is ours (SQLAlchemy recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL syncs at checkpoints instead of every commit: a crashed or killed
        # process loses nothing, a power cut may lose the last moments. Every turn commits, and
        # the fsync would be spent holding the single write lock that all chats queue on.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # IMMEDIATE takes the write lock up front: two processes handling the same user queue up
        # instead of both reading the old conversation state and one failing at commit.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


# As long as SQLite's busy_timeout: a transaction that cannot start by then fails the same way.
WRITER_WAIT_SECONDS = 30


class Database:
    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self._sessions)
        limits.install(self._sessions)
        # SQLite runs one write transaction at a time, and every turn writes. Threads of this
        # process queue here instead of in SQLite's busy handler, which polls with sleeps of up
        # to 100 ms and leaves the lock idle in between; other processes still queue in SQLite.
        # Under 40 new chats at once this cut the wait for the last of them by about a third.
        self._writer = threading.Lock() if self.dialect == "sqlite" else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self, actor_id: int | None = None, actor: str = "系统") -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all."""
        with self._one_writer(), self._sessions.begin() as session:
            session.info["actor_id"] = actor_id
            session.info["actor"] = actor
            yield session

    @contextmanager
    def _one_writer(self) -> Iterator[None]:
        if self._writer is None:  # PostgreSQL: concurrent transactions, row locks where needed
            yield
            return
        if not self._writer.acquire(timeout=WRITER_WAIT_SECONDS):
            raise OperationalError("BEGIN IMMEDIATE", None, TimeoutError("database is locked"))
        try:
            yield
        finally:
            self._writer.release()

    def upgrade(self) -> None:
        upgrade_schema(self.url)

    def dispose(self) -> None:
        self.engine.dispose()


def _alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade_schema(url: str) -> None:
    """Brings the schema to the newest migration; safe to run from several processes at once."""
    engine = make_engine(url, foreign_keys=False)  # batch mode recreates tables; FKs must be off
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            command.upgrade(_alembic_config(connection), "head")
    finally:
        engine.dispose()


def schema_revisions(url: str) -> tuple[str | None, str | None]:
    """Returns (current revision of the database, newest revision shipped with the code)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            head = ScriptDirectory.from_config(_alembic_config(connection)).get_current_head()
    finally:
        engine.dispose()
    return current, head


def autogenerate_revision(url: str, message: str) -> None:
    """Writes a new migration from the difference between the models and the database (developers)."""
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.begin() as connection:
            command.revision(_alembic_config(connection), message=message, autogenerate=True)
    finally:
        engine.dispose()
