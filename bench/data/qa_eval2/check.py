#!/usr/bin/env python3
"""Sanity check of a question file: every gold clause exists in its document and
every fact is a verbatim substring of that clause (or of an `also` clause).

Usage: python3 check.py dev.json|heldout.json
Documents are looked up in docs_dev/, docs_heldout/ and /work/shared/knowledge/.
Clause segmentation here is only for checking the gold; it is not part of the set.
"""
import json, os, re, sys, collections

HERE = os.path.dirname(os.path.abspath(__file__))
DIRS = [os.path.join(HERE, "docs_dev"), os.path.join(HERE, "docs_heldout"), "/work/shared/knowledge"]
CN = "一二三四五六七八九十百零"


def find(name):
    for d in DIRS:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    raise SystemExit(f"document not found: {name}")


def lines_of(path):
    if path.endswith(".docx"):
        import docx
        d = docx.Document(path)
        body = d.element.body
        out = []
        for el in body.iterchildren():
            tag = el.tag.split("}")[1]
            if tag == "p":
                out.append("".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")))
            elif tag == "tbl":
                for tc in el.iter():
                    if tc.tag.endswith("}tc"):
                        out.append("".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t")))
        return out
    return open(path, encoding="utf-8").read().split("\n")


def segment(path):
    ls = lines_of(path)
    seg = collections.OrderedDict()
    cur = "header"
    seg[cur] = []
    if any(re.match(rf"^第[{CN}]+条", l) for l in ls):
        for l in ls:
            m = re.match(rf"^(第[{CN}]+条)", l)
            if m:
                cur = m.group(1)
            elif re.match(rf"^第[{CN}]+章", l):
                cur = None
            if cur:
                seg.setdefault(cur, []).append(l)
    else:
        part = None
        for l in ls:
            m1 = re.match(rf"^([{CN}]+、)", l)
            m2 = re.match(rf"^(（[{CN}]+）)", l)
            if m1:
                part = m1.group(1)
                cur = part
            elif m2 and part:
                cur = part + m2.group(1)
            seg.setdefault(cur, []).append(l)
    return {k: "\n".join(v) for k, v in seg.items()}


def main(fn):
    data = json.load(open(fn, encoding="utf-8"))
    segs = {d: segment(find(d)) for d in data["documents"]}
    bad = 0
    per = collections.Counter()
    kinds = collections.Counter()
    seen = set()
    for i, q in enumerate(data["questions"]):
        if q["q"] in seen:
            print("DUP", q["q"]); bad += 1
        seen.add(q["q"])
        per[q["doc"]] += 1
        kinds[q["kind"]] += 1
        cands = [(q["doc"], q["clause"])] + [(a["doc"], a["clause"]) for a in q.get("also", [])]
        for d, c in cands:
            if d not in segs or c not in segs[d]:
                print(f"#{i} clause missing: {d} {c}"); bad += 1
        main_txt = segs.get(q["doc"], {}).get(q["clause"], "")
        for f in q["facts"]:
            if f not in main_txt:
                print(f"#{i} fact not in gold clause: {f!r} ({q['doc']} {q['clause']})"); bad += 1
    print("questions per doc:", dict(per))
    print("kinds:", dict(kinds))
    print("out_of_scope:", len(data["out_of_scope"]))
    print("clauses per doc:", {d: len(s) - 1 for d, s in segs.items()})
    print("errors:", bad)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1]) else 0)
