#!/usr/bin/env python3
"""Check gold json files against their transcripts (stdlib + python-docx)."""
import json, re, sys, datetime, pathlib

HERE = pathlib.Path(__file__).resolve().parent
LAYOUTS = {"typed-colon", "typed-role-brackets", "typed-comma-brackets", "square-brackets",
           "numbered-record", "asr-export", "chat-export", "word-signin", "yuanba-notes"}
KEYS = {"layout", "meeting_date", "participants", "actions", "consensus", "disagreements", "dissenters"}


def text_of(path):
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    import docx
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    for s in d.sections:
        parts += [p.text for p in s.header.paragraphs]
    return "\n".join(parts)


def iso_ok(v):
    try:
        datetime.date.fromisoformat(v)
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) is not None
    except Exception:
        return False


def check(jpath):
    probs = []
    stem = jpath.stem
    tr = [p for p in (HERE / (stem + ".txt"), HERE / (stem + ".docx")) if p.exists()]
    if len(tr) != 1:
        return [f"{stem}: expected exactly one transcript, found {len(tr)}"]
    text = text_of(tr[0])
    try:
        g = json.loads(jpath.read_text(encoding="utf-8"))
    except Exception as e:
        return [f"{stem}: invalid JSON: {e}"]
    miss = KEYS - g.keys()
    if miss:
        probs.append(f"{stem}: missing keys {sorted(miss)}")
        return probs
    extra = g.keys() - KEYS - {"not_actions"}
    if extra:
        probs.append(f"{stem}: unexpected keys {sorted(extra)}")
    if g["layout"] not in LAYOUTS:
        probs.append(f"{stem}: unknown layout {g['layout']}")
    if tr[0].suffix == ".docx" and g["layout"] != "word-signin":
        probs.append(f"{stem}: docx but layout {g['layout']}")
    md = g["meeting_date"]
    if md is not None and not iso_ok(md):
        probs.append(f"{stem}: meeting_date not ISO: {md}")

    def need(s, what):
        if not isinstance(s, str) or not s:
            probs.append(f"{stem}: {what} empty/not a string: {s!r}")
        elif s not in text:
            probs.append(f"{stem}: {what} not in transcript: {s!r}")

    parts = g["participants"]
    if len(set(parts)) != len(parts):
        probs.append(f"{stem}: duplicate participants")
    for p in parts:
        need(p, "participant")
    for i, a in enumerate(g["actions"]):
        for k in ("owner", "task_keywords", "due", "due_date"):
            if k not in a:
                probs.append(f"{stem}: action {i} missing {k}")
        need(a.get("owner"), f"action {i} owner")
        kws = a.get("task_keywords") or []
        if not kws:
            probs.append(f"{stem}: action {i} has no task keywords")
        for kw in kws:
            need(kw, f"action {i} keyword")
        if a.get("due") is not None:
            need(a["due"], f"action {i} due")
        if a.get("due_date") is not None:
            if not iso_ok(a["due_date"]):
                probs.append(f"{stem}: action {i} due_date not ISO")
            if a.get("due") is None:
                probs.append(f"{stem}: action {i} due_date without due")
    for i, c in enumerate(g["consensus"]):
        if not (isinstance(c, list) and 1 <= len(c) <= 3):
            probs.append(f"{stem}: consensus {i} must be 1-3 keywords")
            continue
        for kw in c:
            need(kw, f"consensus {i} keyword")
    holders = set()
    for i, d in enumerate(g["disagreements"]):
        need(d.get("holder"), f"disagreement {i} holder")
        holders.add(d.get("holder"))
        if not d.get("keywords"):
            probs.append(f"{stem}: disagreement {i} has no keywords")
        for kw in d.get("keywords") or []:
            need(kw, f"disagreement {i} keyword")
    ds = set(g["dissenters"])
    if not ds <= holders:
        probs.append(f"{stem}: dissenters not among holders: {sorted(ds - holders)}")
    if not holders <= set(parts):
        probs.append(f"{stem}: holders not among participants: {sorted(holders - set(parts))}")
    for s in g.get("not_actions", []):
        need(s, "not_action")
    return probs


def main():
    files = sorted(HERE.glob("nc*.json"))
    allp = []
    for f in files:
        allp += check(f)
    for p in allp:
        print(p)
    print(f"{len(files)} gold files, {len(allp)} problems")
    return 1 if allp else 0


if __name__ == "__main__":
    sys.exit(main())
