#!/usr/bin/env python3
"""Check gold JSON files against their transcripts (stdlib + python-docx)."""
import datetime
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets",
           "numbered-record", "asr-export", "chat-export", "word-signin", "yuanba-notes"}
REQUIRED = ["layout", "meeting_date", "participants", "actions", "consensus", "disagreements", "dissenters"]


def docx_text(path):
    from docx import Document
    d = Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    for s in d.sections:
        for p in s.header.paragraphs:
            parts.append(p.text)
    return "\n".join(parts)


def is_iso(s):
    try:
        datetime.date.fromisoformat(s)
        return True
    except (TypeError, ValueError):
        return False


def check(jpath):
    probs = []
    base = jpath[:-5]
    if os.path.exists(base + ".txt"):
        text = open(base + ".txt", encoding="utf-8").read()
    elif os.path.exists(base + ".docx"):
        text = docx_text(base + ".docx")
    else:
        return ["no transcript"]
    try:
        g = json.load(open(jpath, encoding="utf-8"))
    except ValueError as e:
        return ["invalid JSON: %s" % e]
    for k in REQUIRED:
        if k not in g:
            probs.append("missing key " + k)
    if probs:
        return probs
    if g["layout"] not in LAYOUTS:
        probs.append("unknown layout " + g["layout"])
    if g["meeting_date"] is not None and not is_iso(g["meeting_date"]):
        probs.append("meeting_date not ISO")

    def need(s, what):
        if not isinstance(s, str) or not s or s not in text:
            probs.append("%s not in transcript: %r" % (what, s))

    parts = g["participants"]
    if len(set(parts)) != len(parts):
        probs.append("duplicate participants")
    for p in parts:
        need(p, "participant")
    for a in g["actions"]:
        for k in ("owner", "task_keywords", "due", "due_date"):
            if k not in a:
                probs.append("action missing " + k)
        need(a.get("owner"), "owner")
        if not a.get("task_keywords"):
            probs.append("action without keywords")
        for kw in a.get("task_keywords", []):
            need(kw, "task keyword")
        if a.get("due") is not None:
            need(a["due"], "due")
        if a.get("due_date") is not None:
            if not is_iso(a["due_date"]):
                probs.append("due_date not ISO: %r" % a["due_date"])
            if a.get("due") is None:
                probs.append("due_date without due")
    for c in g["consensus"]:
        if not (1 <= len(c) <= 3):
            probs.append("consensus item needs 1-3 keywords")
        for kw in c:
            need(kw, "consensus keyword")
    holders = set()
    for d in g["disagreements"]:
        need(d.get("holder"), "holder")
        holders.add(d.get("holder"))
        if not d.get("keywords"):
            probs.append("disagreement without keywords")
        for kw in d.get("keywords", []):
            need(kw, "disagreement keyword")
    if not set(g["dissenters"]) <= holders:
        probs.append("dissenters not subset of holders")
    if not holders <= set(parts):
        probs.append("holders not subset of participants")
    for s in g.get("not_actions", []):
        need(s, "not_action")
    return probs


def main():
    files = sorted(glob.glob(os.path.join(HERE, "*.json")))
    total = 0
    for f in files:
        probs = check(f)
        total += len(probs)
        print("%-45s %s" % (os.path.basename(f), "OK" if not probs else ""))
        for p in probs:
            print("   - " + p)
    print("%d files, %d problems" % (len(files), total))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
