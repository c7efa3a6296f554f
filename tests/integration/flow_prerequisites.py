"""Records a flow needs before it can start, for the shared flow contract test.

A flow that works on existing records (approve a topic, record an outcome for approved
minutes) registers here a function that creates them for the given person.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from assistant.storage.models import Person

PREREQUISITES: dict[str, Callable[[Session, Person], None]] = {}
