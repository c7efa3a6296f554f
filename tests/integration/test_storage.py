"""Storage on each engine: migrations, constraints, the audit trail, optimistic locking."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from assistant.domain.vocab import OrgLevel, Role, TopicSource, TopicStatus
from assistant.services import people
from assistant.storage.db import Database, schema_revisions, upgrade_schema
from assistant.storage.models import AuditEntry, Base, Person, RoleGrant, Topic


@pytest.fixture
def db(database_url):
    upgrade_schema(database_url)
    database = Database(database_url)
    yield database
    database.dispose()


def test_migrations_create_exactly_the_models(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    current, head = schema_revisions(db.url)
    assert current == head


def test_upgrading_twice_is_harmless(db):
    upgrade_schema(db.url)
    assert "topic" in inspect(db.engine).get_table_names()


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(RoleGrant(person_id=999_999, role=Role.MEMBER))


def test_enums_round_trip_as_enums(db):
    with db.transaction() as session:
        session.add(Topic(title="加装电梯", source=TopicSource.MEMBER))
    with db.transaction() as session:
        topic = session.scalar(select(Topic))
        assert topic.source is TopicSource.MEMBER and topic.status is TopicStatus.COLLECTED


def test_every_change_is_audited_with_actor_and_before_after(db):
    with db.transaction(actor="张三") as session:
        topic = Topic(title="加装电梯", source=TopicSource.MEMBER)
        session.add(topic)
    with db.transaction(actor="李四") as session:
        topic = session.scalar(select(Topic))
        topic.status = TopicStatus.SUBMITTED
    with db.transaction() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "topic").order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor) for e in entries] == [("create", "张三"), ("update", "李四")]
    assert entries[0].after["title"] == "加装电梯"
    assert entries[1].before == {"status": "collected"} and entries[1].after == {"status": "submitted"}


def test_a_failed_transaction_leaves_no_record_and_no_audit_entry(db):
    with pytest.raises(RuntimeError), db.transaction() as session:
        session.add(Topic(title="半途而废", source=TopicSource.PUBLIC))
        session.flush()
        raise RuntimeError("crash")
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Topic)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_people_and_organisations_are_unique(db):
    with db.transaction() as session:
        first = people.ensure_person(session, "telegram", "42")
        again = people.ensure_person(session, "telegram", "42")
        org = people.ensure_organisation(session, "天元街道", OrgLevel.TOWNSHIP)
        assert first.id == again.id
        assert people.ensure_organisation(session, "天元街道", OrgLevel.TOWNSHIP).id == org.id
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(Person(channel="telegram", external_id="42"))


@pytest.mark.postgres
def test_concurrent_change_of_a_conversation_is_detected(postgres_url):
    """Two processes that load the same state cannot both save it: the version column stops the second.

    On SQLite the second process cannot even read inside a transaction while the first holds
    BEGIN IMMEDIATE, so the race exists only on PostgreSQL (which also locks the row FOR UPDATE).
    """
    upgrade_schema(postgres_url)
    db = Database(postgres_url)
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    from assistant.storage.models import Conversation

    with db.transaction() as session:
        session.add(Conversation(channel="t", external_id="1", answers={}, history=[]))
    with Session(db.engine) as first, Session(db.engine) as second:
        a = first.scalar(select(Conversation))
        b = second.scalar(select(Conversation))
        a.step = "name"
        first.commit()
        b.step = "level"
        with pytest.raises(StaleDataError):
            second.commit()
    db.dispose()


@pytest.mark.postgres
def test_a_new_users_first_messages_in_two_processes_at_once(postgres_url, tmp_path):
    """No row exists yet to lock; the loser of the race runs its turn again instead of failing."""
    import threading

    from assistant.bootstrap import build_app
    from assistant.config import Settings
    from assistant.flows.base import Incoming, UserRef

    apps = [build_app(Settings(data_dir=tmp_path / f"p{i}", database_url=postgres_url)) for i in (1, 2)]
    user = UserRef("telegram", "777")
    replies: list[str] = []
    barrier = threading.Barrier(2)

    def first_message(app, text):
        barrier.wait()
        replies.append("\n".join(r.text for r in app.engine.handle(user, Incoming(text=text))))

    threads = [threading.Thread(target=first_message, args=(app, t)) for app, t in zip(apps, ("/help", "/me"), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for app in apps:
        app.close()
    assert len(replies) == 2 and not any("内部错误" in r for r in replies), replies


def test_0004_keeps_the_role_requests_and_topics_of_an_older_database(database_url):
    """An installation at 0003 upgrades with its records: role requests stay role requests."""
    from alembic import command
    from sqlalchemy import text

    from assistant.storage.db import _alembic_config, make_engine

    engine = make_engine(database_url, foreign_keys=False)
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0003")
        connection.execute(text(
            "INSERT INTO person (id, channel, external_id, active, created_at, updated_at) "
            "VALUES (1, 'test', 'u1', true, '2026-11-01 09:00:00', '2026-11-01 09:00:00')"))
        connection.execute(text(
            "INSERT INTO role_request (id, person_id, role, status, requested_at) "
            "VALUES (1, 1, 'member', 'pending', '2026-11-01 09:00:00')"))
    engine.dispose()
    upgrade_schema(database_url)
    database = Database(database_url)
    try:
        with database.transaction() as session:
            (request,) = people.pending_role_requests(session)
            assert request.role is Role.MEMBER and request.organisation_id is None
            assert people.request_text(request) == "身份：政协委员"
    finally:
        database.dispose()
