"""Shared fixtures: a fresh database per test on SQLite, and on PostgreSQL when one answers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from assistant.bootstrap import App, build_app
from assistant.config import Settings
from assistant.flows.base import Incoming, Reply, UserRef

POSTGRES_URL = os.environ.get("ASSISTANT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_problem() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 — any failure means "not available here"
        return f"PostgreSQL not reachable at {make_url(POSTGRES_URL).render_as_string()}: {type(exc).__name__}"


POSTGRES_PROBLEM = _postgres_problem()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of each engine; the PostgreSQL one is created and dropped per test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'assistant.db'}"
        return
    yield from _fresh_postgres_database()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """An empty PostgreSQL database, for behaviour only a client/server engine has."""
    yield from _fresh_postgres_database()


def _fresh_postgres_database() -> Iterator[str]:
    if POSTGRES_PROBLEM:
        pytest.skip(POSTGRES_PROBLEM)
    name = f"assistant_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    """For tests whose subject does not depend on the database engine."""
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def app(settings: Settings) -> Iterator[App]:
    application = build_app(settings)
    yield application
    application.close()


@pytest.fixture
def sqlite_app(sqlite_settings: Settings) -> Iterator[App]:
    application = build_app(sqlite_settings)
    yield application
    application.close()


class Chat:
    """Talks to the engine as one user and keeps the last replies, like a stub handler in zulip_bots."""

    def __init__(self, app: App, user: UserRef):
        self.app, self.user = app, user
        self.replies: list[Reply] = []

    def say(self, text: str = "", **kwargs) -> str:
        self.replies = self.app.engine.handle(self.user, Incoming(text=text, **kwargs))
        return self.last

    @property
    def last(self) -> str:
        """The replies' text with their choices, as a user sees them in the terminal."""
        lines = []
        for reply in self.replies:
            lines.append(reply.text)
            lines += [f"  {n}. {choice.label}" for n, choice in enumerate(reply.choices, 1)]
        return "\n".join(lines)

    def state(self):
        return self.app.engine.state_of(self.user)


@pytest.fixture
def user() -> UserRef:
    return UserRef(channel="test", external_id="u1", display_name="测试用户")


@pytest.fixture
def chat(sqlite_app: App, user: UserRef) -> Chat:
    return Chat(sqlite_app, user)


def registered(
    app: App, user: UserRef, name: str, role, organisation: str = "锦江社区", level: str = "village"
) -> Chat:
    """A chat for a person with a profile (name, organisation) and one role, as after /profile and /join."""
    from assistant.domain.vocab import OrgLevel
    from assistant.services import people

    with app.db.transaction() as session:
        person = people.ensure_person(session, user.channel, user.external_id)
        person.name = name
        person.organisation_id = people.ensure_organisation(session, organisation, OrgLevel(level)).id
        people.grant_role(session, person, role)
    return Chat(app, user)


def verify_dialog(chat: Chat, exchanges: list[tuple[str, str]]) -> None:
    """Plays (user says, bot reply contains) pairs; fails on the first reply that misses its text."""
    for said, expected in exchanges:
        reply = chat.say(said)
        assert expected in reply, f"after {said!r} expected {expected!r} in:\n{reply}"
