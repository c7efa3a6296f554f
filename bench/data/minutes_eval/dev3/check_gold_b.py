#!/usr/bin/env python3
"""Checker for the held-out minutes gold files in this folder.

For every NAME.json: the JSON is valid and has the contract fields; NAME.txt or NAME.docx exists;
every participant, action owner-independent task_keyword, consensus keyword, disagreement holder and
keyword occurs verbatim in the transcript; dates are ISO; dissenters are participants.
Extra (warnings): keywords of one consensus point / one action occur together in a single line
(paragraph / table cell); not_actions sentences occur verbatim.
Exit code 1 on any error.
"""
import datetime, glob, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets",
           "numbered-record", "asr-export", "chat-export", "word-signin", "yuanba-notes"}
FIELDS = ["layout", "meeting_date", "participants", "actions", "consensus",
          "disagreements", "dissenters"]


def read_transcript(base):
    if os.path.exists(base + ".txt"):
        with open(base + ".txt", encoding="utf-8") as f:
            text = f.read()
        return text, text.split("\n")
    if os.path.exists(base + ".docx"):
        import docx  # python-docx
        d = docx.Document(base + ".docx")
        units = [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                for c in row.cells:
                    units.append(c.text)
        for s in d.sections:
            units += [p.text for p in s.header.paragraphs]
        return "\n".join(units), units
    return None, None


def iso_ok(v):
    if v is None:
        return True
    try:
        datetime.date.fromisoformat(v)
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v))
    except (TypeError, ValueError):
        return False


def main():
    errors, warnings = [], []
    files = sorted(glob.glob(os.path.join(HERE, "*.json")))
    if not files:
        errors.append("no json files")
    for jf in files:
        name = os.path.basename(jf)[:-5]
        base = jf[:-5]
        E = lambda m: errors.append(f"{name}: {m}")
        W = lambda m: warnings.append(f"{name}: {m}")
        try:
            with open(jf, encoding="utf-8") as f:
                g = json.load(f)
        except Exception as e:
            E(f"invalid JSON: {e}")
            continue
        text, units = read_transcript(base)
        if text is None:
            E("no transcript (.txt/.docx)")
            continue
        for k in FIELDS:
            if k not in g:
                E(f"missing field {k}")
        if g.get("layout") not in LAYOUTS:
            E(f"unknown layout {g.get('layout')}")
        if not iso_ok(g.get("meeting_date")):
            E(f"bad meeting_date {g.get('meeting_date')}")

        def need(s, what):
            if not isinstance(s, str) or not s:
                E(f"{what}: empty/non-string {s!r}")
            elif s not in text:
                E(f"{what} not in transcript: {s!r}")

        def together(kws, what):
            if kws and not any(all(k in u for k in kws) for u in units):
                W(f"{what}: keywords {kws} never occur in one line")

        parts = g.get("participants", [])
        if len(set(parts)) != len(parts):
            E("duplicate participants")
        for p in parts:
            need(p, "participant")
        for i, a in enumerate(g.get("actions", [])):
            for k in ("owner", "task_keywords", "due", "due_date"):
                if k not in a:
                    E(f"action {i}: missing {k}")
            if not a.get("owner"):
                E(f"action {i}: empty owner")
            if not a.get("task_keywords"):
                E(f"action {i}: no task_keywords")
            for kw in a.get("task_keywords", []):
                need(kw, f"action {i} task_keyword")
            together(a.get("task_keywords", []), f"action {i}")
            if a.get("due") is not None:
                need(a["due"], f"action {i} due")
            if not iso_ok(a.get("due_date")):
                E(f"action {i}: bad due_date {a.get('due_date')}")
            if a.get("due") is None and a.get("due_date") is not None:
                E(f"action {i}: due_date without due")
        for i, c in enumerate(g.get("consensus", [])):
            if not (isinstance(c, list) and 1 <= len(c) <= 3):
                E(f"consensus {i}: must be a list of 1-3 keywords")
                continue
            for kw in c:
                need(kw, f"consensus {i} keyword")
            together(c, f"consensus {i}")
        # keywords of one point must not all occur in the line holding another point
        cons = g.get("consensus", [])
        for i, c in enumerate(cons):
            for j, c2 in enumerate(cons):
                if i != j and set(c2) <= set(c):
                    E(f"consensus {j} keywords are a subset of consensus {i}")
        holders = set()
        for i, d in enumerate(g.get("disagreements", [])):
            need(d.get("holder"), f"disagreement {i} holder")
            holders.add(d.get("holder"))
            for kw in d.get("keywords", []):
                need(kw, f"disagreement {i} keyword")
            if not d.get("keywords"):
                E(f"disagreement {i}: no keywords")
        for p in g.get("dissenters", []):
            need(p, "dissenter")
            if p not in parts:
                E(f"dissenter {p} not in participants")
        if holders - set(g.get("dissenters", [])):
            W(f"disagreement holders not in dissenters: {holders - set(g.get('dissenters', []))}")
        for s in g.get("not_actions", []):
            if s not in text:
                W(f"not_action not verbatim: {s!r}")
        body = re.sub(r"\s", "", text)
        print(f"{name}: {g.get('layout')}, {len(body)} chars (no whitespace), "
              f"{len(parts)} participants, {len(g.get('actions', []))} actions, "
              f"{len(cons)} consensus, {len(g.get('dissenters', []))} dissenters")
    for w in warnings:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
