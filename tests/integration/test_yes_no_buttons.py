"""Every yes/no question of every flow takes its "是"/"否" button, as Telegram sends it."""

from __future__ import annotations

import pytest

from assistant.channels.telegram import button_data
from assistant.flows.base import InputKind
from tests.integration.test_flow_contract import FLOWS, _start, admin_chat  # noqa: F401 — the fixture

YES_NO_FLOWS = [flow for flow in FLOWS if any(step.kind is InputKind.YES_NO for step in flow.steps)]


@pytest.mark.parametrize("flow", YES_NO_FLOWS, ids=lambda f: f.name)
def test_every_yes_no_question_takes_its_buttons(admin_chat, flow):  # noqa: F811
    _start(admin_chat, flow)
    pressed = 0
    for _ in range(60):
        name, key, _answers = admin_chat.state()
        if name != flow.name:
            break
        step = flow.step(key)
        if step.kind is not InputKind.YES_NO:
            admin_chat.say(step.example)
            continue
        asked = admin_chat.replies[-1]
        labels = [choice.label for choice in asked.choices]
        assert labels == ["是", "否"], f"{flow.name}.{key} offers {labels}"
        # The example says which answer moves the flow on; press that button instead of typing it.
        wanted = "否" if step.example.strip() in ("否", "不", "2") else "是"
        number = labels.index(wanted) + 1
        data = button_data(asked.choice_scope, number, asked.choices[number - 1].value)
        reply = admin_chat.say(button=data)
        assert "请回复“是”或“否”" not in reply, f"{flow.name}.{key}: the {wanted} button was refused"
        assert admin_chat.state()[:2] != (name, key), f"{flow.name}.{key}: pressing {wanted} did not move on"
        pressed += 1
    assert pressed, f"{flow.name} asked no yes/no question on its example walk"
