"""The offline, extractive answer: the rule's own sentences, with the clause they stand in.

No language model: the reply quotes the sentences of the best matching clause that carry
the question's concepts, and cites the document title and clause label. If no clause
covers enough of the question, the reply says so and does not guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from .analyzer import Analyzer, normalise
from .chunker import sentences
from .hybrid import QueryPlan
from .models import Answer, Chunk, Citation

# A clause must cover this share of the question's (idf-weighted) concepts to be quoted.
MIN_COVERAGE = 0.45
# ...and match at least one concept at least this specific (idf), not just "协商" or "政协".
MIN_SPECIFIC_IDF = 0.8
MAX_SENTENCES = 3
MAX_CLAUSES = 2

NOT_FOUND = (
    "知识库中未找到与该问题直接相关的规定，为避免误导，暂不作答。"
    "建议换一种说法（如写明具体事项、环节或对象）再问，或向政协办公室咨询。"
)
CLOSING = "（以上为文件原文摘录，具体以正式印发的文件为准。）"


@dataclass
class Candidate:
    chunk: Chunk
    score: float  # fused rank score
    coverage: float
    specific: bool  # matches a concept specific enough to count


def is_relevant(candidate: Candidate) -> bool:
    return candidate.coverage >= MIN_COVERAGE and candidate.specific


def compose_answer(question: str, plan: QueryPlan, candidates: list[Candidate], analyzer: Analyzer) -> Answer:
    relevant = [c for c in candidates if is_relevant(c)]
    if not relevant:
        return Answer(question=question, answer=NOT_FOUND, citations=[], grounded=False)

    # The best-ranked clause leads unless another covers the question clearly better.
    best_coverage = max(c.coverage for c in relevant)
    relevant = [c for c in relevant if c.coverage >= best_coverage - 0.15]
    relevant.sort(key=lambda c: -c.score)
    first = relevant[0]
    first_sentences, first_best = _pick_sentences(first.chunk, plan, analyzer)
    picked = [(first, first_sentences)]
    for other in relevant[1:MAX_CLAUSES + 2]:
        if len(picked) >= MAX_CLAUSES:
            break
        chosen, best = _pick_sentences(other.chunk, plan, analyzer)
        # A second clause only when it answers as well as the first (e.g. two clauses
        # sharing one rule) on more than one word of the question, never to pad the reply.
        matched = plan.matched(analyzer.term_set("".join(chosen)), normalise("".join(chosen)))
        if chosen and best >= first_best and other.coverage >= first.coverage - 1e-9 and len(matched) >= 2:
            picked.append((other, chosen))

    lines = []
    citations = []
    for index, (candidate, chosen) in enumerate(picked):
        chunk = candidate.chunk
        quote = "".join(chosen) or _strip_heading(chunk)
        if index == 0:
            lines.append(f"根据《{chunk.source}》{chunk.section}：{quote}")
        elif chunk.source == picked[0][0].chunk.source:
            lines.append(f"另据该文件{chunk.section}：{quote}")
        else:
            lines.append(f"另据《{chunk.source}》{chunk.section}：{quote}")
        citations.append(
            Citation(source=chunk.source, section=chunk.section, text=chunk.text,
                     file_name=chunk.metadata.get("file_name", ""))
        )
    lines.append(CLOSING)
    return Answer(question=question, answer="\n".join(lines), citations=citations, grounded=True)


def _pick_sentences(chunk: Chunk, plan: QueryPlan, analyzer: Analyzer) -> tuple[list[str], float]:
    """Sentences carrying the most question weight, in document order."""
    parts = sentences(_strip_heading(chunk))
    if not parts:
        return [], 0.0
    scored = []
    for position, sentence in enumerate(parts):
        terms = analyzer.term_set(sentence)
        scored.append((sum(c.credit(terms, normalise(sentence)) for c in plan.concepts), position, sentence))
    best = max(score for score, _, _ in scored)
    if best <= 0:
        return [], 0.0
    keep = sorted((s for s in scored if s[0] >= 0.5 * best), key=lambda s: (-s[0], s[1]))[:MAX_SENTENCES]
    keep.sort(key=lambda s: s[1])
    return [s for _, _, s in keep], best


def _strip_heading(chunk: Chunk) -> str:
    """Body without its inline heading ("（八）规范协商频次。"), which the citation already names."""
    text = chunk.text.strip()
    if chunk.heading_path:
        heading = chunk.heading_path[-1]
        if heading and text.startswith(heading):
            text = text[len(heading):].lstrip("。．. ")
    return text
