#!/usr/bin/env python3
"""Validate qa_eval7/a/heldout.json against the document texts (stdlib only).

Documents: docs/fenglin-2026-18-yiti-diaoyan.txt (article style, this folder)
and /work/shared/knowledge/deyang-2021-19-youshilaixieshang.txt (part style).
Run: python3 check.py   (exit 0 = no problems; WARN lines are informational)

Label rules:
  header      = everything before the first 第一章/第一条 line (article style)
                or the first "一、" line (part style).
  第十二条    = from that article line to the next article or chapter heading.
  三、（二）  = from that item line to the next item or part heading.
  二、        = a part without items: from the part heading to the next part.
Facts must be verbatim substrings of the labelled section and must not span a line break.
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOC_DIRS = [os.path.join(HERE, "docs"), "/work/shared/knowledge"]
KINDS = {"time", "count", "who", "condition", "how", "what", "document", "share"}
CN = "一二三四五六七八九十百零"
RE_CHAPTER = re.compile(r"^第[%s]+章" % CN)
RE_ARTICLE = re.compile(r"^(第[%s]+条)" % CN)
RE_PART = re.compile(r"^([%s]+、)" % CN)
RE_ITEM = re.compile(r"^(（[%s]+）)" % CN)


def find_doc(name):
    for d in DOC_DIRS:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    return None


def sections(text):
    """Return dict label -> text of that section."""
    lines = text.split("\n")
    article_style = any(RE_ARTICLE.match(l.strip()) or RE_CHAPTER.match(l.strip()) for l in lines)
    secs, cur, buf = {}, "header", []

    def flush():
        if cur is not None:
            secs[cur] = secs.get(cur, "") + "\n".join(buf)

    part = None
    for raw in lines:
        l = raw.strip()
        new = None
        if article_style:
            if RE_CHAPTER.match(l):
                new = ("__chapter__", )
            else:
                m = RE_ARTICLE.match(l)
                if m:
                    new = (m.group(1),)
        else:
            m = RE_PART.match(l)
            if m:
                part = m.group(1)
                new = (part,)
            else:
                m = RE_ITEM.match(l)
                if m and part is not None:
                    new = (part + m.group(1),)
        if new is not None:
            flush()
            cur = None if new[0] == "__chapter__" else new[0]
            buf = [raw]
            if new[0] in secs:
                print("  duplicate label in document:", new[0])
        else:
            buf.append(raw)
    flush()
    return secs


def longest_common(a, b):
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def main():
    path = os.path.join(HERE, "heldout.json")
    data = json.load(open(path, encoding="utf-8"))
    problems, warnings = [], []
    docs = {}
    for name in data.get("documents", []):
        p = find_doc(name)
        if not p:
            problems.append("document not found: %s" % name)
            continue
        docs[name] = sections(open(p, encoding="utf-8").read())
    seen = set()
    kinds = {}
    per_doc = {}
    for i, q in enumerate(data["questions"], 1):
        tag = "Q%d" % i
        for k in ("q", "doc", "clause", "facts", "kind"):
            if k not in q:
                problems.append("%s missing key %s" % (tag, k))
        norm = re.sub(r"\s+", "", q["q"]).lower()
        if norm in seen:
            problems.append("%s duplicate question" % tag)
        seen.add(norm)
        if q["kind"] not in KINDS:
            problems.append("%s bad kind %s" % (tag, q["kind"]))
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
        per_doc[q["doc"]] = per_doc.get(q["doc"], 0) + 1
        secs = docs.get(q["doc"])
        if secs is None:
            problems.append("%s unknown doc %s" % (tag, q["doc"]))
            continue
        labels = [q["clause"]] + list(q.get("also", []))
        for lab in labels:
            if lab not in secs:
                problems.append("%s label %s not in %s" % (tag, lab, q["doc"]))
        sec = secs.get(q["clause"], "")
        if not 1 <= len(q["facts"]) <= 3:
            problems.append("%s needs 1-3 facts" % tag)
        for f in q["facts"]:
            if "\n" in f or not f.strip():
                problems.append("%s fact empty or has a line break: %r" % (tag, f))
            elif f not in sec:
                problems.append("%s fact not in %s: %r" % (tag, q["clause"], f))
            for lab in q.get("also", []):
                if lab in secs and f not in secs[lab]:
                    warnings.append("%s fact %r not in also-label %s" % (tag, f, lab))
        common = longest_common(re.sub(r"\s+", "", q["q"]), sec)
        if len(common) >= 7:
            warnings.append("%s shares %d chars with its clause: %s" % (tag, len(common), common))
    oos = data.get("out_of_scope", [])
    for i, o in enumerate(oos, 1):
        norm = re.sub(r"\s+", "", o).lower()
        if norm in seen:
            problems.append("OOS%d duplicate" % i)
        seen.add(norm)
    for k in sorted(KINDS):
        if kinds.get(k, 0) < 2:
            problems.append("kind %s used %d times (<2)" % (k, kinds.get(k, 0)))
    for w in warnings:
        print("WARN", w)
    for p in problems:
        print("PROBLEM", p)
    print("questions: %d  out_of_scope: %d" % (len(data["questions"]), len(oos)))
    print("by doc:", json.dumps(per_doc, ensure_ascii=False))
    print("by kind:", json.dumps(dict(sorted(kinds.items())), ensure_ascii=False))
    print("%d problems, %d warnings" % (len(problems), len(warnings)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
