"""Who may use what before an administrator has admitted them.

A person becomes known through an invite code (/join) that grants a role, or through the
allow-list. Until then, on the restricted channels (Telegram, reachable by anyone who finds
the bot), only the open commands work.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant import texts
from assistant.storage.models import Person

# The engine's own commands that must work for everybody, or nobody could ever join.
ALWAYS_OPEN = frozenset({"start", "help", "join", "cancel", "back", "skip"})
# Flows reached through a command of another name.
FLOW_COMMAND = {"qa": "ask"}


@dataclass(frozen=True)
class AccessPolicy:
    restricted_channels: frozenset[str] = frozenset({"telegram"})
    open_commands: frozenset[str] = frozenset({"start", "help", "ask"})
    allow_list: frozenset[str] = frozenset()

    def admitted(self, person: Person) -> bool:
        # Cheap checks first: the roles need a query.
        return (
            person.channel not in self.restricted_channels
            or person.external_id in self.allow_list
            or bool(person.roles)
        )

    def refusal(self, person: Person, name: str) -> str | None:
        """Returns why `person` may not use the command or flow `name`, or None."""
        name = FLOW_COMMAND.get(name, name)
        if name in ALWAYS_OPEN or name in self.open_commands or self.admitted(person):
            return None
        usable = "、".join(f"/{c}" for c in sorted(self.open_commands | {"join"}))
        return texts.NOT_ADMITTED.format(usable=usable)


OPEN_TO_ALL = AccessPolicy(restricted_channels=frozenset())
