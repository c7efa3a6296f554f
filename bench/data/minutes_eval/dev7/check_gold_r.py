"""Checks that every gold name, owner and keyword occurs in its transcript (extracts nothing).
Run: python3 check_gold.py   (needs python-docx for .docx transcripts)"""
import datetime
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets", "numbered-record",
           "asr-export", "chat-export", "word-signin", "yuanba-notes"}


def text_of(path):
    if path.suffix == ".docx":
        import docx
        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for t in d.tables:
            for r in t.rows:
                parts.extend(c.text for c in r.cells)
        for s in d.sections:
            parts.extend(p.text for p in s.header.paragraphs)
        return "\n".join(parts)
    return path.read_text(encoding="utf-8")


def main():
    errors = 0
    n = 0
    for js in sorted(HERE.glob("pr*.json")):
        n += 1
        tr = [p for p in (js.with_suffix(".txt"), js.with_suffix(".docx")) if p.exists()]
        def bad(msg):
            nonlocal errors
            errors += 1
            print(f"{js.name}: {msg}")
        if len(tr) != 1:
            bad("expected exactly one transcript"); continue
        text = text_of(tr[0])
        g = json.loads(js.read_text(encoding="utf-8"))
        need = {"layout", "meeting_date", "participants", "actions", "consensus", "disagreements", "dissenters"}
        if need - set(g):
            bad(f"missing keys {need - set(g)}")
        if g["layout"] not in LAYOUTS:
            bad(f"unknown layout {g['layout']}")
        if (g["layout"] == "word-signin") != (tr[0].suffix == ".docx"):
            bad("word-signin must be .docx and only it")
        md = g["meeting_date"]
        if md:
            dt = datetime.date.fromisoformat(md)
            if f"{dt.year}年{dt.month}月{dt.day}日" not in text and md not in text:
                bad(f"meeting date {md} not stated in transcript")
        n_chars = len(re.sub(r"\s", "", text))
        if not 1200 <= len(text) <= 4500:
            bad(f"length {len(text)} outside 1200-4500")
        parts = g["participants"]
        if len(set(parts)) != len(parts):
            bad("duplicate participants")
        if not 5 <= len(parts) <= 15:
            bad(f"{len(parts)} participants outside 5-15")
        for p in parts:
            if p not in text:
                bad(f"participant {p} not in transcript")
        for a in g["actions"]:
            if a["owner"] not in text:
                bad(f"owner {a['owner']} not in transcript")
            for k in a["task_keywords"]:
                if k not in text:
                    bad(f"task keyword {k} not in transcript")
            if a["due"] is not None and a["due"] not in text:
                bad(f"due {a['due']} not in transcript")
            if a["due_date"] is not None:
                datetime.date.fromisoformat(a["due_date"])
                if a["due"] is None:
                    bad("due_date without due")
        for c in g["consensus"]:
            if not 1 <= len(c) <= 3:
                bad(f"consensus item {c} needs 1-3 keywords")
            for k in c:
                if k not in text:
                    bad(f"consensus keyword {k} not in transcript")
        holders = []
        for d in g["disagreements"]:
            holders.append(d["holder"])
            if d["holder"] not in parts:
                bad(f"holder {d['holder']} not a participant")
            for k in d["keywords"]:
                if k not in text:
                    bad(f"disagreement keyword {k} not in transcript")
        for d in g["dissenters"]:
            if d not in parts:
                bad(f"dissenter {d} not a participant")
        if sorted(set(holders)) != sorted(g["dissenters"]):
            bad("dissenters differ from disagreement holders")
        for s in g.get("not_actions", []):
            if s not in text:
                bad(f"not_action sentence not verbatim in transcript: {s}")
        print(f"{js.name}: {tr[0].name} {len(text)} chars, {len(parts)} participants, {len(g['actions'])} actions")
    print(f"{n} records, {errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
