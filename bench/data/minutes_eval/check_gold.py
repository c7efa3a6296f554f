"""Sanity check of the hand-written gold: every name and keyword must occur in its transcript.

This does not extract anything; it only catches typos in the gold files.
Run: python3 check_gold.py [HALF ...]   (default: dev dev2; the writer of heldout2/ checks it with
`python3 check_gold.py heldout2` — nobody else runs it on that folder)
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets",
           "numbered-record", "asr-export", "chat-export", "word-signin", "yuanba-notes"}


def text_of(case):
    txt = case.with_suffix(".txt")
    if txt.exists():
        return txt.read_text(encoding="utf-8")
    from docx import Document
    d = Document(str(case.with_suffix(".docx")))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            parts.append(" ".join(c.text for c in r.cells))
    return "\n".join(parts)


def main():
    bad = 0
    for half in sys.argv[1:] or ("dev", "dev2"):
        for g in sorted((HERE / half).glob("*.json")):
            gold = json.loads(g.read_text(encoding="utf-8"))
            text = text_of(g)
            probs = []
            if gold["layout"] not in LAYOUTS:
                probs.append("layout " + gold["layout"])
            for n in gold["participants"]:
                if n not in text:
                    probs.append("participant " + n)
            for a in gold["actions"]:
                for k in a["task_keywords"] + ([a["due"]] if a["due"] else []):
                    if k not in text:
                        probs.append("action kw " + k)
                if a["due_date"] and not re.fullmatch(r"\d{4}-\d\d-\d\d", a["due_date"]):
                    probs.append("due_date " + a["due_date"])
            for c in gold["consensus"]:
                for k in c:
                    if k not in text:
                        probs.append("consensus kw " + k)
            for d in gold["disagreements"]:
                if d["holder"] not in gold["participants"]:
                    probs.append("holder " + d["holder"])
                for k in d["keywords"]:
                    if k not in text:
                        probs.append("disagreement kw " + k)
            if sorted(gold["dissenters"]) != sorted({d["holder"] for d in gold["disagreements"]}):
                probs.append("dissenters != holders")
            n = len(text)
            print(f"{half}/{g.stem}: {gold['layout']}, {n} chars, {len(gold['participants'])} participants,"
                  f" {len(gold['actions'])} actions, {len(gold['consensus'])} consensus,"
                  f" {len(gold['disagreements'])} disagreements" + (" PROBLEMS: " + "; ".join(probs) if probs else ""))
            bad += bool(probs)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
