"""Check heldout.json: every clause/also label exists and every fact is a verbatim substring of the gold clause.
Exit 1 on any problem. Run with an interpreter that has python-docx."""
import json, re, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHIPPED = Path("/work/shared/knowledge")
PART = re.compile(r"^([一二三四五六七八九十]+、)")
ITEM = re.compile(r"^(（[一二三四五六七八九十]+）)")
NUM = re.compile(r"^(\d+\.)")


def clauses_txt(path):
    out, label, part = {"header": ""}, "header", None
    for line in path.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if not s:
            continue
        if label in ("附件", "落款"):
            label = "落款" if label == "附件" else label
        elif s.startswith("附件"):
            label = "附件"
        elif PART.match(s):
            part = PART.match(s).group(1); label = part
        elif part and ITEM.match(s):
            label = part + ITEM.match(s).group(1)
        elif part and NUM.match(s):
            label = part + NUM.match(s).group(1)
        out[label] = out.get(label, "") + s + "\n"
    return out


def clauses_docx(path):
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    doc = Document(str(path))
    out, label, part = {"header": ""}, "header", None
    for el in doc.element.body.iterchildren():
        tag = el.tag.split("}")[-1]
        if tag == "p":
            p = Paragraph(el, doc)
            s, style = p.text.strip(), p.style.name
            if style == "Heading 1" and PART.match(s):
                part = PART.match(s).group(1); label = part
            elif style == "Heading 2" and part and ITEM.match(s):
                label = part + ITEM.match(s).group(1)
            text = s
        elif tag == "tbl":
            t = Table(el, doc)
            text = "\n".join(" | ".join(c.text for c in r.cells) for r in t.rows)
        else:
            continue
        if text:
            out[label] = out.get(label, "") + text + "\n"
    return out


def load(name):
    p = HERE / "docs" / name
    if not p.exists():
        p = SHIPPED / name
    if not p.exists():
        return None
    return clauses_docx(p) if p.suffix == ".docx" else clauses_txt(p)


def main():
    data = json.loads((HERE / "heldout.json").read_text(encoding="utf-8"))
    kinds = {"time", "count", "share", "who", "how", "condition", "what", "document"}
    docs = {n: load(n) for n in data["documents"]}
    problems = 0
    for i, q in enumerate(data["questions"], 1):
        def bad(msg):
            nonlocal problems
            problems += 1
            print(f"Q{i}: {msg} :: {q['q']}")
        cl = docs.get(q["doc"])
        if cl is None:
            bad(f"unknown document {q['doc']}"); continue
        if q["clause"] not in cl:
            bad(f"no clause {q['clause']}"); continue
        for a in q.get("also", []):
            if a not in cl:
                bad(f"no also-clause {a}")
        if not 1 <= len(q["facts"]) <= 3:
            bad("facts must be 1-3")
        # A part label covers its numbered requirements (四、 holds 四、1.–四、3.), as in the earlier sets.
        text = "\n".join(v for k, v in cl.items() if k == q["clause"] or (q["clause"].endswith("、") and k.startswith(q["clause"])))
        for f in q["facts"]:
            if f not in text:
                bad(f"fact not in clause: {f}")
        if q["kind"] not in kinds:
            bad(f"bad kind {q['kind']}")
    print(f"{len(data['questions'])} questions, {len(data['out_of_scope'])} out of scope, {problems} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
