"""Chunks follow the document's clauses and carry what a citation needs."""

from pathlib import Path

from assistant.retrieval.loaders import build_chunks, load_file
from assistant.retrieval.textrepair import repair_text

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
SHIPPED = KNOWLEDGE / "deyang-2021-19-youshilaixieshang.txt"


def _chunks(text, kind="policy"):
    return build_chunks(repair_text(text).split("\n\n"), kind, "test:doc", fallback_title="备用标题", file_name="doc.txt")


def test_shipped_document_has_one_chunk_per_clause_with_labels():
    source = load_file(SHIPPED)
    sections = [c.section for c in source.chunks]
    assert "三、（八）规范协商频次" in sections
    assert "二、目标任务" in sections
    assert "四、（五）营造良好氛围" in sections
    assert len(sections) == len(set(sections))  # every clause is its own chunk
    frequency = next(c for c in source.chunks if c.section == "三、（八）规范协商频次")
    assert frequency.heading_path == ["三、主要内容", "（八）规范协商频次"]
    assert "每年不少于4次" in frequency.text
    assert "三、主要内容" in frequency.indexed_text


def test_shipped_document_header_metadata():
    source = load_file(SHIPPED)
    info = source.info
    assert info["title"] == "关于进一步推动“有事来协商”平台建设促进政协协商同基层治理相结合的实施意见"
    assert info["issuer"] == "中共德阳市委办公室、德阳市人民政府办公室、政协德阳市委办公室"
    assert info["doc_number"] == "〔2021〕—19"  # kept as printed; the office prefix is not in the text
    assert info["date"] == "2021-07-16"
    metadata = source.chunks[0].metadata
    assert metadata["title"] == info["title"] and metadata["kind"] == "policy"
    assert metadata["file_name"] == SHIPPED.name
    # The letterhead, number and signature lines are metadata, not clauses.
    assert not any(c.text.startswith(("中国共产党德阳市委办公室", "〔2021〕")) for c in source.chunks)
    assert [c.section for c in source.chunks[:3]] == ["文件信息", "印发通知", "引言"]
    # The document's particulars are a chunk of their own, for "这个文件是哪天发的".
    header = source.chunks[0]
    assert header.metadata["header"] is True
    assert "2021年7月16日" in header.text and "〔2021〕—19" in header.text and "德阳市人民政府办公室" in header.text


def test_articles_are_chunks_with_their_items_and_cited_without_the_chapter():
    text = (
        "某区委员履职办法\n\n第一章 总则\n\n第一条 为规范履职，制定本办法。\n\n第二章 考核\n\n"
        "第二条 有下列情形之一的，不得评为优秀：\n\n（一）全年缺席会议3次以上的；\n\n（二）未按期提交报告的。\n\n"
        "考核结果报区政协办公室备案。\n\n第三条 考核每年进行1次。"
    )
    chunks, _ = _chunks(text)
    sections = [c.section for c in chunks]
    assert sections == ["第一条", "第二条", "第三条"]
    second = chunks[1]
    assert "（一）全年缺席会议3次以上的" in second.text and "（二）未按期提交报告的" in second.text
    assert "考核结果报区政协办公室备案" in second.text  # a second paragraph (款) stays in its article
    assert second.heading_path[0] == "第二章考核"


def test_list_items_stay_in_their_clause():
    text = "某街道议事会议规则\n\n一、参会\n\n（一）回避\n\n有下列情形之一的，不得担任主持人：\n\n1.本人与议题有利害关系的；\n\n2.其他情形。"
    chunks, _ = _chunks(text)
    assert [c.section for c in chunks] == ["一、（一）回避"]
    assert "1.本人与议题有利害关系的；" in chunks[0].text and "2.其他情形。" in chunks[0].text


def test_four_heading_levels_build_the_label():
    text = "关于某事的办法\n\n一、总体要求\n\n（一）基本原则。坚持为民。\n\n1.公开透明。事项要公开。\n\n（1）公开范围。面向全体居民。\n\n2.及时反馈。十日内答复。"
    chunks, info = _chunks(text)
    assert info["title"] == "关于某事的办法"
    assert [c.section for c in chunks] == [
        "一、（一）基本原则",
        "一、（一）1.公开透明",
        "一、（一）1.（1）公开范围",
        "一、（一）2.及时反馈",
    ]
    assert chunks[2].heading_path == ["一、总体要求", "（一）基本原则", "1.公开透明", "（1）公开范围"]


def test_title_falls_back_to_file_name_and_long_clause_is_split():
    body = "一、要求\n\n" + "这是一句很长的要求，内容需要反复强调。" * 80
    chunks, info = _chunks(body)
    assert info["title"] == "备用标题"
    assert len(chunks) > 1 and {c.section for c in chunks} == {"一、要求"}
    assert all(len(c.text) <= 800 for c in chunks)


def test_markdown_headings_are_structure_too():
    chunks, _ = _chunks("# 会议纪要\n\n## 协商成果\n\n一是增设停车位。\n\n## 落实情况\n\n已完工。", kind="session")
    assert [c.section for c in chunks if c.section != "基本情况"] == ["会议纪要 > 协商成果", "会议纪要 > 落实情况"]


def test_sample_sessions_are_marked_and_parsed():
    samples = sorted((KNOWLEDGE / "samples").glob("*.txt"))
    assert len(samples) >= 3
    for path in samples:
        assert "样例" in path.name
        assert "样例" in path.read_text(encoding="utf-8").splitlines()[0]
        source = load_file(path)
        assert source.kind == "session"
        assert source.info["sample"] is True
        assert source.info["organisation"] and source.info["date"]
        assert source.info["outcome"]  # "what came of it" for similar-session hits
    elevator = load_file(next(p for p in samples if "电梯" in p.name))
    assert elevator.info["title"] == "幸福里小区老旧住宅加装电梯"
    assert elevator.info["date"] == "2023-05-18"
