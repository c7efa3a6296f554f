#!/usr/bin/env python3
"""Verify heldout.json: every clause label exists in its document and every fact
is a verbatim substring of that clause's text. Exits 1 on any problem."""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEARCH_DIRS = [os.path.join(HERE, "docs"), "/work/shared/knowledge"]
KINDS = {"time", "count", "share", "who", "how", "condition", "what", "document", "english"}
NUM = "一二三四五六七八九十百零"
RE_CHAPTER = re.compile(r"^第[%s]+章" % NUM)
RE_ARTICLE = re.compile(r"^(第[%s]+条)" % NUM)
RE_PART = re.compile(r"^([%s]+、)" % NUM)
RE_ITEM = re.compile(r"^(（[%s]+）)" % NUM)


def load_lines(name):
    for d in SEARCH_DIRS:
        p = os.path.join(d, name)
        if os.path.exists(p):
            if name.endswith(".docx"):
                from docx import Document  # paragraphs and table cells in body order
                from docx.table import Table
                from docx.text.paragraph import Paragraph
                doc = Document(p)
                lines = []
                for el in doc.element.body.iterchildren():
                    if el.tag.endswith("}p"):
                        lines.append(Paragraph(el, doc).text)
                    elif el.tag.endswith("}tbl"):
                        for row in Table(el, doc).rows:
                            for cell in row.cells:
                                lines.append(cell.text)
                return [l.strip() for l in lines]
            with open(p, encoding="utf-8") as f:
                return [l.strip() for l in f.read().splitlines()]
    return None


def clauses(lines):
    """Return {label: text}. Article documents: header + 第X条. Outline documents:
    header + deepest of 一、（一） / 一、 (a part without items)."""
    out, cur, buf = {}, "header", []

    def flush():
        if cur is not None:
            out[cur] = out.get(cur, "") + "\n".join(buf)

    if any(RE_ARTICLE.match(l) for l in lines):
        for l in lines:
            m = RE_ARTICLE.match(l)
            if m or RE_CHAPTER.match(l):
                flush(); buf = []
                cur = m.group(1) if m else None
                if m:
                    buf.append(l)
                continue
            buf.append(l)
        flush()
        return out
    part, part_has_items, part_buf = None, False, []
    for l in lines:
        mp, mi = RE_PART.match(l), RE_ITEM.match(l)
        if mp:
            flush(); buf = []
            if part and not part_has_items:
                out[part] = "\n".join(part_buf)
            part, part_has_items, part_buf, cur = mp.group(1), False, [l], None
            continue
        if mi and part:
            flush(); buf = [l]
            part_has_items = True
            cur = part + mi.group(1)
            continue
        buf.append(l)
        if part:
            part_buf.append(l)
    flush()
    if part and not part_has_items:
        out[part] = "\n".join(part_buf)
    return out


def main():
    data = json.load(open(os.path.join(HERE, "heldout.json"), encoding="utf-8"))
    problems = []
    docs = {}
    for name in data["documents"]:
        lines = load_lines(name)
        if lines is None:
            problems.append("missing document %s" % name)
            continue
        docs[name] = clauses(lines)
    for i, q in enumerate(data["questions"], 1):
        tag = "Q%d (%s)" % (i, q["q"][:20])
        for key in ("q", "doc", "clause", "also", "facts", "kind"):
            if key not in q:
                problems.append("%s: missing key %s" % (tag, key))
        if q.get("kind") not in KINDS:
            problems.append("%s: bad kind %r" % (tag, q.get("kind")))
        cl = docs.get(q.get("doc"))
        if cl is None:
            problems.append("%s: unknown doc %s" % (tag, q.get("doc")))
            continue
        for lab in [q["clause"]] + list(q.get("also", [])):
            if lab not in cl:
                problems.append("%s: label %s not in %s" % (tag, lab, q["doc"]))
        facts = q.get("facts", [])
        if not 1 <= len(facts) <= 3:
            problems.append("%s: %d facts" % (tag, len(facts)))
        text = cl.get(q["clause"], "")
        for f in facts:
            if f not in text:
                problems.append("%s: fact %r not in %s %s" % (tag, f, q["doc"], q["clause"]))
    if not isinstance(data.get("out_of_scope"), list) or not data["out_of_scope"]:
        problems.append("out_of_scope missing/empty")
    for p in problems:
        print("PROBLEM:", p)
    n = len(data["questions"])
    print("%d questions, %d out-of-scope, %d documents, %d problems"
          % (n, len(data.get("out_of_scope", [])), len(docs), len(problems)))
    for name, cl in docs.items():
        print("  %s: %d labels" % (name, len(cl)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
