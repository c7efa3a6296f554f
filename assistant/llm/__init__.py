"""Optional language-model drafting through any OpenAI-compatible endpoint, with offline fallback.

Public API (the CLI, the chat flows and the bot use only this):

    drafter = build_drafter(settings)        # or Services.drafter; cheap when provider is none
    drafter.enabled                          # False: every method returns the offline result
    drafter.warm_up()                        # optional: import langchain now, not on the first question
    drafter.answer(question, kb)             # -> Drafted[Answer]        (offline: kb.ask)
    drafter.minutes(text)                    # -> Drafted[MinutesDraft]  (offline: draft_minutes)
    drafter.research_items(title, desc)      # -> Drafted[list[str]]     (offline: [])
    drafter.screening_opinion(title, desc, screening)   # -> Drafted[str] (offline: screening.text())
    drafter.running_order(title, desc)       # -> Drafted[list[tuple[str, int]]] (offline: default order)
    drafter.outcome_summary(facts)           # -> Drafted[str]  (offline: outcome_offline.feedback_draft)
    drafter.public_notice(facts, withheld_names=names)   # -> Drafted[str] (offline: public_notice_draft)
    drafter.dissent_explanation(dissent, facts, variant) # -> Drafted[str] (offline: explanation_draft)

`Drafted.value` is exactly what the offline code returns, `source` is "llm" or "offline", and
`note` is OFFLINE_NOTE when a configured model failed, or says why the model was not asked
(show it; `Drafted.noted(text)` does).
Nothing here imports langchain until a configured model is first called.
"""

from assistant.llm.drafter import LLM_CLOSING, OFFLINE_NOTE, Drafted, Drafter, Rejected
from assistant.llm.providers import PROVIDERS, LlmConfigError, ModelConfig, llm_enabled, resolve


def build_drafter(settings) -> Drafter:
    return Drafter(settings)


__all__ = [
    "LLM_CLOSING",
    "OFFLINE_NOTE",
    "PROVIDERS",
    "Drafted",
    "Drafter",
    "LlmConfigError",
    "ModelConfig",
    "Rejected",
    "build_drafter",
    "llm_enabled",
    "resolve",
]
