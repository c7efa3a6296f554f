"""Keeping a reviewed draft consistent: item edits by number, and the 定稿 computed from final content.

Staff fix single items ("删除 3", "改 2：……", "增加：……"); each edit keeps the item's 原文依据 in
step (an edited item keeps its source, an added one has none, a deleted one takes its source
with it). At approval the summary paragraph, its counts and the dissenters are recomputed from
what the minutes finally say, so the minutes, the feedback letter, the public notice and the
explanation letters agree.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.domain.deadlines import find_date
from assistant.drafting.minutes.actions import resolve_due
from assistant.drafting.minutes.reading import nearest_year
from assistant.drafting.minutes.title import build_summary
from assistant.drafting.schemas import NO_DISAGREEMENT, MinutesDraft, SourceRef

# Sections whose items carry parallel source lists.
_SOURCES = {"consensus": "consensus_sources", "disagreements": "disagreement_sources"}
SOURCE_KEYS = _SOURCES


def holder_of(entry: str, names: list[str]) -> str:
    """The clean name of who holds a disagreement: '周秀英（社区居民代表）：……' -> '周秀英'.

    A listed participant's name found before the colon wins (longest first); otherwise the text
    before the colon without any bracketed role, so a letter is never addressed to '周秀英（社区…'."""
    head, colon, _ = _partition(entry.strip())
    if not colon or len(head) > 40:
        return ""
    for name in sorted(names, key=len, reverse=True):
        if name and name in head:
            return name
    clean = re.split(r"[（(]", head, maxsplit=1)[0].strip()
    return clean if 1 < len(clean) <= 12 else ""


def _partition(entry: str) -> tuple[str, str, str]:
    match = re.search(r"[：:]", entry)
    if not match:
        return entry, "", ""
    return entry[: match.start()], match.group(0), entry[match.end():]


def dissenters_of(draft: MinutesDraft) -> list[str]:
    """The people the explanation letters go to, in the order the minutes list them."""
    if not draft.has_disagreements:
        return []
    names = [p.name for p in draft.participants]
    found = [holder_of(entry, names) for entry in draft.disagreements]
    return list(dict.fromkeys(name for name in found if name))


def aligned(draft: MinutesDraft) -> MinutesDraft:
    """Source lists as long as their items (older records and model drafts have none)."""
    update = {}
    for items_key, sources_key in _SOURCES.items():
        items, sources = getattr(draft, items_key), getattr(draft, sources_key)
        if items_key == "disagreements" and not draft.has_disagreements:
            items = []
        if len(sources) != len(items):
            update[sources_key] = [*sources[: len(items)], *[[] for _ in range(len(items) - len(sources))]]
    views = []
    for view in draft.views:
        if len(view.sources) != len(view.points):
            view = view.model_copy(update={"sources": [*view.sources[: len(view.points)],
                                                       *[[] for _ in range(len(view.points) - len(view.sources))]]})
        views.append(view)
    update["views"] = views
    return draft.model_copy(update=update)


def sources_of(draft: MinutesDraft, section: str) -> list[list[SourceRef]]:
    """The 原文依据 of each item of a list section, parallel to its items."""
    draft = aligned(draft)
    if section == "actions":
        return [action.sources for action in draft.actions]
    if section in _SOURCES:
        items = getattr(draft, section)
        if section == "disagreements" and not draft.has_disagreements:
            return []
        return getattr(draft, _SOURCES[section])[: len(items)]
    return []


ITEM_SECTIONS = ("participants", "consensus", "disagreements", "actions")


def _items(draft: MinutesDraft, section: str) -> list:
    items = list(getattr(draft, section))
    return [] if section == "disagreements" and not draft.has_disagreements else items


def _with_items(draft: MinutesDraft, section: str, items: list, sources: list | None) -> MinutesDraft:
    update: dict = {section: [item.model_dump() if hasattr(item, "model_dump") else item for item in items]}
    if section in _SOURCES and sources is not None:
        update[_SOURCES[section]] = sources
    if section == "disagreements" and not items:
        update = {section: [NO_DISAGREEMENT], _SOURCES[section]: []}
    return MinutesDraft.model_validate({**draft.model_dump(), **update})


def item_count(draft: MinutesDraft, section: str) -> int:
    return len(_items(draft, section))


def delete_item(draft: MinutesDraft, section: str, number: int) -> MinutesDraft:
    """Removes item `number` (1-based) with its 原文依据; IndexError when there is no such item."""
    draft = aligned(draft)
    items = _items(draft, section)
    if not 1 <= number <= len(items):
        raise IndexError(number)
    sources = list(getattr(draft, _SOURCES[section])) if section in _SOURCES else None
    del items[number - 1]
    if sources is not None:
        del sources[number - 1]
    return _with_items(draft, section, items, sources)


def replace_item(draft: MinutesDraft, section: str, number: int, value) -> MinutesDraft:
    """Puts `value` in place of item `number`; the item keeps its 原文依据 (staff corrected its wording)."""
    draft = aligned(draft)
    items = _items(draft, section)
    if not 1 <= number <= len(items):
        raise IndexError(number)
    if section == "actions":
        value = {**value, "sources": [s.model_dump() for s in items[number - 1].sources]}
    items[number - 1] = value
    return _with_items(draft, section, items, None)


def add_item(draft: MinutesDraft, section: str, value) -> MinutesDraft:
    """Appends an item typed by staff; it has no 原文依据."""
    draft = aligned(draft)
    items = _items(draft, section)
    sources = [*getattr(draft, _SOURCES[section])[: len(items)], []] if section in _SOURCES else None
    return _with_items(draft, section, [*items, value], sources)


def _topic_of(title: str) -> str:
    core = re.sub(r"^关于", "", title.strip())
    core = re.sub(r"的?(?:院坝|专题|现场|线上)?(?:协商)?(?:议事)?(?:会议|会)?(?:纪要|记录)$", "", core)
    return core.strip("“”\"") or title.strip()


def finalise(draft: MinutesDraft, keep_summary: bool = False) -> MinutesDraft:
    """The 定稿: summary and counts from the final content, dissenters from the final 分歧意见.

    `keep_summary` keeps a summary staff wrote themselves (their words, their responsibility)."""
    draft = aligned(draft)
    if not draft.has_disagreements:
        draft = draft.model_copy(update={"disagreements": [NO_DISAGREEMENT], "disagreement_sources": []})
    # A time limit edited by staff gets its date again, counted from the meeting day.
    meeting_day = _meeting_day(draft)
    actions = [a.model_copy(update={"due_date": resolve_due(a.due, meeting_day)}) for a in draft.actions]
    draft = draft.model_copy(update={"dissenters": dissenters_of(draft), "actions": actions})
    if not keep_summary:
        speakers = len([view for view in draft.views if view.points])
        # The drafted summary names the topic as the record gave it; keep that wording.
        said = re.search(r"围绕“(.+?)”进行协商", draft.summary)
        topic = said.group(1) if said else _topic_of(draft.title)
        draft = draft.model_copy(update={"summary": build_summary(draft, topic, speakers)})
    return draft


def _meeting_day(draft: MinutesDraft) -> date | None:
    """The 时间 as written when it is a full date (staff may have corrected it), else the day the
    drafter settled (its year taken from the record, the linked consultation or the drafting day)."""
    if day := find_date(draft.date or ""):
        return day
    settled = _iso(draft.meeting_day)
    written = _MONTH_DAY.search(draft.date or "")
    if settled and (not written or (int(written.group(1)), int(written.group(2))) == (settled.month, settled.day)):
        return settled
    return None


_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})[日号]")
_DRAFTING_DAY_BASIS = "记录未写年份，按起草当日"


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def settle_meeting_day(draft: MinutesDraft, reference_day: date | None = None, today: date | None = None) -> MinutesDraft:
    """A record dated "11月18日" with no year anywhere gets its year said out loud, not guessed silently:
    the linked consultation's date first, else the day of drafting (the latest such day not after
    it, since minutes are drafted after the meeting). The time limits are then dated from it and
    `meeting_day_basis` tells the reviewer where the year came from."""
    if reference_day is not None and draft.meeting_day_basis.startswith(_DRAFTING_DAY_BASIS):
        draft = draft.model_copy(update={"meeting_day": "", "meeting_day_basis": ""})  # a guess gives way
    if _meeting_day(draft) is not None or not (written := _MONTH_DAY.search(draft.date or "")):
        return draft
    month, day = int(written.group(1)), int(written.group(2))
    settled, basis = None, ""
    if reference_day is not None:
        settled = nearest_year(month, day, [reference_day])
        if settled:
            basis = (f"记录未写年份，按关联协商活动的日期（{reference_day.year}年{reference_day.month}月"
                     f"{reference_day.day}日）确定为{settled.year}年")
    if settled is None and today is not None:
        for year in (today.year, today.year - 1):
            candidate = _safe(year, month, day)
            if candidate and candidate <= today + timedelta(days=7):
                settled = candidate
                break
        if settled:
            basis = f"{_DRAFTING_DAY_BASIS}（{today.year}年{today.month}月{today.day}日）推定为{settled.year}年，请核对"
    if settled is None:
        return draft
    actions = [a.model_copy(update={"due_date": resolve_due(a.due, settled)}) for a in draft.actions]
    return draft.model_copy(update={"meeting_day": settled.isoformat(), "meeting_day_basis": basis, "actions": actions})


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
