"""BM25 index: right ranking, removals honoured, kind filter, incremental adds."""

from assistant.retrieval.analyzer import Analyzer
from assistant.retrieval.glossary import Glossary, GlossaryEntry
from assistant.retrieval.lexical import LexicalIndex, Vocabulary

DOCS = {
    "freq": ("policy", "区（市、县）政协组织协商活动每年不少于4次"),
    "place": ("policy", "坚持一室多用，依托党群服务中心建立协商场所"),
    "topic": ("policy", "议题一般经同级党组织审定"),
    "lift": ("session", "老旧小区加装电梯协商，按楼层分摊费用"),
}


def _index():
    analyzer = Analyzer()
    vocab = Vocabulary()
    index = LexicalIndex()
    for chunk_id, (kind, text) in DOCS.items():
        index.add(chunk_id, *vocab.encode(analyzer.terms(text)), kind)
    return analyzer, vocab, index


def _query(analyzer, vocab, text):
    return {vocab.lookup(t): 1.0 for t in analyzer.terms(text) if vocab.lookup(t) is not None}


def test_best_matching_chunk_ranks_first_and_kind_filter_applies():
    analyzer, vocab, index = _index()
    assert index.search(_query(analyzer, vocab, "协商场所 党群服务中心"), 3)[0][0] == "place"
    assert index.search(_query(analyzer, vocab, "加装电梯"), 3, kind="session")[0][0] == "lift"
    assert index.search(_query(analyzer, vocab, "加装电梯"), 3, kind="policy") == []


def test_removed_chunk_is_never_returned_and_rebuild_keeps_results():
    analyzer, vocab, index = _index()
    index.remove("freq")
    assert all(cid != "freq" for cid, _ in index.search(_query(analyzer, vocab, "每年 不少于 协商活动"), 5))
    index.rebuild()
    assert len(index) == 3
    assert index.search(_query(analyzer, vocab, "审定 议题"), 1)[0][0] == "topic"


def test_many_incremental_adds_trigger_compaction_without_losing_chunks():
    analyzer, vocab, index = _index()
    for i in range(2500):
        index.add(f"s{i}", *vocab.encode(analyzer.terms(f"第{i}号社区停车协商")), "session")
    assert len(index) == 2504
    assert index.search(_query(analyzer, vocab, "审定 议题"), 1)[0][0] == "topic"


def test_unknown_terms_get_the_highest_idf():
    _, vocab, index = _index()
    assert index.idf(None) > index.idf(vocab.lookup("协商"))


def test_glossary_matches_whole_words_longest_first():
    analyzer = Analyzer()
    glossary = Glossary([GlossaryEntry("小区", ("村（社区）",)), GlossaryEntry("一年几次", ("每年", "不少于")),
                         GlossaryEntry("一年", ("每年",))])
    text = "老旧小区一年几次"
    phrases = [e.phrase for e in glossary.match(text, analyzer.boundaries(text))]
    assert phrases == ["一年几次"]  # "小区" sits inside the word "老旧小区"; "一年" inside a longer match
