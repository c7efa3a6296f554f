"""`export --public` carries no personal data, whatever field a user typed it into.

Every text and JSON column of every exported record type gets phone numbers, an ID-card
number, an e-mail address and a dissenter's name planted in it; the rows are built from the
models' columns, so a column added later is planted too.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String

from assistant.drafting.schemas import MinutesDraft, Participant
from assistant.services.export import SECTIONS, export_records
from assistant.storage import models
from assistant.storage.types import EnumText

MOBILE, SPACED_MOBILE, LANDLINE = "13912345678", "+86 139 8765 4321", "0838-2201234"
ID_CARD, EMAIL, DISSENTER = "51060319900101123X", "chen.xy@example.com", "陈秀英"
PLANTED = f"住户{DISSENTER}反映，电话{MOBILE}，手机{SPACED_MOBILE}，座机{LANDLINE}，身份证{ID_CARD}，邮箱{EMAIL}。加装电梯"
SHORT = f"电话{MOBILE}"  # for columns too narrow for the whole sentence
SECRETS = [MOBILE, "139 8765 4321", "8765", LANDLINE, "2201234", ID_CARD, EMAIL, DISSENTER]
INVITE_CODE = "JOIN-7Q4X-SECRET"
DISPLAY_NAME = "小陈同学"
TELEGRAM_ID = "5550001234"


def _value(column, parents: dict[str, int]):
    """A planted value for a column (text and JSON), or a plain valid one (keys, enums, dates)."""
    kind = column.type
    if column.foreign_keys:
        return parents.get(next(iter(column.foreign_keys)).column.table.name)
    if isinstance(kind, EnumText):
        return next(iter(kind.enum_cls))
    if isinstance(kind, JSON):
        return {"note": PLANTED, "items": [PLANTED, {"deeper": PLANTED}]}
    if isinstance(kind, String):
        text = PLANTED if kind.length is None or kind.length >= len(PLANTED) else SHORT
        return text[: kind.length] if kind.length else text
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer):
        return 1
    if isinstance(kind, DateTime):
        return datetime(2026, 12, 1, 9, 30)
    if isinstance(kind, Date):
        return date(2026, 12, 1)
    raise AssertionError(f"no planted value for {column} ({kind!r})")


def _plant_every_record(session) -> None:
    parents: dict[str, int] = {}
    for model in SECTIONS.values():
        if model is models.AuditEntry:
            continue  # written by the audit hook from the rows below, planted values included
        row = model(**{c.key: _value(c, parents) for c in model.__table__.columns if not c.primary_key})
        if model is models.Person:
            row.channel, row.external_id, row.display_name, row.phone = "telegram", TELEGRAM_ID, DISPLAY_NAME, MOBILE
            row.name = None  # the audit actor label then falls back to the display name
        if model is models.DissentExplanation:
            row.participant = DISSENTER
        session.add(row)
        session.flush()
        parents[model.__tablename__] = row.id
        if model is models.Person:
            session.info["actor_id"], session.info["actor"] = row.id, DISPLAY_NAME
    session.add(models.InviteCode(code=INVITE_CODE, role=next(iter(models.Role)), max_uses=2))


def test_public_export_carries_no_personal_data_from_any_field(sqlite_app):
    with sqlite_app.db.transaction() as session:
        _plant_every_record(session)
    with sqlite_app.db.transaction() as session:
        full = json.dumps(export_records(session), ensure_ascii=False)
        public_document = export_records(session, public=True)
    public = json.dumps(public_document, ensure_ascii=False)

    for secret in SECRETS:
        assert secret in full, f"the test planted {secret!r} but the full export lacks it"
        assert secret not in public, f"{secret!r} reached the public export"
    for identity in (TELEGRAM_ID, DISPLAY_NAME):
        assert identity in full and identity not in public
    assert INVITE_CODE not in full and INVITE_CODE not in public
    # What is not personal stays: the public record still says what the residents asked for.
    assert "加装电梯" in public and "［电话号码已隐去］" in public and "（持不同意见者）" in public
    assert all(section in public_document and public_document[section] for section in SECTIONS)


def test_dissenters_named_only_in_the_minutes_are_withheld(sqlite_app):
    draft = MinutesDraft(
        title="锦江花园加装电梯协商会纪要",
        participants=[Participant(name="王建国", role="居民代表"), Participant(name="李红梅", role="社区书记")],
        summary="王建国、李红梅参加。",
        disagreements=["居民代表王建国：担心一楼采光受影响"],
    )
    with sqlite_app.db.transaction() as session:
        session.add(models.Minutes(title=draft.title, draft=draft.model_dump(), final=draft.model_dump(),
                                   source_text="王建国：我不同意。李红梅：请大家发表意见。"))
    with sqlite_app.db.transaction() as session:
        public = json.dumps(export_records(session, public=True), ensure_ascii=False)
    assert "王建国" not in public
    assert "李红梅" in public  # only the dissenter is withheld, as in the public notice
