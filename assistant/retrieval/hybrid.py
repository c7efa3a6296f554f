"""Query analysis and reciprocal rank fusion of the lexical and dense rankings.

A question becomes "concepts": each word the member used (with the sub-words jieba finds
inside it), or each glossary phrase (with the official terms it stands for). Concepts drive
three things: the weighted BM25 query, the check whether a chunk really covers the question
(so "今天天气怎么样" is declined even though the dense index always returns something), and
the choice of sentences for the extractive answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .analyzer import STOPWORDS, Analyzer, normalise
from .glossary import Glossary
from .lexical import LexicalIndex, Vocabulary
from .normaliser import normalise_question
from .question_types import is_question_form, is_type_cue
from .thesaurus import Thesaurus
from .typos import HomophoneIndex, correct_slips

RRF_K = 60
EXPANSION_WEIGHT = 0.6


# Share of a word's weight earned when only a piece of it matches ("指导" for "指导思想").
PARTIAL_CREDIT = 0.5
# Weight of a non-noun ("适合", "拿来") relative to a noun: verbs and adverbs mostly say
# how a member asks, nouns say what about ("护照", "股票" make a question off-topic).
NON_NOUN_SHARE = 0.3
# Of an unknown non-noun (before NON_NOUN_SHARE): "填表", "交上去" rarely name the topic. At 0.5
# a long spoken question ("这次正好…要是…有人出来") diluted its coverage with such words until the
# right clause was declined; 0.35 answers 3 more dev questions and declines as many out of scope
# (0.25: one out-of-scope question more answered).
UNKNOWN_VERB_SHARE = 0.35


SINGLE_CHAR_SHARE = 0.5
MADE_UP_WORDS_ARE_PHRASING = True
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")

# A thesaurus synonym is a weak vote: noisy groups ("题目" with "问题") must not decide alone.
THESAURUS_WEIGHT = 0.3
THESAURUS_CREDIT = 0.5
# A word found in the text as characters (jieba cut it differently there) or by half its
# character bigrams ("留言" in "留了言" does not count; "征集议题" in "议题征集" does).
SUBSTRING_CREDIT = 0.8
BIGRAM_CREDIT = 0.4


@dataclass
class Concept:
    label: str
    variants: frozenset[str]  # index terms that stand for it
    weight: float
    phrases: tuple[str, ...] = ()  # glossary concepts: verbatim policy wording, normalised
    synonyms: frozenset[str] = frozenset()  # thesaurus words of equal meaning found in the index
    # A noun found nowhere in the documents, nor any synonym of it: the question is likely
    # about something the knowledge base does not hold ("低保", "护照").
    foreign: bool = False
    specificity: float = 0.0  # idf of the word itself when the documents use it, else 0
    unknown: bool = False  # a word (2+ characters) the policy documents never use, nor a synonym

    @property
    def from_glossary(self) -> bool:
        return bool(self.phrases)

    def credit(self, terms: set[str], text: str) -> float:
        """Weight earned by a text (normalised) whose index terms are `terms`."""
        if self.phrases:
            # Official wording must appear as written: "面对面沟通协商" is not matched by
            # any text that merely says "协商".
            return self.weight if any(p in text for p in self.phrases) else 0.0
        if self.label in terms:
            return self.weight
        if len(self.label) >= 2 and self.label in text:
            return self.weight * SUBSTRING_CREDIT
        inside = self.variants & terms
        if inside:
            if self.foreign:
                # "政协常委会" is not "政协": a word the documents never use earns only the
                # share of its characters that its matched pieces cover.
                return self.weight * PARTIAL_CREDIT * max(len(v) for v in inside) / len(self.label)
            return self.weight * PARTIAL_CREDIT
        if self.synonyms & terms:
            return self.weight * THESAURUS_CREDIT
        if len(self.label) >= 3:
            grams = [self.label[i : i + 2] for i in range(len(self.label) - 1)]
            if sum(g in text for g in grams) * 2 >= len(grams):
                return self.weight * BIGRAM_CREDIT
        return 0.0


@dataclass
class QueryPlan:
    text: str
    concepts: list[Concept]
    weighted_terms: dict[int, float]  # term id → weight, for BM25
    dense_text: str
    expansions: list[str] = field(default_factory=list)

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.concepts)

    def coverage(self, terms: set[str], text: str) -> float:
        """Share of the question's concept weight that a chunk (its terms and text) covers."""
        total = self.total_weight
        if total <= 0:
            return 0.0
        return sum(c.credit(terms, text) for c in self.concepts) / total

    def foreign_nouns(self, text: str) -> list[str]:
        """Nouns of the question absent from the whole index and from this text."""
        return [c.label for c in self.concepts if c.foreign and c.label not in text]

    def thinly_covered(self, terms: set[str], text: str) -> bool:
        """One word in common, and the question has words the documents never use: "明天德阳会不会
        下雨" shares only "德阳" with a clause. Too thin to call the clause an answer."""
        matched = self.matched(terms, text)
        return len(matched) <= 1 and any(c.unknown and c not in matched for c in self.concepts)

    def misses_key_noun(self, terms: set[str], text: str) -> bool:
        """True when the question's most specific known noun is not in this chunk."""
        keys = [c for c in self.concepts if c.specificity > 0]
        if not keys:
            return False
        return max(keys, key=lambda c: c.specificity).credit(terms, text) <= 0

    def matched(self, terms: set[str], text: str) -> list[Concept]:
        return [c for c in self.concepts if c.credit(terms, text) > 0]

    def distinct_matched(self, terms: set[str], text: str) -> int:
        """How many different words of the question a chunk holds; forms of one word ("提案人",
        "提案": one holds the other) count once."""
        distinct: list[str] = []
        for label in sorted((c.label for c in self.matched(terms, text)), key=len, reverse=True):
            if not any(label in kept for kept in distinct):
                distinct.append(label)
        return len(distinct)


def plan_query(
    text: str, analyzer: Analyzer, glossary: Glossary, vocab: Vocabulary, lexical: LexicalIndex,
    thesaurus: Thesaurus | None = None, homophones: HomophoneIndex | None = None,
    places: frozenset[str] = frozenset(),
) -> QueryPlan:
    text = normalise_question(text)
    if homophones is not None:
        homophones.update(vocab.terms)
        text = correct_slips(
            text, homophones,
            known=lambda w: lexical.in_policy(vocab.lookup(w)),
            frequency=lambda w: lexical.policy_df(vocab.lookup(w)),
            is_word=analyzer.is_dictionary_word,
            tokens=analyzer.tokens,
            is_function_word=analyzer.is_function_word,
            places=places,
        )
    max_idf = lexical.idf(None)

    def idf(term: str) -> float | None:
        """idf of a word the policy documents use; None for one they never use (past minutes
        may mention "低保", but that does not put it in the knowledge base's scope)."""
        term_id = vocab.lookup(term)
        return lexical.idf(term_id) if term_id is not None and lexical.in_policy(term_id) else None

    concepts: list[Concept] = []
    weights: dict[str, float] = {}
    expansions: list[str] = []

    matches = glossary.match(text, analyzer.boundaries(text))
    for entry in matches:
        official = set()
        for term in entry.terms:
            official.update(analyzer.terms(term))
            expansions.append(term)
        variants = official | set(analyzer.terms(entry.phrase))
        if not variants:
            continue
        # Weighted like the official words it stands for: "村里" counts as much as "村（社区）".
        known = [w for w in (idf(v) for v in official) if w is not None]
        weight = sum(known) / len(known) if known else max_idf
        phrases = tuple(normalise(p) for p in (entry.phrase, *entry.terms))
        concepts.append(Concept(entry.phrase, frozenset(variants), weight, phrases))
        for term in analyzer.terms(entry.phrase):
            weights[term] = max(weights.get(term, 0.0), 1.0)
        for term in variants:
            weights.setdefault(term, EXPANSION_WEIGHT)

    rest = glossary.strip_matches(text, matches)
    for head, variants, noun_like in analyzer.word_groups(rest):
        if is_type_cue(head) or is_question_form(head):
            # "几天", "最迟", "多少年" say what kind of answer is wanted; answer-type matching
            # weighs that, so they do not count as words the clause must contain.
            continue
        stem = _colloquial_stem(head, idf)
        if stem is not None:
            # "镇里", "村上", "屋子": a word the documents use, with a spoken locative or suffix.
            head, variants = stem, {stem, *(v for v in variants if v != head)}
        synonyms = frozenset(
            w for w in (thesaurus.synonyms(head) if thesaurus is not None and len(head) >= 2 else [])
            if lexical.in_policy(vocab.lookup(w))
        )
        head_idf = idf(head)
        if (head_idf is None and noun_like and MADE_UP_WORDS_ARE_PHRASING and _CJK_WORD.fullmatch(head)
                and not analyzer.is_dictionary_word(head) and _has_spoken_glue(head)):
            # A "word" neither the documents nor jieba's dictionary holds, glued from a function
            # word or light verb and its neighbour ("事想", "齐能", "上提"), is one jieba's HMM made
            # up from a spoken run: its noun tag is a guess. One of content characters only
            # ("网约" of 网约车, "车券") is a real thing the documents lack: in doubt, off-topic.
            noun_like = False
        if head_idf is None:
            known = [w for w in (idf(v) for v in variants if v != head) if w is not None]
            if known and len(head) > 2:
                head_idf = max(known)
            elif synonyms:
                # Unknown here, but the documents use a word of the same meaning: as specific as that.
                head_idf = max(w for w in (idf(v) for v in synonyms) if w is not None)
            elif noun_like:
                # An unknown noun is maximally specific: a question built on it is off-topic.
                head_idf = max_idf
            else:
                # An unknown verb or adverb is mostly how someone phrases a question.
                head_idf = max_idf * UNKNOWN_VERB_SHARE
        weight = head_idf if noun_like else head_idf * NON_NOUN_SHARE
        if len(head) == 1 and _CJK.fullmatch(head):
            # A lone character ("管", "交", "头", "连") is mostly a spoken verb or a piece jieba
            # could not place; its rarity in the documents says little about the topic.
            weight *= SINGLE_CHAR_SHARE
        unknown = idf(head) is None and not synonyms and len(head) >= 2
        concepts.append(Concept(head, frozenset(variants), weight, synonyms=synonyms,
                                foreign=unknown and noun_like, specificity=idf(head) or 0.0, unknown=unknown))
        for term in variants:
            weights[term] = 1.0
        for term in synonyms:
            weights.setdefault(term, THESAURUS_WEIGHT)

    weighted_terms = {}
    for term, weight in weights.items():
        term_id = vocab.lookup(term)
        if term_id is not None:
            weighted_terms[term_id] = weight
    dense_text = normalise(text) + (" " + " ".join(expansions) if expansions else "")
    return QueryPlan(text, _dedupe(concepts), weighted_terms, dense_text, expansions)


def _has_spoken_glue(word: str) -> bool:
    """Whether a character of the word is a function word or light verb on its own ("能", "上",
    "得", "给"). jieba's tag of a lone character is no guide: "约" is tagged an adverb."""
    return any(ch in STOPWORDS for ch in word)


# Spoken suffixes after a noun: a locative ("镇里", "会上", "这头") or a noun suffix ("屋子", "事儿").
COLLOQUIAL_SUFFIXES = "里上头边子儿"


def _colloquial_stem(word: str, idf) -> str | None:
    """The word without its spoken suffix, when the documents never use the word as said but
    do use the rest of it ("镇里" → "镇")."""
    if len(word) < 2 or word[-1] not in COLLOQUIAL_SUFFIXES or idf(word) is not None:
        return None
    stem = word[:-1]
    return stem if idf(stem) is not None else None


def _dedupe(concepts: list[Concept]) -> list[Concept]:
    seen: set[frozenset[str]] = set()
    out = []
    for concept in concepts:
        if concept.variants not in seen:
            seen.add(concept.variants)
            out.append(concept)
    return out


def reciprocal_rank_fusion(
    rankings: list[tuple[list[str], float]], k: int = RRF_K
) -> list[tuple[str, float]]:
    """Fuses ranked id lists, each with a weight, into one ranking by Σ weight / (k + rank)."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, chunk_id in enumerate(ids, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])
