"""The dialogue engine: one user turn in, replies out, state saved with the records.

`handle()` opens one transaction per turn: it loads (and locks) the user's conversation row,
walks the declared flow one step, lets the flow write its records, saves the new state and
commits — all or nothing. A crash at any point leaves the user at the step they were on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from assistant import texts
from assistant.domain.choices import label_index
from assistant.domain.counts import parse_count
from assistant.domain.dates import MissingTime, parse_date, parse_datetime
from assistant.domain.questions import looks_like_question
from assistant.domain.rules import RuleViolation, normalise_for_matching
from assistant.flows import inputs
from assistant.flows.access import OPEN_TO_ALL, AccessPolicy
from assistant.flows.base import (
    END,
    LONG_TEXT_CHARS,
    Choice,
    Command,
    Flow,
    FlowContext,
    Incoming,
    InputKind,
    Invalid,
    KnowledgeLoading,
    Reply,
    Step,
    UserRef,
)
from assistant.services import notifications, people
from assistant.storage.db import Database
from assistant.storage.idempotency import claim_update
from assistant.storage.models import Conversation, Notification, Person
from assistant.storage.types import local_now

log = logging.getLogger(__name__)

YES_WORDS = {"是", "是的", "对", "确认", "确定", "好", "好的", "同意", "提交", "y", "yes", "1"}
NO_WORDS = {"否", "不", "不是", "不对", "取消", "不同意", "n", "no", "2"}
YES_NO_CHOICES = (Choice("是", "yes"), Choice("否", "no"))
# Flows put aside at once; one more command for another flow is refused until one is finished.
MAX_SUSPENDED = 3
# Flows that hold nothing worth keeping when the user moves on (a menu, the question mode).
STATELESS_FLOWS = frozenset({"menu", "qa"})
# Loading the index after a start takes a few seconds (more when it is built the first time).
KNOWLEDGE_WAIT_SECONDS = 30.0


# Every turn of someone who has talked before starts with this one statement (built once; each
# statement costs a turn about half a millisecond): their person, their conversation, locked,
# and whether notifications wait for them.
_KNOWN_USER = (
    select(
        Person,
        Conversation,
        exists().where(Notification.person_id == Person.id, Notification.delivered_at.is_(None)),
    )
    .join(Conversation, and_(Conversation.channel == Person.channel, Conversation.external_id == Person.external_id))
    .where(Person.channel == bindparam("channel"), Person.external_id == bindparam("external_id"))
    # FOR UPDATE serialises two processes working on the same user (PostgreSQL; SQLite locks on BEGIN).
    .with_for_update(of=Conversation)
)


@dataclass
class _Turn:
    """Everything one turn works on; lives only inside the transaction."""

    ctx: FlowContext
    convo: Conversation
    has_mail: bool = False  # undelivered notifications were waiting when the turn began


class DialogueEngine:
    def __init__(
        self,
        db: Database,
        services: Any,
        flows: Sequence[Flow],
        commands: Sequence[Command] = (),
        *,
        max_message_chars: int = 20_000,
        access: AccessPolicy = OPEN_TO_ALL,
        clock=local_now,
        knowledge_wait: float = KNOWLEDGE_WAIT_SECONDS,
    ):
        self.db = db
        self.services = services
        self.flows = {flow.name: flow for flow in flows}
        self.commands = {command.name: command for command in commands}
        self.flow_commands = {flow.command: flow for flow in flows if flow.command}
        self.max_message_chars = max_message_chars
        self.access = access
        self.clock = clock
        # How long a question asked right after a start waits for the knowledge base to load
        # (outside the turn's transaction) before being told it is still loading.
        self.knowledge_wait = knowledge_wait

    # --- public ---------------------------------------------------------------------------

    def handle(self, user: UserRef, incoming: Incoming) -> list[Reply]:
        """Runs one turn for one user and returns what to show them. Never raises."""
        try:
            # Before the transaction: cleaning the input and decoding an upload hold no lock.
            incoming = inputs.prepare(incoming)
            user = inputs.clean_user(user)
        except Exception:
            log.exception("could not prepare the input of %s:%s", user.channel, user.external_id)
            return [Reply(texts.INTERNAL_ERROR), *self._safe_reprompt(user)]
        try:
            return self._handle(user, incoming, may_wait=True)
        except KnowledgeLoading:
            # Rolled back: wait for the knowledge base outside any transaction, then run the
            # turn again (it answers, or says it is still loading once the wait is used up).
            wait = getattr(self.services, "wait_for_knowledge", None)
            if wait is not None:
                wait(self.knowledge_wait)
            return self._handle(user, incoming, may_wait=False)

    def _handle(self, user: UserRef, incoming: Incoming, *, may_wait: bool) -> list[Reply]:
        for attempt in (1, 2):
            try:
                with self.db.transaction() as session:
                    if self._seen_before(session, user, incoming):
                        return []
                    turn = self._open_turn(session, user)
                    turn.ctx.may_wait_for_knowledge = may_wait
                    replies = self._dispatch(turn, incoming) + self._notifications(turn)
                self._run_after_commit(turn.ctx)
                return replies
            except KnowledgeLoading:
                if may_wait:
                    raise
                log.exception("a turn asked to wait for the knowledge base twice")
                break
            except (StaleDataError, IntegrityError):
                # Another process handled a message of the same user in between (or created the same
                # new user's rows first, before any row existed to lock): run again on fresh state.
                if attempt == 2:
                    log.exception("conversation of %s changed twice underneath us", user)
            except Exception:
                log.exception("turn failed for %s:%s", user.channel, user.external_id)
                break
        return [Reply(texts.INTERNAL_ERROR), *self._safe_reprompt(user)]

    @staticmethod
    def _seen_before(session: Session, user: UserRef, incoming: Incoming) -> bool:
        """Records the update as applied; True when it already was (same transaction as its effects)."""
        if incoming.update_key is None or claim_update(session, user.channel, incoming.update_key):
            return False
        log.info("ignoring redelivered update %s:%s", user.channel, incoming.update_key)
        return True

    @staticmethod
    def _run_after_commit(ctx: FlowContext) -> None:
        for task in ctx.after_commit:
            try:
                task()
            except Exception:
                log.exception("after-commit task failed; the records are saved, the side effect is not")

    def resume(self, user: UserRef) -> list[Reply]:
        """What to show when a user comes back (a channel starts): the open question, or a welcome."""
        user = inputs.clean_user(user)
        try:
            with self.db.transaction() as session:
                turn = self._open_turn(session, user)
                flow = self._current_flow(turn)
                if flow is None:
                    return [self._welcome(turn), *self._notifications(turn)]
                step = flow.step(turn.convo.step)
                resumed = [Reply(texts.RESUMED.format(title=flow.title)), self._ask(flow, step, turn)]
                return self._notifications(turn) + resumed
        except Exception:
            log.exception("resume failed for %s:%s", user.channel, user.external_id)
            return [Reply(texts.INTERNAL_ERROR)]

    def state_of(self, user: UserRef) -> tuple[str | None, str | None, dict[str, Any]]:
        """(flow, step, answers) of a user, for tests and diagnostics."""
        with self.db.transaction() as session:
            convo = self._conversation(session, user)
            return convo.flow, convo.step, dict(convo.answers)

    # --- turn set-up ----------------------------------------------------------------------

    def _open_turn(self, session: Session, user: UserRef) -> _Turn:
        loaded = self._load_known_user(session, user)
        if loaded is None:  # first contact, or a person others registered (mail may wait for them)
            person = people.find_person(session, user.channel, user.external_id)
            registered = person is not None
            if person is None:
                person = people.add_person(session, user.channel, user.external_id, user.display_name)
            loaded = person, self._conversation(session, user), registered
        person, convo, has_mail = loaded
        session.info["actor_id"] = person.id
        session.info["actor"] = people.person_label(person)
        ctx = FlowContext(
            session=session, person=person, answers=dict(convo.answers), services=self.services, now=self.clock()
        )
        return _Turn(ctx, convo, has_mail)

    @staticmethod
    def _load_known_user(session: Session, user: UserRef) -> tuple[Person, Conversation, bool] | None:
        row = session.execute(_KNOWN_USER, {"channel": user.channel, "external_id": user.external_id}).first()
        return (row[0], row[1], bool(row[2])) if row else None

    def _conversation(self, session: Session, user: UserRef) -> Conversation:
        query = select(Conversation).where(
            Conversation.channel == user.channel, Conversation.external_id == user.external_id
        )
        convo = session.scalar(query.with_for_update())
        if convo is None:
            # Inserted at the next flush, not now; a second process creating the same row meanwhile
            # makes that flush fail, and handle() runs the turn again on that row.
            convo = Conversation(channel=user.channel, external_id=user.external_id, answers={}, history=[])
            session.add(convo)
        return convo

    def _notifications(self, turn: _Turn) -> list[Reply]:
        """Delivers what others left for this person (approval requests, decisions) with this turn."""
        if not (turn.has_mail or notifications.notified_in(turn.ctx.session, turn.ctx.person)):
            return []  # the usual case, known without another query
        return [
            Reply(f"🔔 {n.text}" + (f"\n（可发送 {n.action} 办理）" if n.action else ""))
            for n in notifications.take_undelivered(turn.ctx.session, turn.ctx.person)
        ]

    def _current_flow(self, turn: _Turn) -> Flow | None:
        convo = turn.convo
        if convo.flow is None:
            return None
        flow = self.flows.get(convo.flow)
        if flow is None or convo.step not in {s.key for s in flow.steps}:
            # The flow or step was removed by an upgrade: start over rather than fail forever.
            log.warning("dropping stale conversation state %s/%s", convo.flow, convo.step)
            self._clear(turn)
            return None
        return flow

    # --- dispatch -------------------------------------------------------------------------

    def _dispatch(self, turn: _Turn, incoming: Incoming) -> list[Reply]:
        flow = self._current_flow(turn)
        if len(incoming.text) > self.max_message_chars:
            return self._with_question(
                turn, flow, texts.MESSAGE_TOO_LONG.format(n=len(incoming.text), limit=self.max_message_chars)
            )
        if incoming.button is not None:
            return self._on_button(turn, flow, incoming.button)
        text = incoming.text.strip()  # already cleaned by inputs.prepare
        if text.startswith(("/", "／")) and incoming.upload is None:
            name, _, args = text[1:].partition(" ")
            return self._on_command(turn, flow, name.strip().lower(), args.strip())
        idle = flow is None or flow.name == "menu"
        if idle and incoming.upload is None and "ask" in self.commands and looks_like_question(text):
            # "你好，我想问一下停车的事" outside any flow is a question, not a wrong menu choice.
            if flow is not None:
                self._clear(turn)
            return self._run_command(turn, self.commands["ask"], text) + [Reply(texts.ANSWERED_AS_QUESTION)]
        if flow is None:
            if incoming.upload is not None:
                return [Reply(texts.UPLOAD_WITHOUT_FLOW), self._welcome(turn)]
            return self._start(turn, self.flows["menu"], "", prefix=texts.IDLE_TEXT if text else None)
        return self._answer(turn, flow, flow.step(turn.convo.step), text, incoming)

    def _on_button(self, turn: _Turn, flow: Flow | None, data: str) -> list[Reply]:
        scope, _, value = data.rpartition("|")
        if flow is None or scope != self._scope(flow, turn.convo.step):
            return self._with_question(turn, flow, texts.STALE_BUTTON)
        step = flow.step(turn.convo.step)
        return self._answer(turn, flow, step, value, Incoming(text=value))

    def _on_command(self, turn: _Turn, flow: Flow | None, name: str, args: str) -> list[Reply]:
        if name in ("start", "menu"):
            if args and flow is None:
                return self._redeem(turn, args)
            if flow is not None:
                return self._with_question(turn, flow, texts.BUSY_IN_FLOW.format(title=flow.title))
            return [self._welcome(turn)] if name == "start" else self._start(turn, self.flows["menu"], "")
        if name == "help":
            return [self._help(turn, flow)]
        if name == "join":
            return self._redeem(turn, args)
        if name in ("cancel", "back", "skip") and flow is None:
            return [Reply(texts.NOTHING_TO_CANCEL if name == "cancel" else texts.NOT_IN_FLOW)]
        if name == "cancel":
            self._clear(turn)
            if resumed := self._resume_suspended(turn):
                return [Reply(texts.CANCELLED_SHORT.format(title=flow.title)), *resumed]
            return [Reply(texts.CANCELLED.format(title=flow.title))]
        if name == "back":
            return self._back(turn, flow)
        if name == "skip":
            return self._skip(turn, flow)
        known = name in self.commands or name in self.flow_commands
        if known and (refusal := self.access.refusal(turn.ctx.person, name)):
            return self._with_question(turn, flow, refusal)
        if name in self.commands:
            replies = self._run_command(turn, self.commands[name], args)
            follow_up, turn.ctx.follow_up = turn.ctx.follow_up, None
            if flow is None:
                return replies + (self._start(turn, self.flows[follow_up], "") if follow_up else [])
            if follow_up:
                replies.append(Reply(texts.BUSY_IN_FLOW.format(title=flow.title)))
            return replies + [self._ask(flow, flow.step(turn.convo.step), turn)]
        if name in self.flow_commands:
            target = self.flow_commands[name]
            if flow is not None and flow.name == target.name and not args:
                # Starting over would silently throw away what was typed so far.
                return self._with_question(turn, flow, texts.ALREADY_IN_FLOW.format(title=flow.title))
            if flow is not None and self._holds_work(turn, flow):
                return self._switch(turn, flow, target, args)
            return self._start(turn, target, args)
        shown = name if len(name) <= 20 else name[:20] + "…"
        return self._with_question(turn, flow, texts.UNKNOWN_COMMAND.format(name=shown))

    def _run_command(self, turn: _Turn, command: Command, args: str) -> list[Reply]:
        try:
            with turn.ctx.session.begin_nested():
                return command.run(turn.ctx, args)
        except RuleViolation as exc:
            return [Reply(exc.message)]

    def _redeem(self, turn: _Turn, code: str) -> list[Reply]:
        if not code:
            return [Reply(texts.JOIN_USAGE)]
        try:
            # No savepoint: a refused wrong code must stay recorded (it throttles guessing); the
            # service writes nothing else before it refuses.
            invite = people.redeem_invite(turn.ctx.session, turn.ctx.person, code)
        except RuleViolation as exc:
            return [Reply(exc.message)]
        reply = texts.JOINED.format(role=invite.role.label)
        if not turn.ctx.person.name:
            reply += texts.JOINED_NEEDS_PROFILE
        return [Reply(reply)]

    # --- putting a flow aside ---------------------------------------------------------------

    @staticmethod
    def _holds_work(turn: _Turn, flow: Flow) -> bool:
        return flow.name not in STATELESS_FLOWS and bool(turn.ctx.answers or turn.convo.history)

    def _switch(self, turn: _Turn, current: Flow, target: Flow, args: str) -> list[Reply]:
        """Puts the open flow aside and starts `target`; the open one comes back when that ends."""
        stack = list(turn.convo.suspended or [])
        if len(stack) >= MAX_SUSPENDED:
            return self._with_question(turn, current, texts.BUSY_IN_FLOW.format(title=current.title))
        snapshot = {
            "flow": current.name,
            "step": turn.convo.step,
            "answers": dict(turn.ctx.answers),
            "history": list(turn.convo.history),
        }
        # While `target` starts, older suspended flows stay out of reach: if it ends at once
        # (refused, or nothing to ask), the flow the user was in comes back, not an older one.
        turn.convo.suspended = []
        replies = self._start(turn, target, args)
        if turn.convo.flow == target.name:
            turn.convo.suspended = [*stack, snapshot]
            return [Reply(texts.FLOW_SUSPENDED.format(title=current.title, other=target.title)), *replies]
        turn.convo.suspended = [*stack, snapshot]
        return replies + self._resume_suspended(turn)

    def _resume_suspended(self, turn: _Turn) -> list[Reply]:
        """Brings back the newest flow put aside, if any, and asks its open question again."""
        stack = list(turn.convo.suspended or [])
        while stack:
            saved = stack.pop()
            flow = self.flows.get(saved.get("flow"))
            if flow is None or saved.get("step") not in {s.key for s in flow.steps}:
                log.warning("dropping a stale suspended flow %s/%s", saved.get("flow"), saved.get("step"))
                continue
            turn.convo.suspended = stack
            turn.convo.flow, turn.convo.step = flow.name, saved["step"]
            turn.convo.history = list(saved.get("history") or [])
            turn.ctx.answers = dict(saved.get("answers") or {})
            self._save(turn)
            step = flow.step(saved["step"])
            return [self._ask(flow, step, turn, prefix=texts.FLOW_RESUMING.format(title=flow.title))]
        turn.convo.suspended = []
        return []

    # --- walking a flow -------------------------------------------------------------------

    def _start(self, turn: _Turn, flow: Flow, args: str, prefix: str | None = None) -> list[Reply]:
        if refusal := self.access.refusal(turn.ctx.person, flow.command or flow.name):
            return [Reply(refusal)]
        if flow.refuse and (reason := flow.refuse(turn.ctx)):
            return [Reply(reason)]
        turn.ctx.answers = {}
        turn.convo.flow, turn.convo.step, turn.convo.history = flow.name, flow.steps[0].key, []
        try:
            if flow.begin:
                flow.begin(turn.ctx, args)
        except (Invalid, RuleViolation) as exc:
            self._clear(turn)
            return [Reply(getattr(exc, "reason", None) or exc.message)]
        first = self._applicable(flow, flow.steps[0].key, turn.ctx)
        replies = [Reply(prefix)] if prefix else []
        return replies + self._go_to(turn, flow, first)

    def _answer(self, turn: _Turn, flow: Flow, step: Step, text: str, incoming: Incoming) -> list[Reply]:
        try:
            value = self._parse(step, text, incoming, turn.ctx)
            if step.validate is not None:
                value = step.validate(value, turn.ctx)
        except Invalid as exc:
            turn.ctx.reasking = True
            asked = self._ask(flow, step, turn, prefix=f"⚠️ {exc.reason}")
            asked.actions = list(exc.actions)
            return [asked]
        turn.ctx.answers[step.key] = value
        if step.effect is not None:
            try:
                with turn.ctx.session.begin_nested():
                    step.effect(turn.ctx)
            except RuleViolation as exc:
                turn.ctx.answers.pop(step.key, None)
                turn.ctx.reasking = True
                return [self._ask(flow, step, turn, prefix=f"⚠️ {exc.message}")]
        turn.convo.history = [*turn.convo.history, step.key]
        return self._advance(turn, flow, step)

    def _advance(self, turn: _Turn, flow: Flow, step: Step) -> list[Reply]:
        target = step.next(turn.ctx) if callable(step.next) else step.next
        if target is None:
            target = flow.following(step.key)
        if target != END:
            if target == flow.steps[0].key:
                turn.convo.history = []  # starting over (e.g. "no, let me correct it")
            elif target in turn.convo.history:
                # Going back to an earlier step ("不对，重新填写" at the confirmation jumps to the
                # second step): /back from there goes to what came before it, not to the
                # confirmation, whose question needs the answers being filled in again.
                turn.convo.history = turn.convo.history[: turn.convo.history.index(target)]
            target = self._applicable(flow, target, turn.ctx)
        return self._go_to(turn, flow, target)

    def _applicable(self, flow: Flow, key: str, ctx: FlowContext) -> str:
        """The first step from `key` on whose condition holds, or END."""
        while key != END:
            step = flow.step(key)
            if step.when is None or step.when(ctx):
                return key
            key = flow.following(key)
        return END

    def _go_to(self, turn: _Turn, flow: Flow, key: str) -> list[Reply]:
        if key != END:
            turn.convo.step = key
            self._save(turn)
            return [self._ask(flow, flow.step(key), turn)]
        return self._finish(turn, flow)

    def _finish(self, turn: _Turn, flow: Flow) -> list[Reply]:
        try:
            # A savepoint: a refused finish leaves no half-written records, but keeps the answers.
            with turn.ctx.session.begin_nested():
                replies = flow.finish(turn.ctx)
        except RuleViolation as exc:
            last = turn.convo.history[-1] if turn.convo.history else flow.steps[0].key
            turn.convo.step = last
            turn.convo.history = turn.convo.history[:-1]
            self._save(turn)
            return [Reply(exc.message), self._ask(flow, flow.step(last), turn)]
        follow_up = turn.ctx.follow_up
        self._clear(turn)
        if follow_up:
            turn.ctx.follow_up = None
            return replies + self._start(turn, self.flows[follow_up], "")
        return replies + self._resume_suspended(turn)

    def _back(self, turn: _Turn, flow: Flow) -> list[Reply]:
        history = list(turn.convo.history)
        turn.ctx.answers.pop(turn.convo.step, None)
        while history:
            previous = history.pop()
            step = flow.step(previous)
            # A step that no longer applies (its records exist now) is not asked again.
            if step.when is None or step.when(turn.ctx):
                turn.convo.history, turn.convo.step = history, previous
                self._save(turn)
                return [self._ask(flow, step, turn, prefix=texts.WENT_BACK)]
        return [self._ask(flow, flow.step(turn.convo.step), turn, prefix=texts.AT_FIRST_STEP)]

    def _skip(self, turn: _Turn, flow: Flow) -> list[Reply]:
        step = flow.step(turn.convo.step)
        if not step.optional:
            return [self._ask(flow, step, turn, prefix=f"⚠️ {texts.CANNOT_SKIP}")]
        turn.ctx.answers[step.key] = None
        turn.convo.history = [*turn.convo.history, step.key]
        return self._advance(turn, flow, step)

    def _save(self, turn: _Turn) -> None:
        turn.convo.answers = dict(turn.ctx.answers)

    def _clear(self, turn: _Turn) -> None:
        turn.convo.flow = turn.convo.step = None
        turn.convo.answers, turn.convo.history = {}, []
        turn.ctx.answers = {}

    # --- parsing answers ------------------------------------------------------------------

    def _parse(self, step: Step, text: str, incoming: Incoming, ctx: FlowContext) -> Any:
        if step.kind is InputKind.DOCUMENT:
            return self._parse_document(step, text, incoming)
        if incoming.upload is not None:
            text = self._file_as_text(step, incoming)
        if not text:
            raise Invalid(texts.EMPTY_ANSWER)
        if len(text) > step.max_chars:
            raise Invalid(texts.ANSWER_TOO_LONG.format(n=len(text), limit=step.max_chars))
        if step.kind is InputKind.CHOICE:
            return self._match_choice(text, self._choices(step, ctx), strict=True)
        if step.kind is InputKind.YES_NO:
            word = normalise_for_matching(text).rstrip("。.!！")
            word = word[1:] if word in ("=yes", "=no") else word  # a pressed button carries "=value"
            if word in YES_WORDS:
                return True
            if word in NO_WORDS:
                return False
            raise Invalid(texts.YES_NO_EXPECTED)
        if step.kind is InputKind.INTEGER:
            # Counts as people write them (约486户、四百多户); the range check keeps the column's limits.
            if not inputs.is_number(text) and len(text) > 40:
                raise Invalid(texts.INTEGER_EXPECTED)
            try:
                number = parse_count(text)
            except ValueError:
                raise Invalid(texts.INTEGER_EXPECTED) from None
            if inputs.parse_number(str(number)) is None:
                raise Invalid(texts.INTEGER_EXPECTED)
            return number
        if step.kind is InputKind.DATE:
            try:
                return parse_date(text, ctx.now.date()).isoformat()
            except ValueError:
                raise Invalid(texts.DATE_EXPECTED) from None
        if step.kind is InputKind.DATETIME:
            try:
                return parse_datetime(text, ctx.now).isoformat(timespec="minutes")
            except MissingTime:
                raise Invalid(texts.TIME_MISSING) from None
            except ValueError:
                raise Invalid(texts.DATETIME_EXPECTED) from None
        suggestions = self._choices(step, ctx)
        if suggestions:
            return self._match_choice(text, suggestions, strict=False)
        return text

    @staticmethod
    def _file_as_text(step: Step, incoming: Incoming) -> str:
        """The text of an uploaded file, for a step that takes long text (a pasted list, a letter)."""
        takes_file = step.accepts_file
        if takes_file is None:
            takes_file = step.kind is InputKind.TEXT and step.max_chars >= LONG_TEXT_CHARS
        if not takes_file:
            raise Invalid(texts.UPLOAD_NOT_EXPECTED)
        upload = inputs.decode_upload(incoming.upload)  # done already when the turn came in
        if upload.problem is not None:
            raise Invalid(upload.problem)
        return (upload.text or "").strip()

    def _parse_document(self, step: Step, text: str, incoming: Incoming) -> dict[str, str]:
        if incoming.upload is not None:
            upload = inputs.decode_upload(incoming.upload)  # done already when the turn came in
            if upload.problem is not None:
                raise Invalid(upload.problem)
            content, filename = upload.text or "", upload.filename
        else:
            content, filename = text, ""
        if not content:
            raise Invalid(texts.EMPTY_ANSWER)
        if len(content) > step.max_chars:
            raise Invalid(texts.ANSWER_TOO_LONG.format(n=len(content), limit=step.max_chars))
        return {"filename": filename, "text": content}

    @staticmethod
    def _match_choice(text: str, choices: Sequence[Choice], *, strict: bool) -> str:
        wanted = normalise_for_matching(text).rstrip("。.")
        # A button carries "=value" (the list may have changed since it was drawn); "#5" names topic 5.
        if wanted[:1] in ("=", "#") and len(wanted) > 1:
            match = next((c.value for c in choices if normalise_for_matching(c.value) == wanted[1:]), None)
            if match is not None:
                return match
            if wanted[0] == "=":
                raise Invalid(texts.CHOICE_GONE)
        number = inputs.parse_number(wanted, low=1, high=len(choices))
        if number is not None:
            return choices[number - 1].value
        for choice in choices:
            if wanted in (normalise_for_matching(choice.label), normalise_for_matching(choice.value)):
                return choice.value
        # The start of exactly one label, or (for a closed choice) a part of exactly one: "街道".
        if (index := label_index(text, [c.label for c in choices], parts=strict)) is not None:
            return choices[index].value
        if strict:
            raise Invalid(texts.CHOICE_EXPECTED.format(n=len(choices)))
        # A bare number beside suggestions meant one of them: "9" is not a venue or a host's name.
        if inputs.is_number(wanted):
            shown = wanted if len(wanted) <= 12 else wanted[:12] + "…"
            raise Invalid(texts.SUGGESTION_NUMBER_OUT_OF_RANGE.format(number=shown, n=len(choices)))
        return text

    @staticmethod
    def _choices(step: Step, ctx: FlowContext) -> list[Choice]:
        if step.kind is InputKind.YES_NO:
            return list(YES_NO_CHOICES)
        return list(step.choices(ctx) if callable(step.choices) else step.choices)

    # --- rendering ------------------------------------------------------------------------

    @staticmethod
    def _scope(flow: Flow, step_key: str) -> str:
        return f"{flow.name}.{step_key}"

    def _ask(self, flow: Flow, step: Step, turn: _Turn, prefix: str | None = None) -> Reply:
        question = step.question(turn.ctx) if callable(step.question) else step.question
        lines = [prefix] if prefix else []
        lines.append(f"{self._header(flow, step)}{question}")
        if step.hint:
            lines.append(step.hint)
        if step.optional:
            lines.append(texts.OPTIONAL_HINT)
        return Reply("\n".join(lines), choices=self._choices(step, turn.ctx), choice_scope=self._scope(flow, step.key))

    @staticmethod
    def _header(flow: Flow, step: Step) -> str:
        """【title｜n/total】: n is the step's place in the declared flow, total its length.

        Both are fixed, so the counter only moves forward (a step not needed is jumped over:
        6/14 → 8/14) and never says 7/13 after 6/14 as conditions resolve.
        """
        if not flow.counted or len(flow.steps) < 2:
            return f"【{flow.title}】"
        position = next(i for i, s in enumerate(flow.steps, 1) if s.key == step.key)
        return f"【{flow.title}｜{position}/{len(flow.steps)}】"

    def _with_question(self, turn: _Turn, flow: Flow | None, message: str) -> list[Reply]:
        if flow is None:
            return [Reply(message)]
        return [Reply(message), self._ask(flow, flow.step(turn.convo.step), turn)]

    def _safe_reprompt(self, user: UserRef) -> list[Reply]:
        """After a failed turn, repeats the open question from the (unchanged) saved state."""
        try:
            with self.db.transaction() as session:
                turn = self._open_turn(session, user)
                flow = self._current_flow(turn)
                return [self._ask(flow, flow.step(turn.convo.step), turn)] if flow else []
        except Exception:
            log.exception("could not re-ask after a failed turn")
            return []

    def _visible_flows(self) -> list[Flow]:
        return [f for f in self.flows.values() if f.command]

    def _welcome(self, turn: _Turn) -> Reply:
        person = turn.ctx.person
        greeting = f"{person.name}，您好！" if person.name else "您好！"
        lines = [greeting + texts.WELCOME_INTRO, ""]
        lines += [f"· {f.title}：{f.summary}（/{f.command}）" for f in self._visible_flows()]
        lines += [f"· {c.summary}（/{c.name}）" for c in self.commands.values()]
        lines += ["", texts.WELCOME_FOOTER]
        if not person.name:
            lines.append(texts.WELCOME_NEEDS_PROFILE)
        return Reply("\n".join(lines))

    def _help(self, turn: _Turn, flow: Flow | None) -> Reply:
        lines = []
        if flow is not None:
            step = flow.step(turn.convo.step)
            question = step.question(turn.ctx) if callable(step.question) else step.question
            lines += [texts.HELP_IN_FLOW.format(title=flow.title, question=question), texts.HELP_FLOW_COMMANDS, ""]
        lines.append(texts.HELP_TITLE)
        lines += [f"/{f.command} — {f.title}：{f.summary}" for f in self._visible_flows()]
        lines += [f"/{c.name} — {c.summary}" for c in self.commands.values()]
        lines += texts.HELP_GENERAL
        return Reply("\n".join(lines))
