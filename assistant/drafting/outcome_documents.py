"""Word and Markdown files for the outcome texts (public notice, feedback, explanations).

The drafts are plain text whose first line is the title and whose last two lines are the
issuing organisation and the date, as outcome_offline writes them; the Word file uses the
same official layout as the minutes (official_docx.py), with the signature right-aligned.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from assistant.drafting.official_docx import file_stem, new_document, paragraph, title, to_bytes
from assistant.drafting.outcome_offline import inside_quotes


def render_letter_docx(text: str, *, signed: bool = True) -> bytes:
    """A titled letter or notice as .docx; `signed` right-aligns the last two lines."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    heading, body = (lines[0], lines[1:]) if lines else ("", [])
    signature = body[-2:] if signed and len(body) >= 2 else []
    body = body[: len(body) - len(signature)]
    document = new_document(heading)
    title(document, heading)
    for line in body:
        # Salutations ("各位参加协商的同志：") start at the margin; paragraphs are indented two characters.
        paragraph(document, line, indent=not (line.endswith("：") and len(line) <= 30))
    for line in signature:
        paragraph(document, line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    return to_bytes(document)


def explanation_letter(subject: str, participant: str | None, explanation: str, *, outcome_id: int, number: int):
    """One dissenter's explanation as (file name, .docx bytes): titled, addressed, signed (三（七）)."""
    letter = render_letter_docx(f"关于“{inside_quotes(subject)}”协商中有关意见的解释说明\n{explanation}")
    addressee = file_stem(participant, 20, "持不同意见的群众")
    return f"解释说明-{outcome_id}-{number}-{addressee}.docx", letter


def render_letter_markdown(text: str) -> str:
    """The same text as Markdown: the first line as the heading, lines as paragraphs."""
    lines = text.strip().splitlines()
    if not lines:
        return ""
    body = [line for line in lines[1:] if line.strip()]
    return "\n\n".join([f"# {lines[0]}", *body]) + "\n"


def render_explanations_markdown(subject: str, explanations: list[tuple[str, str, str]]) -> str:
    """All explanations to dissenters, one section each: (name, role, explanation text)."""
    lines = [f"# 关于“{inside_quotes(subject)}”协商中不同意见的解释说明", ""]
    for name, role, text in explanations:
        lines += [f"## 致{name or '持不同意见的群众'}{f'（{role}）' if role else ''}", ""]
        lines += [line for line in text.splitlines() if line.strip()]
        lines.append("")
    return "\n\n".join(line for line in lines if line) + "\n"
