#!/usr/bin/env python3
"""Checks the hand-made gold in this folder against its transcripts (stdlib only; .docx read via zipfile).

For every NAME.json: the transcript NAME.txt or NAME.docx exists; layout / meeting_date / fields are well formed;
every participant, dissenter, holder and owner, every task / consensus / disagreement keyword, every stated due
and every not_actions sentence occurs in the transcript text; dissenters == holders; due_date is a valid ISO date
not before the meeting date.  It extracts nothing.  Run: python3 check_gold.py
"""
import datetime
import json
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets", "numbered-record",
           "asr-export", "chat-export", "word-signin", "yuanba-notes"}
KEYS = {"layout", "meeting_date", "participants", "actions", "consensus", "disagreements", "dissenters"}


def docx_text(path):
    parts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name):
                xml = z.read(name).decode("utf-8")
                for para in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
                    parts.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para)))
    return "\n".join(parts)


def transcript(stem):
    txt, doc = HERE / (stem + ".txt"), HERE / (stem + ".docx")
    if txt.exists():
        return txt.read_text(encoding="utf-8")
    if doc.exists():
        return docx_text(doc)
    return None


def check(jpath):
    errs = []
    gold = json.loads(jpath.read_text(encoding="utf-8"))
    text = transcript(jpath.stem)
    if text is None:
        return ["no transcript"]

    def need(s, what):
        if not isinstance(s, str) or not s or s not in text:
            errs.append(f"{what} not in transcript: {s!r}")

    missing = KEYS - gold.keys()
    if missing:
        errs.append(f"missing keys {sorted(missing)}")
    if gold.get("layout") not in LAYOUTS:
        errs.append(f"bad layout {gold.get('layout')!r}")
    md = None
    try:
        md = datetime.date.fromisoformat(gold["meeting_date"])
        cn = f"{md.year}年{md.month}月{md.day}日"
        if cn not in text and md.isoformat() not in text:
            errs.append(f"meeting date {md} not written in transcript")
    except Exception as e:  # noqa: BLE001
        errs.append(f"bad meeting_date: {e}")
    names = gold.get("participants", [])
    if len(set(names)) != len(names):
        errs.append("duplicate participants")
    for n in names:
        need(n, "participant")
    for a in gold.get("actions", []):
        need(a.get("owner"), "owner")
        for k in a.get("task_keywords", []):
            need(k, "task keyword")
        if a.get("due") is not None:
            need(a["due"], "due")
        elif a.get("due_date") is not None:
            errs.append(f"due_date without due: {a}")
        if a.get("due_date") is not None:
            try:
                d = datetime.date.fromisoformat(a["due_date"])
                if md and d < md:
                    errs.append(f"due_date before meeting: {a}")
            except ValueError:
                errs.append(f"bad due_date {a['due_date']!r}")
    for item in gold.get("consensus", []):
        if not 1 <= len(item) <= 3:
            errs.append(f"consensus item needs 1-3 keywords: {item}")
        for k in item:
            need(k, "consensus keyword")
    holders = []
    for d in gold.get("disagreements", []):
        need(d.get("holder"), "holder")
        holders.append(d.get("holder"))
        for k in d.get("keywords", []):
            need(k, "disagreement keyword")
    for n in gold.get("dissenters", []):
        need(n, "dissenter")
        if n not in names:
            errs.append(f"dissenter not a participant: {n}")
    if sorted(set(holders)) != sorted(gold.get("dissenters", [])):
        errs.append(f"holders {holders} != dissenters {gold.get('dissenters')}")
    for s in gold.get("not_actions", []):
        need(s, "not_action")
    return errs


def main():
    bad = 0
    files = sorted(HERE.glob("*.json"))
    for j in files:
        errs = check(j)
        print(("OK   " if not errs else "FAIL ") + j.name)
        for e in errs:
            print("     -", e)
        bad += bool(errs)
    print(f"{len(files) - bad}/{len(files)} passed")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
