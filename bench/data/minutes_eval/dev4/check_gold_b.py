"""Check gold JSON files against their transcripts (verbatim occurrence of every gold string)."""
import json, re, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets",
           "numbered-record", "asr-export", "chat-export", "word-signin", "yuanba-notes"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def docx_text(path):
    from docx import Document
    d = Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    for s in d.sections:
        parts += [p.text for p in s.header.paragraphs]
    return "\n".join(parts)


def main():
    problems = []
    cases = sorted(HERE.glob("mb*.json"))
    for j in cases:
        def bad(msg):
            problems.append(f"{j.name}: {msg}")
        try:
            g = json.loads(j.read_text(encoding="utf-8"))
        except Exception as e:
            bad(f"invalid JSON: {e}"); continue
        txt, dx = j.with_suffix(".txt"), j.with_suffix(".docx")
        if txt.exists():
            text = txt.read_text(encoding="utf-8")
        elif dx.exists():
            text = docx_text(dx)
        else:
            bad("no transcript"); continue
        def has(s, what):
            if not isinstance(s, str) or not s or s not in text:
                bad(f"{what} not verbatim in transcript: {s!r}")
        if g.get("layout") not in LAYOUTS:
            bad(f"unknown layout {g.get('layout')}")
        md = g.get("meeting_date")
        if md is not None and not ISO.match(md):
            bad(f"bad meeting_date {md}")
        for p in g.get("participants", []):
            has(p, "participant")
        for a in g.get("actions", []):
            has(a.get("owner"), "owner")
            for k in a.get("task_keywords", []):
                has(k, "task keyword")
            if a.get("due") is not None:
                has(a["due"], "due")
            dd = a.get("due_date")
            if dd is not None and not ISO.match(dd):
                bad(f"bad due_date {dd}")
        for c in g.get("consensus", []):
            if not 1 <= len(c) <= 3:
                bad(f"consensus item needs 1-3 keywords: {c}")
            for k in c:
                has(k, "consensus keyword")
        holders = set()
        for d in g.get("disagreements", []):
            has(d.get("holder"), "disagreement holder")
            holders.add(d.get("holder"))
            for k in d.get("keywords", []):
                has(k, "disagreement keyword")
        for p in g.get("dissenters", []):
            has(p, "dissenter")
            if p not in g.get("participants", []):
                bad(f"dissenter not in participants: {p}")
        for n in g.get("not_actions", []):
            has(n, "not_action")
    print(f"{len(cases)} cases checked, {len(problems)} problems")
    for p in problems:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
