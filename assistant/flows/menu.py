"""The main menu: shown when a user writes without having chosen anything; the choice starts a flow."""

from __future__ import annotations

from assistant.flows.base import Choice, Flow, FlowContext, InputKind, Reply, Step


def build_menu(entries: list[tuple[str, str]]) -> Flow:
    """Builds the menu flow from (flow name, label) pairs so it always lists the flows that exist."""

    def _choose(ctx: FlowContext) -> list[Reply]:
        ctx.follow_up = ctx.answers["choice"]
        return []

    return Flow(
        name="menu",
        title="主菜单",
        summary="选择要办理的事项",
        steps=(
            Step(
                "choice",
                "请选择要办理的事项：",
                kind=InputKind.CHOICE,
                choices=[Choice(label, name) for name, label in entries],
            ),
        ),
        finish=_choose,
    )
