#!/usr/bin/env python3
"""Check the hand-made gold files of this folder against their transcripts.

Usage: python check_gold.py [folder]   (stdlib + python-docx for .docx transcripts)
Exit code 0 when there are no problems.
"""
import datetime
import json
import os
import sys

LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets",
           "numbered-record", "asr-export", "chat-export", "word-signin", "yuanba-notes"}
REQUIRED = ["layout", "meeting_date", "participants", "actions", "consensus", "disagreements", "dissenters"]


def docx_text(path):
    import docx  # python-docx
    d = docx.Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    for s in d.sections:
        for hf in (s.header, s.footer):
            parts.extend(p.text for p in hf.paragraphs)
    return "\n".join(parts)


def iso_ok(v):
    try:
        return datetime.date.fromisoformat(v).isoformat() == v
    except Exception:
        return False


def check(folder):
    problems = []
    names = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".json"))
    for name in names:
        def bad(msg):
            problems.append(f"{name}: {msg}")
        tpath = None
        for ext in (".txt", ".docx"):
            if os.path.exists(os.path.join(folder, name + ext)):
                tpath = os.path.join(folder, name + ext)
        if not tpath:
            bad("no transcript")
            continue
        text = docx_text(tpath) if tpath.endswith(".docx") else open(tpath, encoding="utf-8").read()
        try:
            g = json.load(open(os.path.join(folder, name + ".json"), encoding="utf-8"))
        except Exception as e:
            bad(f"invalid JSON: {e}")
            continue
        for k in REQUIRED:
            if k not in g:
                bad(f"missing key {k}")
        if g.get("layout") not in LAYOUTS:
            bad(f"unknown layout {g.get('layout')}")
        md = g.get("meeting_date")
        if md is not None and not iso_ok(md):
            bad(f"meeting_date not ISO: {md}")

        def occurs(s, what):
            if not isinstance(s, str) or not s:
                bad(f"{what}: empty or not a string: {s!r}")
            elif s not in text:
                bad(f"{what} not in transcript: {s!r}")

        parts = g.get("participants", [])
        if len(parts) != len(set(parts)):
            bad("duplicate participants")
        for p in parts:
            occurs(p, "participant")
        for i, a in enumerate(g.get("actions", [])):
            for k in ("owner", "task_keywords", "due", "due_date"):
                if k not in a:
                    bad(f"action {i} missing {k}")
            occurs(a.get("owner"), f"action {i} owner")
            kws = a.get("task_keywords") or []
            if not kws:
                bad(f"action {i} has no task_keywords")
            for kw in kws:
                occurs(kw, f"action {i} keyword")
            if a.get("due") is not None:
                occurs(a["due"], f"action {i} due")
            dd = a.get("due_date")
            if dd is not None:
                if not iso_ok(dd):
                    bad(f"action {i} due_date not ISO: {dd}")
                if a.get("due") is None:
                    bad(f"action {i} has due_date but no due")
        for i, c in enumerate(g.get("consensus", [])):
            if not isinstance(c, list) or not 1 <= len(c) <= 3:
                bad(f"consensus {i} must be a list of 1-3 keywords")
                continue
            for kw in c:
                occurs(kw, f"consensus {i} keyword")
        holders = set()
        for i, d in enumerate(g.get("disagreements", [])):
            occurs(d.get("holder"), f"disagreement {i} holder")
            holders.add(d.get("holder"))
            if not d.get("keywords"):
                bad(f"disagreement {i} has no keywords")
            for kw in d.get("keywords") or []:
                occurs(kw, f"disagreement {i} keyword")
        for p in g.get("dissenters", []):
            if p not in holders:
                bad(f"dissenter {p} is not a disagreement holder")
        for h in holders:
            if h not in parts:
                bad(f"holder {h} is not a participant")
        for s in g.get("not_actions", []):
            occurs(s, "not_action")
    return names, problems


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    names, problems = check(folder)
    for p in problems:
        print(p)
    print(f"{len(names)} gold files checked, {len(problems)} problems")
    sys.exit(1 if problems else 0)
