#!/usr/bin/env python3
"""Validate heldout.json against the documents.

Usage: python check.py            # validate, exit 1 on problems
       python check.py --dump     # print every label and its clause text per document

Document reading:
- .txt: one line per source line, blank lines dropped.
- .docx (needs python-docx): body paragraphs and tables in document order; each table cell is one line
  (row by row, left to right; repeated merged cells dropped). Auto numbers of list paragraphs are not text.
Label rules:
- header = every line before the first chapter/article (第X章/第X条) or, in part style, the first "一、".
- article style: "第十二条" = that article to the next article or chapter heading.
- part style: "三、（二）" = from that item line to the next item or part line; "二、" = a part without items
  (from its line to the next part); for a part with items "三、" is only its heading plus any intro before (一).
  The last label runs to the end of the document (so 附件 / 落款 / date lines belong to the last part).
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEARCH = [HERE / "docs", Path("/work/shared/knowledge")]
KINDS = {"time", "count", "who", "condition", "how", "what", "document", "share"}
CN = "一二三四五六七八九十百零〇"
RE_CHAPTER = re.compile(rf"^第[{CN}]+章")
RE_ARTICLE = re.compile(rf"^(第[{CN}]+条)")
RE_PART = re.compile(rf"^([{CN}]+、)")
RE_ITEM = re.compile(rf"^(（[{CN}]+）)")


def find_doc(name: str) -> Path | None:
    for d in SEARCH:
        p = d / name
        if p.exists():
            return p
    return None


def read_lines(path: Path) -> list[str]:
    if path.suffix.lower() == ".docx":
        from docx import Document  # type: ignore
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        doc = Document(str(path))
        out: list[str] = []
        for el in doc.element.body.iterchildren():
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "p":
                t = Paragraph(el, doc).text.strip()
                if t:
                    out.append(t)
            elif tag == "tbl":
                for row in Table(el, doc).rows:
                    prev = None
                    for cell in row.cells:
                        if cell._tc is prev:
                            continue
                        prev = cell._tc
                        for line in cell.text.split("\n"):
                            if line.strip():
                                out.append(line.strip())
        return out
    text = path.read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def segment(lines: list[str]) -> dict[str, list[str]]:
    """Return label -> list of lines."""
    article_style = any(RE_ARTICLE.match(ln) or RE_CHAPTER.match(ln) for ln in lines)
    segs: dict[str, list[str]] = {"header": []}
    cur = "header"
    part = None
    for ln in lines:
        if article_style:
            m = RE_ARTICLE.match(ln)
            if RE_CHAPTER.match(ln):
                cur = "_chapter:" + ln
                segs.setdefault(cur, [])
            elif m:
                cur = m.group(1)
                segs.setdefault(cur, [])
        else:
            mp = RE_PART.match(ln)
            mi = RE_ITEM.match(ln)
            if mp:
                part = mp.group(1)
                cur = part
                segs.setdefault(cur, [])
            elif mi and part is not None:
                cur = part + mi.group(1)
                segs.setdefault(cur, [])
        segs[cur].append(ln)
    return segs


def norm(q: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", q).lower()
                   if not unicodedata.category(ch).startswith(("P", "Z", "S")))


def longest_common(a: str, b: str) -> str:
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def main() -> int:
    data = json.loads((HERE / "heldout.json").read_text(encoding="utf-8"))
    problems: list[str] = []
    warnings: list[str] = []
    docs: dict[str, dict[str, list[str]]] = {}
    for name in data["documents"]:
        p = find_doc(name)
        if p is None:
            problems.append(f"document not found: {name}")
            continue
        docs[name] = segment(read_lines(p))

    if "--dump" in sys.argv:
        for name, segs in docs.items():
            print("=" * 20, name)
            for lab, ls in segs.items():
                print(f"[{lab}]")
                for ln in ls:
                    print("   ", ln)
        return 0

    seen: dict[str, int] = {}
    kinds: dict[str, int] = {}
    by_doc: dict[str, int] = {}
    for i, q in enumerate(data["questions"], 1):
        tag = f"Q{i}"
        text = q.get("q", "")
        if not text.strip():
            problems.append(f"{tag}: empty question")
        n = norm(text)
        if n in seen:
            problems.append(f"{tag}: duplicate of Q{seen[n]}")
        seen[n] = i
        kind = q.get("kind")
        if kind not in KINDS:
            problems.append(f"{tag}: invalid kind {kind!r}")
        kinds[kind] = kinds.get(kind, 0) + 1
        doc = q.get("doc")
        by_doc[doc] = by_doc.get(doc, 0) + 1
        if doc not in docs:
            problems.append(f"{tag}: unknown doc {doc!r}")
            continue
        segs = docs[doc]
        lab = q.get("clause")
        if lab not in segs or lab.startswith("_chapter:"):
            problems.append(f"{tag}: label {lab!r} not in {doc}")
            continue
        for extra in q.get("also", []):
            if extra not in segs:
                problems.append(f"{tag}: also-label {extra!r} not in {doc}")
        facts = q.get("facts", [])
        if not 1 <= len(facts) <= 3:
            problems.append(f"{tag}: needs 1-3 facts, has {len(facts)}")
        lines = segs[lab]
        for f in facts:
            if "\n" in f or not f.strip():
                problems.append(f"{tag}: bad fact {f!r}")
            elif not any(f in ln for ln in lines):
                problems.append(f"{tag}: fact {f!r} not verbatim in {doc} {lab}")
        common = longest_common(text, "\n".join(lines))
        if len(common) >= 7:
            warnings.append(f"{tag}: shares {len(common)} chars with its clause: {common!r}")

    for k in sorted(KINDS):
        if kinds.get(k, 0) < 2:
            problems.append(f"kind {k!r} used {kinds.get(k, 0)} times (< 2)")
    oos = data.get("out_of_scope", [])
    for j, q in enumerate(oos, 1):
        n = norm(q)
        if n in seen:
            problems.append(f"OOS{j}: duplicates a question")
        seen[n] = -j
    nq = len(data["questions"])
    if nq != 34:
        problems.append(f"expected 34 questions, found {nq}")
    if len(oos) != 8:
        problems.append(f"expected 8 out-of-scope questions, found {len(oos)}")

    for w in warnings:
        print("WARN", w)
    for p in problems:
        print("PROBLEM", p)
    print(f"questions={nq} out_of_scope={len(oos)}")
    print("by kind:", dict(sorted(kinds.items(), key=lambda kv: str(kv[0]))))
    print("by doc:", by_doc)
    print(f"{len(problems)} problems, {len(warnings)} warnings")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
