"""What a flow is made of: messages in and out, steps, and the flow declaration itself.

A flow is data: an ordered tuple of Steps plus a `finish` function that writes the records.
The engine (engine.py) is the only code that walks steps, so every flow gets /cancel, /back,
/help, /skip, re-asking with a reason and resuming after a restart for free.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from assistant.storage.models import Person

if TYPE_CHECKING:
    from assistant.bootstrap import Services

# --- messages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserRef:
    """Who is talking, as the channel knows them."""

    channel: str
    external_id: str
    display_name: str | None = None


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    # Filled by the engine before the turn's transaction (flows/inputs.py): the decoded text,
    # or the Chinese reason it could not be read.
    text: str | None = None
    problem: str | None = None


@dataclass(frozen=True)
class Incoming:
    """One user turn: typed text, a pressed button (its callback data), or an uploaded file."""

    text: str = ""
    button: str | None = None
    upload: Upload | None = None
    # The channel's id of this update (Telegram update_id): a redelivered update is ignored.
    update_key: str | None = None


@dataclass(frozen=True)
class Choice:
    label: str
    value: str


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    mime: str = "application/octet-stream"


@dataclass
class Reply:
    text: str
    choices: list[Choice] = field(default_factory=list)
    # Channels prefix button data with this scope so a stale button can be recognised.
    choice_scope: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    # Ways forward that run a command ("/research 5"): buttons on Telegram, a hint in the terminal.
    # Unlike `choices` they do not answer the open question.
    actions: list[Choice] = field(default_factory=list)


# --- steps ------------------------------------------------------------------------------------


class InputKind(StrEnum):
    TEXT = "text"  # free text; `choices`, if any, are suggestions that a number can pick
    CHOICE = "choice"  # exactly one of `choices`
    YES_NO = "yes_no"
    INTEGER = "integer"
    DATE = "date"
    DATETIME = "datetime"  # a date with a time of day: 12月20日下午2点
    DOCUMENT = "document"  # an uploaded file or pasted text


class KnowledgeLoading(Exception):  # noqa: N818 — a signal, not an error
    """Raised by a turn that needs the knowledge base while it is still loading after a start.

    The engine rolls the turn back, waits for the loading to finish outside any transaction
    (a turn must not hold SQLite's write lock for seconds), then runs the turn again.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Invalid(Exception):
    """Raised by a parser or validator; `reason` is told to the user before asking again.

    `actions` are commands that lead out of the refusal (e.g. /research 5 when research is open).
    """

    def __init__(self, reason: str, actions: Sequence[Choice] = ()):
        super().__init__(reason)
        self.reason = reason
        self.actions = list(actions)


@dataclass
class FlowContext:
    """What a step's callbacks may see and use during one turn (all inside one transaction)."""

    session: Session
    person: Person
    answers: dict[str, Any]
    services: Services
    now: datetime
    # A finish function may ask the engine to start another flow right away (the main menu does).
    follow_up: str | None = None
    # True while the question is asked again after an invalid answer: nothing changed, so a
    # question may leave out what the user has just seen (the research checklist).
    reasking: bool = False
    # False on the second run of a turn that already waited for the knowledge base to load.
    may_wait_for_knowledge: bool = True
    # Work that must only happen once the records are committed (e.g. indexing into Chroma,
    # which is not part of the database transaction). Failures there are logged, not shown.
    after_commit: list[Callable[[], None]] = field(default_factory=list)


Text = str | Callable[[FlowContext], str]
Choices = Sequence[Choice] | Callable[[FlowContext], Sequence[Choice]]

END = "__end__"


# A text answer at least this long may come as a file: findings, lists, letters, minutes edits.
LONG_TEXT_CHARS = 1_000


@dataclass(frozen=True)
class Step:
    key: str
    question: Text
    kind: InputKind = InputKind.TEXT
    choices: Choices = ()
    # Returns the cleaned value to store (JSON-serialisable) or raises Invalid.
    validate: Callable[[Any, FlowContext], Any] | None = None
    # None: the following step; a key; END; or a function of the context returning one of those.
    next: str | Callable[[FlowContext], str | None] | None = None
    # A step whose condition is false is passed over (and not recorded in the history).
    when: Callable[[FlowContext], bool] | None = None
    # Writes records as soon as this step is answered, in the same transaction as the new state
    # (e.g. ticking a research item). May raise RuleViolation: the question is asked again.
    effect: Callable[[FlowContext], None] | None = None
    optional: bool = False
    max_chars: int = 200
    # An uploaded .txt/.docx (/file in the terminal) answers the step as if its text were pasted.
    # None: every text step that takes long text (max_chars ≥ LONG_TEXT_CHARS) accepts one.
    accepts_file: bool | None = None
    hint: str = ""
    # A valid answer: shown nowhere, but the shared flow contract test walks every flow with it.
    example: str = "1"


@dataclass(frozen=True)
class Flow:
    name: str
    title: str
    summary: str
    steps: tuple[Step, ...]
    finish: Callable[[FlowContext], list[Reply]]
    # Returns a Chinese reason when this person may not start the flow.
    refuse: Callable[[FlowContext], str | None] | None = None
    # Prepares answers before the first step (e.g. from command arguments or existing records).
    begin: Callable[[FlowContext, str], None] | None = None
    # Shown in the command menu; flows reached only from other flows leave it empty.
    command: str | None = None
    # "3/9" in the question's header. A flow that loops around a menu (the research checklist)
    # has no fixed length, so it shows none.
    counted: bool = True
    # A flow that comes back to its first step after each record (/actions) ends when this is
    # answered there; the flow contract test uses it to leave the loop.
    loop_exit: str | None = None

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(f"{self.name} has no step {key!r}")

    def following(self, key: str) -> str:
        keys = [s.key for s in self.steps]
        index = keys.index(key)
        return keys[index + 1] if index + 1 < len(keys) else END


@dataclass(frozen=True)
class Command:
    """A one-shot command that answers at once and leaves any open flow as it was (/ask, /me)."""

    name: str
    summary: str
    run: Callable[[FlowContext, str], list[Reply]]
