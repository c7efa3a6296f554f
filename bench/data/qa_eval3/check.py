"""Check heldout.json: every clause label exists in its document, every fact is a verbatim substring of that clause.

Usage: python3 check.py   (exit status 1 on any problem)
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEARCH = [HERE / "docs", Path("/work/shared/knowledge"), HERE.parents[2] / "knowledge"]
CN = "一二三四五六七八九十"
PART = re.compile(rf"^([{CN}]+、)")
ITEM = re.compile(rf"^(（[{CN}]+）)")
ARTICLE = re.compile(rf"^(第[{CN}百零]+条)")
CHAPTER = re.compile(rf"^第[{CN}]+章")


def find(name):
    for d in SEARCH:
        if (d / name).exists():
            return d / name
    raise FileNotFoundError(name)


def docx_blocks(path):
    """(style, text) per paragraph and per table cell, in body order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    doc = Document(str(path))
    out = []
    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(el, doc)
            out.append((p.style.name, p.text))
        elif tag == "tbl":
            for row in Table(el, doc).rows:
                for c in row.cells:
                    out.append(("cell", c.text))
    return out


def clauses(path):
    """label -> clause text."""
    res = {}
    if path.suffix == ".docx":
        part = item = None
        cur = "header"
        for style, text in docx_blocks(path):
            if style == "Heading 1":
                part = PART.match(text).group(1); cur = part
            elif style == "Heading 2":
                cur = part + ITEM.match(text).group(1)
            res[cur] = res.get(cur, "") + text + "\n"
        return res
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if any(ARTICLE.match(l.strip()) for l in lines):
        cur = "header"
        for l in lines:
            s = l.strip()
            m = ARTICLE.match(s)
            if m:
                cur = m.group(1)
            elif CHAPTER.match(s):
                cur = None
            if cur:
                res[cur] = res.get(cur, "") + l + "\n"
        return res
    part, cur = None, "header"
    for l in lines:
        s = l.strip()
        m, n = PART.match(s), ITEM.match(s)
        if m:
            part = cur = m.group(1)
        elif n and part:
            cur = part + n.group(1)
        res[cur] = res.get(cur, "") + l + "\n"
    return res


def main():
    data = json.loads((HERE / "heldout.json").read_text(encoding="utf-8"))
    cache = {d: clauses(find(d)) for d in data["documents"]}
    bad = 0
    for i, q in enumerate(data["questions"]):
        refs = [(q["doc"], q["clause"])] + [(a["doc"], a["clause"]) for a in q.get("also", [])]
        for d, c in refs:
            if d not in cache or c not in cache[d]:
                print(f"#{i} missing clause {d} {c}: {q['q']}"); bad += 1
        body = cache.get(q["doc"], {}).get(q["clause"], "")
        if not 1 <= len(q["facts"]) <= 3:
            print(f"#{i} needs 1-3 facts"); bad += 1
        for f in q["facts"]:
            if f not in body:
                print(f"#{i} fact not in {q['doc']} {q['clause']}: {f}"); bad += 1
    n = len(data["questions"])
    print(f"{n} questions, {len(data['out_of_scope'])} out of scope, {bad} problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
