#!/usr/bin/env python3
"""Check the gold JSON files of this folder against their transcripts.

For each NAME.json: the JSON is valid and has the contract's fields; NAME.txt or NAME.docx exists;
every participant, action owner, task_keyword, consensus keyword, disagreement holder/keyword occurs
verbatim in the transcript (for .docx: paragraphs, table cells, and header paragraphs);
dates are ISO or null; dissenters are participants and hold a disagreement; keywords of one consensus
point co-occur within a short window; not_actions (without a bracketed comment) occur verbatim.
Exit code 1 if anything is wrong.  Usage: python3 check_gold.py   (python-docx needed only for .docx)
"""
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets",
           "numbered-record", "asr-export", "chat-export", "word-signin", "yuanba-notes"}
FIELDS = {"layout", "meeting_date", "participants", "actions", "consensus", "disagreements",
          "dissenters", "not_actions"}
WINDOW = 200  # characters within which all keywords of one consensus point must co-occur


def read_docx(path):
    import docx  # python-docx
    d = docx.Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    for s in d.sections:
        parts.extend(p.text for p in s.header.paragraphs)
    return "\n".join(parts)


def is_iso(s):
    try:
        datetime.date.fromisoformat(s)
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s))
    except (TypeError, ValueError):
        return False


def cooccur(text, kws, window=WINDOW):
    first = kws[0]
    for m in re.finditer(re.escape(first), text):
        seg = text[max(0, m.start() - window): m.end() + window]
        if all(k in seg for k in kws):
            return True
    return False


def check(name):
    errs = []
    jpath = os.path.join(HERE, name + ".json")
    try:
        g = json.load(open(jpath, encoding="utf-8"))
    except Exception as e:  # noqa
        return ["invalid JSON: %s" % e]
    if os.path.exists(os.path.join(HERE, name + ".txt")):
        text = open(os.path.join(HERE, name + ".txt"), encoding="utf-8").read()
    elif os.path.exists(os.path.join(HERE, name + ".docx")):
        text = read_docx(os.path.join(HERE, name + ".docx"))
    else:
        return ["no transcript"]

    missing = FIELDS - set(g)
    if missing:
        errs.append("missing fields %s" % sorted(missing))
    extra = set(g) - FIELDS
    if extra:
        errs.append("unknown fields %s" % sorted(extra))
    if g.get("layout") not in LAYOUTS:
        errs.append("bad layout %r" % g.get("layout"))
    md = g.get("meeting_date")
    if md is not None and not is_iso(md):
        errs.append("bad meeting_date %r" % md)

    def need(s, what):
        if not isinstance(s, str) or not s:
            errs.append("%s: not a non-empty string: %r" % (what, s))
        elif s not in text:
            errs.append("%s not in transcript: %r" % (what, s))

    parts = g.get("participants", [])
    if len(set(parts)) != len(parts):
        errs.append("duplicate participants")
    for p in parts:
        need(p, "participant")
    for i, a in enumerate(g.get("actions", [])):
        if set(a) != {"owner", "task_keywords", "due", "due_date"}:
            errs.append("action %d fields %s" % (i, sorted(a)))
        need(a.get("owner"), "action %d owner" % i)
        if not a.get("task_keywords"):
            errs.append("action %d has no task_keywords" % i)
        for k in a.get("task_keywords", []):
            need(k, "action %d task_keyword" % i)
        if a.get("due") is not None:
            need(a["due"], "action %d due" % i)
        dd = a.get("due_date")
        if dd is not None and not is_iso(dd):
            errs.append("action %d bad due_date %r" % (i, dd))
        if dd is not None and a.get("due") is None:
            errs.append("action %d has due_date but no due" % i)
        if md and dd and dd < md:
            errs.append("action %d due_date before meeting" % i)
    cons = g.get("consensus", [])
    for i, point in enumerate(cons):
        if not (1 <= len(point) <= 3):
            errs.append("consensus %d: %d keywords" % (i, len(point)))
        for k in point:
            need(k, "consensus %d keyword" % i)
        if point and all(k in text for k in point) and not cooccur(text, point):
            errs.append("consensus %d keywords never co-occur: %r" % (i, point))
    for i, point in enumerate(cons):  # a keyword set must not be a subset of another point's set
        for j, other in enumerate(cons):
            if i != j and set(point) <= set(other):
                errs.append("consensus %d keywords contained in point %d" % (i, j))
    holders = set()
    for i, d in enumerate(g.get("disagreements", [])):
        need(d.get("holder"), "disagreement %d holder" % i)
        holders.add(d.get("holder"))
        if d.get("holder") not in parts:
            errs.append("disagreement holder %r not a participant" % d.get("holder"))
        for k in d.get("keywords", []):
            need(k, "disagreement %d keyword" % i)
    for p in g.get("dissenters", []):
        need(p, "dissenter")
        if p not in parts:
            errs.append("dissenter %r not a participant" % p)
        if p not in holders:
            errs.append("dissenter %r holds no disagreement" % p)
    for s in g.get("not_actions", []):
        core = re.sub(r"（[^）]*）$", "", s).rstrip("。？")
        if core not in text:
            errs.append("not_action not verbatim: %r" % s)
    n = len(text)
    return errs, n


def main():
    names = sorted(f[:-5] for f in os.listdir(HERE) if f.endswith(".json"))
    bad = 0
    for name in names:
        res = check(name)
        if isinstance(res, list):
            errs, n = res, 0
        else:
            errs, n = res
        status = "OK " if not errs else "ERR"
        print("%s %s (%d chars)" % (status, name, n))
        for e in errs:
            print("    -", e)
        bad += bool(errs)
    print("%d files, %d with errors" % (len(names), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
