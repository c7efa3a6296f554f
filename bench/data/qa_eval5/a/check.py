#!/usr/bin/env python3
"""Consistency check for heldout.json.

Every clause / also label must exist in its document and every fact must be a
verbatim substring of the gold clause's text. Exits 1 on any problem.
Documents are looked up in ./docs first, then /work/shared/knowledge.

Clause segmentation (see README):
  * article style (any line starting with 第X条): `header` = everything before the
    first 第X章/第X条 line; an article runs from its 第X条 line to the next
    article or chapter heading (chapter headings belong to no article).
  * part style (一、 / （一）): `header` = everything before the first 一、 line;
    part `三、` = the whole part; item `三、（八）` = from its （八） line to the
    next item or part.
  * .docx: paragraphs and table cells in body order, then the same rules.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEARCH = [HERE / "docs", Path("/work/shared/knowledge")]
KINDS = {"time", "count", "share", "who", "how", "condition", "what", "document"}
CN = "一二三四五六七八九十百零"
ART = re.compile(rf"^\s*(第[{CN}]+条)")
CHAP = re.compile(rf"^\s*第[{CN}]+章")
PART = re.compile(rf"^\s*([{CN}]+、)")
ITEM = re.compile(rf"^\s*(（[{CN}]+）)")


def docx_lines(path):
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    d = docx.Document(str(path))
    out = []
    for el in d.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(el, d).text)
        elif tag == "tbl":
            for row in Table(el, d).rows:
                for cell in row.cells:
                    out.append(cell.text)
    return out


def load_lines(path):
    if path.suffix == ".docx":
        return docx_lines(path)
    return path.read_text(encoding="utf-8").splitlines()


def segment(lines):
    """Return {label: text}."""
    segs = {}
    if any(ART.match(l) for l in lines):
        cur = "header"
        segs[cur] = []
        for l in lines:
            m = ART.match(l)
            if m:
                cur = m.group(1)
                segs.setdefault(cur, [])
            elif CHAP.match(l):
                cur = None
                continue
            if cur is not None:
                segs[cur].append(l)
    else:
        part = None
        item = None
        segs["header"] = []
        for l in lines:
            pm = PART.match(l)
            im = ITEM.match(l)
            if pm:
                part, item = pm.group(1), None
                segs.setdefault(part, [])
            elif im and part:
                item = part + im.group(1)
                segs.setdefault(item, [])
            if part is None:
                segs["header"].append(l)
            else:
                segs[part].append(l)
                if item:
                    segs[item].append(l)
    return {k: "\n".join(v) for k, v in segs.items()}


def lcs_len(a, b):
    """Longest common substring length (small strings, plain DP)."""
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def main():
    data = json.loads((HERE / "heldout.json").read_text(encoding="utf-8"))
    problems, warnings = [], []
    docs = {}
    for name in data["documents"]:
        for base in SEARCH:
            p = base / name
            if p.exists():
                docs[name] = segment(load_lines(p))
                break
        else:
            problems.append(f"document not found: {name}")
    seen = set()
    for i, q in enumerate(data["questions"]):
        tag = f"q{i + 1}"
        for key in ("q", "doc", "clause", "also", "facts", "kind"):
            if key not in q:
                problems.append(f"{tag}: missing key {key}")
        if q["q"] in seen:
            problems.append(f"{tag}: duplicate question")
        seen.add(q["q"])
        if q["kind"] not in KINDS:
            problems.append(f"{tag}: bad kind {q['kind']}")
        if q["doc"] not in docs:
            problems.append(f"{tag}: doc {q['doc']} not in documents")
            continue
        segs = docs[q["doc"]]
        if not 1 <= len(q["facts"]) <= 3:
            problems.append(f"{tag}: needs 1-3 facts")
        for lab in [q["clause"]] + list(q["also"]):
            if lab not in segs:
                problems.append(f"{tag}: label {lab} not in {q['doc']}")
                continue
            for f in q["facts"]:
                if f not in segs[lab]:
                    problems.append(f"{tag}: fact {f!r} not verbatim in {q['doc']} {lab}")
        if q["clause"] in segs:
            n = lcs_len(q["q"], segs[q["clause"]])
            if n >= 7:
                warnings.append(f"{tag}: shares {n} consecutive characters with its clause")
    oos = data.get("out_of_scope", [])
    if len(set(oos)) != len(oos):
        problems.append("duplicate out-of-scope question")
    for w in warnings:
        print("warning:", w)
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(data['questions'])} questions, {len(oos)} out of scope, "
          f"{len(warnings)} warnings, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
