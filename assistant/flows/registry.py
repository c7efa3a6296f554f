"""Every flow and one-shot command the assistant offers, in menu order."""

from __future__ import annotations

from assistant.flows import actions, agenda, approval, minutes, outcome, profile, qa, research, screening
from assistant.flows.base import Command, Flow
from assistant.flows.commands import COMMANDS
from assistant.flows.menu import build_menu


def all_flows() -> list[Flow]:
    flows = [profile.FLOW, screening.FLOW, approval.FLOW, research.FLOW, agenda.FLOW, minutes.FLOW, outcome.FLOW, actions.FLOW]
    # The question mode has no command of its own (/ask is a command) but belongs in the menu.
    menu = build_menu([(flow.name, f"{flow.title}：{flow.summary}") for flow in [qa.FLOW, *flows]])
    return [*flows, qa.FLOW, menu]


def all_commands() -> list[Command]:
    return [qa.COMMAND, *COMMANDS]
