#!/usr/bin/env python3
"""Check that every gold name, owner and keyword occurs in its transcript (stdlib only; extracts nothing)."""
import json, sys, glob, os, re, datetime

HERE = os.path.dirname(os.path.abspath(__file__))
LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets",
           "numbered-record", "asr-export", "chat-export", "word-signin", "yuanba-notes"}

def read_text(base):
    if os.path.exists(base + ".txt"):
        return open(base + ".txt", encoding="utf-8").read()
    import docx  # only for .docx records
    d = docx.Document(base + ".docx")
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            parts.extend(c.text for c in r.cells)
    return "\n".join(parts)

def main():
    bad = 0
    files = sorted(glob.glob(os.path.join(HERE, "*.json")))
    for jf in files:
        base = jf[:-5]
        name = os.path.basename(base)
        g = json.load(open(jf, encoding="utf-8"))
        t = read_text(base)
        errs = []
        def need(s, what):
            if s not in t:
                errs.append(f"{what} not in transcript: {s!r}")
        if g.get("layout") not in LAYOUTS:
            errs.append(f"unknown layout {g.get('layout')}")
        md = g.get("meeting_date")
        if md:
            y, m, d = map(int, md.split("-"))
            if f"{y}年{m}月{d}日" not in t and md not in t:
                errs.append(f"meeting date {md} not stated")
        for p in g["participants"]:
            need(p, "participant")
        for a in g["actions"]:
            need(a["owner"], "owner")
            for k in a["task_keywords"]:
                need(k, "task keyword")
            if a["due"] is not None:
                need(a["due"], "due")
            if a["due_date"] is not None:
                datetime.date.fromisoformat(a["due_date"])
                if a["due"] is None:
                    errs.append("due_date without due")
        for c in g["consensus"]:
            if not 1 <= len(c) <= 3:
                errs.append(f"consensus needs 1-3 keywords: {c}")
            for k in c:
                need(k, "consensus keyword")
        for dd in g["disagreements"]:
            need(dd["holder"], "holder")
            if dd["holder"] not in g["participants"]:
                errs.append(f"holder not a participant: {dd['holder']}")
            for k in dd["keywords"]:
                need(k, "disagreement keyword")
        for p in g["dissenters"]:
            if p not in g["participants"]:
                errs.append(f"dissenter not a participant: {p}")
        if sorted(g["dissenters"]) != sorted({d["holder"] for d in g["disagreements"]}):
            errs.append("dissenters differ from disagreement holders")
        for s in g.get("not_actions", []):
            need(s, "not_action")
        n = len(t)
        if not 1200 <= n <= 4500:
            errs.append(f"length {n} outside 1200-4500")
        print(f"{name}: {'OK' if not errs else 'FAIL'} ({n} chars, {len(g['participants'])} participants, "
              f"{len(g['actions'])} actions, {len(g['consensus'])} consensus, {len(g['dissenters'])} dissenters)")
        for e in errs:
            print("   ", e)
        bad += bool(errs)
    print(f"{len(files)} records, {bad} failing")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main())
