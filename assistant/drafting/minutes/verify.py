"""Checking a model's minutes against the transcript, item by item.

A model writes better prose but may invent an owner, a date or a dissenter. Every name, owner
and time limit it gives must occur in the transcript; an item that fails is dropped and the
offline drafter's item for the same thing is kept instead. System-made fields (原文依据, resolved
dates, the dissenter list) are never taken from the model.
"""

from __future__ import annotations

import logging
import re

from assistant.drafting.minutes.final import dissenters_of, holder_of
from assistant.drafting.schemas import DUE_UNSPECIFIED, NO_DISAGREEMENT, ActionItem, MinutesDraft
from assistant.drafting.sentences import bigram_similarity

log = logging.getLogger(__name__)

_DATE_WORDS = re.compile(r"\d{1,4}\s*[年月日号]|[一二三四五六七八九十两]+(?:个)?(?:周|天|月|工作日)内")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _occurs(value: str, flat_transcript: str) -> bool:
    return bool(value) and _flat(value) in flat_transcript


def _same_action(a: ActionItem, b: ActionItem) -> bool:
    same_owner = a.owner in b.owner or b.owner in a.owner
    return same_owner and (a.due == b.due or bigram_similarity(a.task, b.task) >= 0.5)


def _dates_occur(text: str, flat_transcript: str) -> bool:
    """Every date or time limit written in a sentence occurs in the transcript."""
    return all(_flat(match.group(0)) in flat_transcript for match in _DATE_WORDS.finditer(text))


def checked(model: MinutesDraft, offline: MinutesDraft, transcript: str) -> MinutesDraft:
    """The model's draft with every unverifiable item replaced by the offline drafter's."""
    flat = _flat(transcript)

    kept_actions: list[ActionItem] = []
    for action in model.actions:
        due_ok = action.due == DUE_UNSPECIFIED or _occurs(action.due, flat)
        if _occurs(action.owner, flat) and due_ok:
            twin = next((o for o in offline.actions if _same_action(action, o)), None)
            kept_actions.append(action.model_copy(update={
                "due_date": twin.due_date if twin and twin.due == action.due else "",
                "sources": twin.sources if twin else [],
            }))
        else:
            log.info("model action dropped (owner or time limit not in the transcript): %s / %s", action.owner, action.due)
    for action in offline.actions:  # what the model lost or got wrong, the offline draft still has
        if not any(_same_action(action, kept) for kept in kept_actions):
            kept_actions.append(action)

    names = [p.name for p in offline.participants] + [p.name for p in model.participants]
    kept_dissent: list[str] = []
    kept_dissent_sources = []
    for entry in model.disagreements if model.has_disagreements else []:
        holder = holder_of(entry, names)
        if holder and _occurs(holder, flat) and _dates_occur(entry, flat):
            twin = next((i for i, e in enumerate(offline.disagreements) if holder_of(e, names) == holder), None)
            kept_dissent.append(entry)
            kept_dissent_sources.append(offline.disagreement_sources[twin] if twin is not None
                                        and twin < len(offline.disagreement_sources) else [])
        else:
            log.info("model disagreement dropped (holder not in the transcript): %s", entry[:40])
    held = {holder_of(e, names) for e in kept_dissent}
    for index, entry in enumerate(offline.disagreements if offline.has_disagreements else []):
        if holder_of(entry, names) not in held:  # a dissenter is never lost (三（七）)
            kept_dissent.append(entry)
            kept_dissent_sources.append(offline.disagreement_sources[index]
                                        if index < len(offline.disagreement_sources) else [])

    consensus = [c for c in model.consensus if _dates_occur(c, flat)] or offline.consensus
    consensus_sources = offline.consensus_sources if consensus is offline.consensus else [[] for _ in consensus]

    draft = model.model_copy(update={
        "actions": kept_actions,
        "disagreements": kept_dissent or [NO_DISAGREEMENT],
        "disagreement_sources": kept_dissent_sources,
        "consensus": consensus,
        "consensus_sources": consensus_sources,
        "views": [v.model_copy(update={"sources": []}) for v in model.views],
        # The meeting day and its basis are read from the record by rules, never by the model.
        "meeting_day": offline.meeting_day,
        "meeting_day_basis": offline.meeting_day_basis,
    })
    return draft.model_copy(update={"dissenters": dissenters_of(draft)})
