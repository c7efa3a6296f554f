"""Text pasted from PDFs is repaired before chunking, without gluing header lines together."""

from pathlib import Path

from assistant.retrieval.textrepair import repair_text

SHIPPED = Path(__file__).resolve().parents[2] / "knowledge" / "deyang-2021-19-youshilaixieshang.txt"


def test_shipped_policy_page_breaks_are_repaired():
    text = repair_text(SHIPPED.read_text(encoding="utf-8"))
    assert "委员荐题、各方征题" in text  # "委员荐\n\n题" joined
    assert "服务发展的平台，建言献策、凝聚共识的平台" in text  # "的平台，\n\n建言献策" joined
    assert "促进政协协商同基层治理相结合" in text  # "协商同 基层治理" space removed
    assert "推动“有事来协商”" in text  # space before the opening quote removed


def test_header_lines_and_headings_stay_separate():
    paragraphs = repair_text(SHIPPED.read_text(encoding="utf-8")).split("\n\n")
    assert "中国共产党德阳市委办公室" in paragraphs
    assert "〔2021〕—19" in paragraphs
    assert "2021年7月16日" in paragraphs
    assert "一、总体要求" in paragraphs
    # Signature lines are names of separate offices, not one broken sentence.
    assert "德阳市人民政府办公室" in paragraphs


def test_joint_issuers_keep_their_separating_spaces():
    line = "中共德阳市委办公室 德阳市人民政府办公室 政协德阳市委办公室印发《某某意见》的通知"
    assert repair_text(line) == line


def test_sentence_cut_by_page_break_is_joined_but_complete_one_is_not():
    raw = "（一）工作要求。各单位要认真组织开展调查研究，及时向党委政府\n\n— 3 —\n\n报告有关情况。\n\n（二）保障措施。提供经费。"
    paragraphs = repair_text(raw).split("\n\n")
    assert paragraphs == ["（一）工作要求。各单位要认真组织开展调查研究，及时向党委政府报告有关情况。", "（二）保障措施。提供经费。"]


def test_english_hyphenation_and_spacing():
    assert repair_text("the infor-\nmation system") == "the information system"
    assert repair_text("基层 治理 and social governance") == "基层治理 and social governance"
