"""The answer gate: a clause is quoted as the answer on less coverage when both retrievers
(BM25 and the dense vectors) agree on it, and needs more coverage on its own."""

from assistant.retrieval.answer import MIN_COVERAGE, MIN_COVERAGE_ALONE, Candidate, is_relevant
from assistant.retrieval.models import Chunk


def _candidate(coverage: float, agreed: bool, specific: bool = True, thin: bool = False) -> Candidate:
    chunk = Chunk(id="c1", text="议事室每周二至周六开放。", section="三、（一）开放时间",
                  heading_path=["三、开放与预约", "（一）开放时间"], metadata={"title": "某镇协商议事室管理制度"})
    return Candidate(chunk, score=0.02, coverage=coverage, specific=specific, typed=1.0, thin=thin, agreed=agreed)


def test_agreement_lowers_the_coverage_a_clause_needs():
    between = (MIN_COVERAGE + MIN_COVERAGE_ALONE) / 2
    assert is_relevant(_candidate(between, agreed=True))
    assert not is_relevant(_candidate(between, agreed=False))
    assert is_relevant(_candidate(MIN_COVERAGE_ALONE, agreed=False))


def test_too_little_coverage_is_never_an_answer_even_when_retrievers_agree():
    assert not is_relevant(_candidate(MIN_COVERAGE - 0.05, agreed=True))


def test_a_thin_or_unspecific_match_is_never_an_answer():
    assert not is_relevant(_candidate(0.9, agreed=True, thin=True))
    assert not is_relevant(_candidate(0.9, agreed=True, specific=False))
