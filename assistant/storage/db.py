"""The database: one engine, a unit of work per user turn, and schema migrations.

SQLite is the embedded default and PostgreSQL the scale-out engine; the same code and the
same migrations run on both, only the URL changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from assistant.storage import audit

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
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # IMMEDIATE takes the write lock up front: two processes handling the same user queue up
        # instead of both reading the old conversation state and one failing at commit.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self._sessions)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self, actor_id: int | None = None, actor: str = "系统") -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all."""
        with self._sessions.begin() as session:
            session.info["actor_id"] = actor_id
            session.info["actor"] = actor
            yield session

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
