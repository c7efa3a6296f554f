"""Check the gold JSON files of this folder against their transcripts.

Run with an interpreter that has python-docx (e.g. /work/main/.venv/bin/python check_gold.py).
Checks: JSON validity and required keys; ISO dates; every participant, owner, task keyword,
consensus keyword, disagreement holder/keyword and not_action occurs verbatim in the transcript
(for .docx: body paragraphs, table cells, page headers/footers); dissenters are disagreement holders
and participants.
"""
import datetime
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets",
           "numbered-record", "asr-export", "chat-export", "word-signin", "yuanba-notes"}
KEYS = {"layout", "meeting_date", "participants", "actions", "consensus", "disagreements", "dissenters"}


def docx_text(path):
    import docx  # python-docx
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    for sec in d.sections:
        for hf in (sec.header, sec.footer):
            parts.extend(p.text for p in hf.paragraphs)
    return "\n".join(parts)


def is_iso(v):
    try:
        datetime.date.fromisoformat(v)
        return True
    except (TypeError, ValueError):
        return False


def check(gold_path):
    problems = []
    def bad(msg):
        problems.append(f"{gold_path.name}: {msg}")
    try:
        g = json.loads(gold_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        return [f"{gold_path.name}: invalid JSON: {e}"]
    stem = gold_path.stem
    txt, dx = HERE / f"{stem}.txt", HERE / f"{stem}.docx"
    if txt.exists():
        text = txt.read_text(encoding="utf-8")
    elif dx.exists():
        text = docx_text(dx)
    else:
        return [f"{gold_path.name}: no transcript"]
    missing = KEYS - set(g)
    if missing:
        bad(f"missing keys {sorted(missing)}")
        return problems
    if g["layout"] not in LAYOUTS:
        bad(f"unknown layout {g['layout']}")
    if g["meeting_date"] is not None and not is_iso(g["meeting_date"]):
        bad(f"meeting_date not ISO: {g['meeting_date']}")

    def need(s, what):
        if not isinstance(s, str) or not s:
            bad(f"{what}: empty or not a string: {s!r}")
        elif s not in text:
            bad(f"{what} not in transcript: {s!r}")

    for p in g["participants"]:
        need(p, "participant")
    if len(set(g["participants"])) != len(g["participants"]):
        bad("duplicate participants")
    for a in g["actions"]:
        need(a.get("owner"), "owner")
        if not a.get("task_keywords"):
            bad(f"action without task keywords: {a}")
        for k in a.get("task_keywords", []):
            need(k, "task keyword")
        if a.get("due") is not None:
            need(a["due"], "due")
        if a.get("due_date") is not None and not is_iso(a["due_date"]):
            bad(f"due_date not ISO: {a['due_date']}")
        if a.get("due") is None and a.get("due_date") is not None:
            bad(f"due_date without due: {a}")
    for c in g["consensus"]:
        if not (1 <= len(c) <= 3):
            bad(f"consensus item needs 1-3 keywords: {c}")
        for k in c:
            need(k, "consensus keyword")
    holders = set()
    for d in g["disagreements"]:
        need(d.get("holder"), "disagreement holder")
        holders.add(d.get("holder"))
        for k in d.get("keywords", []):
            need(k, "disagreement keyword")
    for p in g["dissenters"]:
        if p not in holders:
            bad(f"dissenter {p} holds no disagreement")
        if p not in g["participants"]:
            bad(f"dissenter {p} not a participant")
    for s in g.get("not_actions", []):
        need(s, "not_action")
    return problems


def main():
    golds = sorted(HERE.glob("ma*.json"))
    problems = []
    for gp in golds:
        problems += check(gp)
    for p in problems:
        print(p)
    print(f"{len(golds)} gold files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
