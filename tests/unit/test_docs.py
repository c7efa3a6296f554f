"""The README is part of the interface: its settings table must name every setting."""

from pathlib import Path

from assistant.config import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _env_name(field_name: str, field) -> str:
    alias = field.validation_alias
    return alias.choices[0] if alias is not None else f"ASSISTANT_{field_name.upper()}"


def test_every_setting_is_in_the_readme_table():
    missing = [
        _env_name(name, field)
        for name, field in Settings.model_fields.items()
        if f"| `{_env_name(name, field)}` |" not in README
    ]
    assert missing == []


def test_readme_quick_start_test_command_is_what_ci_runs():
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert command in README
