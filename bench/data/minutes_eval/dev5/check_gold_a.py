#!/usr/bin/env python3
"""Check the hand-made gold files of this folder against their transcripts.

Usage: python check_gold.py [folder]   (default: the folder of this script)
Checks: JSON valid; required keys and types; ISO dates; layout id known; every participant,
owner, due, task keyword, consensus keyword, disagreement holder + keyword and not_action
occurs verbatim in the transcript (.txt, or .docx paragraphs + table cells + headers);
dissenters ⊆ holders ⊆ participants. Prints the problems and exits 1 if any.
"""
import datetime
import json
import os
import re
import sys

LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets",
           "numbered-record", "asr-export", "chat-export", "word-signin", "yuanba-notes"}
REQUIRED = ["layout", "meeting_date", "participants", "actions", "consensus",
            "disagreements", "dissenters"]


def docx_text(path):
    import docx  # python-docx
    d = docx.Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    for s in d.sections:
        for hf in (s.header, s.first_page_header, s.even_page_header, s.footer):
            try:
                parts.extend(p.text for p in hf.paragraphs)
            except Exception:
                pass
    return "\n".join(parts)


def iso(v):
    if v is None:
        return True
    if not isinstance(v, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return False
    try:
        datetime.date.fromisoformat(v)
        return True
    except ValueError:
        return False


def check_case(folder, name, problems):
    jpath = os.path.join(folder, name + ".json")
    txt = None
    for ext in (".txt", ".docx"):
        p = os.path.join(folder, name + ext)
        if os.path.exists(p):
            txt = docx_text(p) if ext == ".docx" else open(p, encoding="utf-8").read()
            break
    if txt is None:
        problems.append(f"{name}: no transcript .txt/.docx")
        return
    try:
        g = json.load(open(jpath, encoding="utf-8"))
    except Exception as e:
        problems.append(f"{name}: invalid JSON: {e}")
        return

    def bad(msg):
        problems.append(f"{name}: {msg}")

    def need(s, what):
        if not isinstance(s, str) or not s:
            bad(f"{what} is not a non-empty string: {s!r}")
        elif s not in txt:
            bad(f"{what} not in transcript: {s!r}")

    for k in REQUIRED:
        if k not in g:
            bad(f"missing key {k}")
    if g.get("layout") not in LAYOUTS:
        bad(f"unknown layout {g.get('layout')!r}")
    if not iso(g.get("meeting_date")):
        bad(f"meeting_date not ISO: {g.get('meeting_date')!r}")
    parts = g.get("participants", [])
    if not isinstance(parts, list) or not parts:
        bad("participants empty or not a list")
        parts = []
    if len(set(parts)) != len(parts):
        bad("duplicate participants")
    for p in parts:
        need(p, "participant")
    for i, a in enumerate(g.get("actions", [])):
        for k in ("owner", "task_keywords", "due", "due_date"):
            if k not in a:
                bad(f"action {i} missing {k}")
        need(a.get("owner"), f"action {i} owner")
        kws = a.get("task_keywords") or []
        if not kws:
            bad(f"action {i} has no task_keywords")
        for kw in kws:
            need(kw, f"action {i} keyword")
        if a.get("due") is not None:
            need(a.get("due"), f"action {i} due")
        if not iso(a.get("due_date")):
            bad(f"action {i} due_date not ISO: {a.get('due_date')!r}")
        if a.get("due") is None and a.get("due_date") is not None:
            bad(f"action {i} has due_date without due")
    for i, c in enumerate(g.get("consensus", [])):
        if not isinstance(c, list) or not 1 <= len(c) <= 3:
            bad(f"consensus {i} must be a list of 1-3 keywords")
            continue
        for kw in c:
            need(kw, f"consensus {i} keyword")
    holders = set()
    for i, d in enumerate(g.get("disagreements", [])):
        need(d.get("holder"), f"disagreement {i} holder")
        holders.add(d.get("holder"))
        if not d.get("keywords"):
            bad(f"disagreement {i} has no keywords")
        for kw in d.get("keywords") or []:
            need(kw, f"disagreement {i} keyword")
    dis = g.get("dissenters", [])
    if not isinstance(dis, list):
        bad("dissenters not a list")
        dis = []
    for p in dis:
        if p not in holders:
            bad(f"dissenter {p!r} holds no disagreement")
    for h in holders:
        if h not in parts:
            bad(f"holder {h!r} not a participant")
    for s in g.get("not_actions", []) or []:
        need(s, "not_action")


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    names = sorted(f[:-5] for f in os.listdir(folder)
                   if f.endswith(".json") and re.match(r"[a-z]+\d\d_", f))
    problems = []
    for n in names:
        check_case(folder, n, problems)
    for p in problems:
        print(p)
    print(f"{len(names)} cases, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
