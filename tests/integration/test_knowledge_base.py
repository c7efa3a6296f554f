"""Knowledge base end to end on temporary folders: ingest, answer, decline, sessions, restart."""

import io
import shutil
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.retrieval import DocumentRejected, InvalidQuestion, KnowledgeBase, KnowledgeError
from assistant.retrieval.embeddings import OfflineHashEmbedding

SHIPPED = Path(__file__).resolve().parents[2] / "knowledge"
POLICY_FILE = "deyang-2021-19-youshilaixieshang.txt"


@pytest.fixture()
def knowledge_dir(tmp_path):
    target = tmp_path / "knowledge"
    shutil.copytree(SHIPPED, target)
    return target


@pytest.fixture()
def settings(tmp_path, knowledge_dir):
    return Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge_dir)


@pytest.fixture()
def no_chroma_default_embedding(monkeypatch):
    """Chroma's own ONNX embedding would try to download a model: make any use of it fail loudly."""
    from chromadb.api import types

    def forbidden(self, input):  # pragma: no cover - must never run
        raise AssertionError("Chroma default embedding function was used")

    monkeypatch.setattr(types.DefaultEmbeddingFunction, "__call__", forbidden)


def test_first_use_builds_index_and_answers_with_citation(settings, no_chroma_default_embedding):
    kb = KnowledgeBase(settings)
    report = kb.ensure_built()
    assert report is not None and len(report.added) == 5 and not report.failed
    assert kb.ensure_built() is None  # already built: nothing to do

    answer = kb.ask("县里一年要开几次协商会？")
    assert answer.grounded
    assert "每年不少于4次" in answer.answer
    assert answer.answer.startswith("根据《关于进一步推动“有事来协商”平台建设")
    assert "三、（八）规范协商频次" in answer.answer
    assert answer.citations[0].section == "三、（八）规范协商频次"
    assert answer.citations[0].source.endswith("实施意见")
    assert set(answer.to_dict()) == {"question", "answer", "citations", "grounded"}


@pytest.mark.parametrize("question", ["今天天气怎么样", "怎么申请护照", "股票明天涨不涨"])
def test_out_of_scope_questions_are_declined(settings, question):
    kb = KnowledgeBase(settings)
    kb.ensure_built()
    answer = kb.ask(question)
    assert not answer.grounded and answer.citations == []
    assert "知识库中未找到与该问题直接相关的规定" in answer.answer
    assert "政协办公室" in answer.answer


def test_bad_questions_raise_chinese_errors(settings):
    kb = KnowledgeBase(settings)
    with pytest.raises(InvalidQuestion, match="不能为空"):
        kb.ask("   ")
    with pytest.raises(InvalidQuestion, match="问题过长") as info:
        kb.search("协商" * 2500)
    assert isinstance(info.value, KnowledgeError)
    with pytest.raises(InvalidQuestion, match="不支持的类型"):
        kb.search("协商", kind="weather")


def test_search_returns_clause_and_respects_kind(settings):
    kb = KnowledgeBase(settings)
    kb.ensure_built()
    hits = kb.search("协商议事场所 一室多用", k=3, kind="policy")
    assert hits[0].section == "三、（三）建设协商议事场所"
    assert set(hits[0].to_dict()) == {"text", "source", "section", "kind", "score"}
    sessions = kb.search("农贸市场停车", k=3, kind="session")
    assert sessions and all(h.kind == "session" for h in sessions)
    assert "农贸市场" in sessions[0].source


def test_ingest_is_idempotent_and_tracks_changes_and_removals(settings, knowledge_dir):
    kb = KnowledgeBase(settings)
    first = kb.ingest(None)
    assert (len(first.added), len(first.skipped)) == (5, 0)

    again = kb.ingest(None)
    assert (len(again.added), len(again.updated), len(again.skipped), len(again.removed)) == (0, 0, 5, 0)
    assert again.chunks_written == 0

    policy = knowledge_dir / POLICY_FILE
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("每年不少于4次", "每年不少于6次"), encoding="utf-8"
    )
    (knowledge_dir / "samples" / "样例-02-农贸市场周边停车.txt").unlink()
    changed = kb.ingest(None)
    assert changed.updated == [POLICY_FILE]
    assert changed.removed == ["样例-02-农贸市场周边停车.txt"]
    assert "每年不少于6次" in kb.ask("县里一年开几次协商会").answer
    assert not any("农贸市场" in h.source for h in kb.search("农贸市场停车", k=5, kind="session"))
    assert kb.stats()["policy_chunks"] == 19  # 18 clauses + the document particulars


def test_bad_files_are_reported_and_nothing_is_half_indexed(settings, tmp_path):
    from pypdf import PdfWriter

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (inbox / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a docx")
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    (inbox / "scan.pdf").write_bytes(buffer.getvalue())
    (inbox / "good.md").write_text("# 停车管理办法\n\n一、总则\n\n（一）适用范围。本办法适用于示例社区的停车管理。", encoding="utf-8")

    kb = KnowledgeBase(settings)
    report = kb.ingest([inbox, tmp_path / "missing.txt"])
    failed = dict(report.failed)
    assert set(failed) == {"binary.txt", "broken.docx", "scan.pdf", str(tmp_path / "missing.txt")}
    assert "二进制" in failed["binary.txt"]
    assert "Word" in failed["broken.docx"]
    assert "文字层" in failed["scan.pdf"]
    assert "找不到" in failed[str(tmp_path / "missing.txt")]
    assert report.added == ["good.md"]
    assert kb.stats()["sources"] == 1
    assert kb.search("停车管理 适用范围", k=1)[0].section == "一、（一）适用范围"


def test_past_sessions_are_indexed_by_key_and_found_as_similar(settings):
    kb = KnowledgeBase(settings)
    kb.ensure_built()
    similar = kb.similar_sessions("小区老人上下楼不方便，想加装电梯，低层住户有意见")
    assert similar and "电梯" in similar[0].source
    assert "一栋一议" in similar[0].text  # what came of it
    assert similar[0].metadata["organisation"].startswith("示例县")

    minutes = "一、协商背景\n\n学校门口上下学时段拥堵。\n\n二、协商成果\n\n设置护学岗和临时停车带，错峰放学。"
    kb.index_past_session("meeting-42", "实验小学门口交通拥堵", minutes, "示例街道政协工作委员会", "2024-09-01")
    kb.index_past_session("meeting-42", "实验小学门口交通拥堵", minutes, "示例街道政协工作委员会", "2024-09-01")
    hits = kb.similar_sessions("学校门口接送孩子太堵")
    assert hits[0].source == "实验小学门口交通拥堵"
    assert "护学岗" in hits[0].metadata["outcome"]
    # Indexed twice under one key, the clause is still there once.
    found = kb.search("护学岗 错峰放学", k=10, kind="session")
    assert sum(1 for h in found if h.source == "实验小学门口交通拥堵" and "护学岗" in h.text) == 1
    assert kb.similar_sessions("今天天气怎么样") == []


def test_restart_reuses_stored_terms_and_vectors(settings, monkeypatch):
    kb = KnowledgeBase(settings)
    kb.ensure_built()
    expected = kb.ask("协商的题目最后由谁来拍板？").citations[0].section
    kb.close()

    from assistant.retrieval import analyzer as analyzer_module

    calls = []
    original = analyzer_module.Analyzer.terms

    def counting(self, text):
        calls.append(text)
        return original(self, text)

    monkeypatch.setattr(analyzer_module.Analyzer, "terms", counting)
    restarted = KnowledgeBase(settings)
    assert not restarted.is_empty()
    assert restarted.ask("协商的题目最后由谁来拍板？").citations[0].section == expected
    assert len(calls) < 30  # only the question is tokenised, not the 34 stored chunks


def test_changing_the_embedding_reindexes_vectors(settings):
    kb = KnowledgeBase(settings)
    kb.ensure_built()
    kb.close()
    other = KnowledgeBase(settings, embedding=OfflineHashEmbedding(dim=256))
    assert other.stats()["embedding"] == "offline-hash-v1-256"
    assert other.vectors.count("policy") == other.store.count("policy") == 19
    assert other.ask("可以在网上搞协商吗？").citations[0].section == "三、（六）规范协商议事活动"


def test_rejected_document_error_type(tmp_path):
    from assistant.retrieval.loaders import load_file

    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DocumentRejected, match="空"):
        load_file(empty)
