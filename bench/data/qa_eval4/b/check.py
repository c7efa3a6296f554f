#!/usr/bin/env python3
"""Verify heldout.json: every clause label (and every 'also' label) exists in its
document, and every fact is a verbatim substring of that clause's text.
Exit 1 on any problem.  Needs python-docx for the .docx document
(e.g. /tmp/dvqb/bin/python check.py).

Segmentation (one rule for all documents):
  * header  = everything before the first 一、 part (title, number, issuers, date,
              addressee/preamble) plus the closing block that starts at a line
              beginning with 附件 (attachments list, signature, date).
  * a part line  ^[一二…十]+、  opens label "一、"
  * an item line ^（[一二…十]+） opens label "一、（二）" (inside the current part)
  * numbered items "1." / List Number paragraphs / table rows stay in the
    enclosing label.
  * .docx: paragraphs and table cells are read in body order; Heading 1 / Heading 2
    (or the same text patterns) open parts / items; table cells are joined with a
    tab, rows with a newline.
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHIPPED_DIR = "/work/shared/knowledge"
NUM = "一二三四五六七八九十"
PART = re.compile(r"^([%s]+)、" % NUM)
ITEM = re.compile(r"^（([%s]+)）" % NUM)


def docx_lines(path):
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    doc = Document(path)
    out = []
    for el in doc.element.body.iterchildren():
        tag = el.tag.split("}")[-1]
        if tag == "p":
            p = Paragraph(el, doc)
            out.append((p.style.name if p.style is not None else "", p.text))
        elif tag == "tbl":
            t = Table(el, doc)
            rows = []
            for r in t.rows:
                cells = []
                for c in r.cells:
                    if not cells or c.text != cells[-1]:
                        cells.append(c.text)
                rows.append("\t".join(cells))
            out.append(("table", "\n".join(rows)))
    return out


def segment(path):
    if path.endswith(".docx"):
        lines = docx_lines(path)
    else:
        lines = [("", l) for l in open(path, encoding="utf-8").read().split("\n")]
    clauses = {"header": []}
    cur, part, tail = "header", None, False
    for style, text in lines:
        s = text.strip()
        if not s:
            continue
        if not tail and style != "table":
            if s.startswith("附件") and part is not None:
                tail = True
                cur = "header"
            elif style == "Heading 1" or PART.match(s):
                part = PART.match(s).group(0) if PART.match(s) else s
                cur = part
            elif (style == "Heading 2" or ITEM.match(s)) and part is not None:
                m = ITEM.match(s)
                cur = part + (m.group(0) if m else s)
        clauses.setdefault(cur, []).append(s)
    return {k: "\n".join(v) for k, v in clauses.items()}


def doc_path(name):
    for d in (os.path.join(HERE, "docs"), SHIPPED_DIR):
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    return None


def main():
    data = json.load(open(os.path.join(HERE, "heldout.json"), encoding="utf-8"))
    problems = []
    segs = {}
    for name in data["documents"]:
        p = doc_path(name)
        if not p:
            problems.append("missing document %s" % name)
            continue
        segs[name] = segment(p)
    kinds = {"time", "count", "share", "who", "how", "condition", "what", "document", "english"}
    for i, q in enumerate(data["questions"], 1):
        tag = "Q%d %r" % (i, q["q"][:30])
        if q.get("kind") not in kinds:
            problems.append("%s: bad kind %r" % (tag, q.get("kind")))
        if q["doc"] not in segs:
            problems.append("%s: unknown doc %s" % (tag, q["doc"]))
            continue
        seg = segs[q["doc"]]
        for lab in [q["clause"]] + q.get("also", []):
            if lab not in seg:
                problems.append("%s: label %s not in %s" % (tag, lab, q["doc"]))
        if q["clause"] not in seg:
            continue
        if not 1 <= len(q["facts"]) <= 3:
            problems.append("%s: %d facts" % (tag, len(q["facts"])))
        for f in q["facts"]:
            if f not in seg[q["clause"]]:
                problems.append("%s: fact %r not in %s" % (tag, f, q["clause"]))
    if len(data.get("out_of_scope", [])) != 8:
        problems.append("out_of_scope count %d" % len(data.get("out_of_scope", [])))
    if "-v" in sys.argv:
        for name, seg in segs.items():
            print("==", name, len(seg) - 1, "clauses")
            for k, v in seg.items():
                print("  %-10s %s" % (k, v.replace("\n", " / ")[:70]))
    for p in problems:
        print("PROBLEM:", p)
    print("%d questions, %d out_of_scope, %d problems" % (
        len(data["questions"]), len(data.get("out_of_scope", [])), len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
