"""Precision fixes found by the round's review, each on a meeting invented for it."""

from assistant.drafting.minutes import draft_minutes
from assistant.drafting.minutes.reading import MAX_SPACE_RUN, parse_transcript
from assistant.retrieval import english

FIREWORKS = """时间：2026年2月10日
地点：红星村村委会
主持：村主任 梁永
参加：梁永、王安全（村民代表）、村会计 秦芳、镇安监办 汪涛、村民代表 柯明
记录：蓝天

梁永：今天议一下春节前村里烟花爆竹燃放的管理。
王安全：我建议划定集中燃放区，放在村东头晒坝。
柯明：晒坝离稻草堆太近，我不同意放那里。
秦芳：我同意王安全的建议。
梁永：好，按王安全的建议，集中燃放区设在村东头晒坝，对这个地点有不同意见的，作为保留意见记录。
"""


def test_the_author_of_the_adopted_proposal_is_no_dissenter():
    draft = draft_minutes(FIREWORKS)
    # The explanation letter goes to the one who objected, not to the one whose idea was adopted.
    assert draft.dissenters == ["柯明"]


def test_a_given_name_that_is_an_ordinary_word_does_not_make_an_owner():
    text = FIREWORKS.replace(
        "梁永：好，按王安全的建议",
        "梁永：好，大家意见一致。安全要放在第一位，下周前把灭火器换了。\n梁永：另外，按王安全的建议",
    )
    draft = draft_minutes(text)
    assert all(action.owner != "王安全" for action in draft.actions), draft.actions


def test_a_given_name_with_a_time_limit_still_names_the_owner():
    text = FIREWORKS.replace("参加：梁永、", "参加：梁永、村委委员 宋小芹、") + "梁永：小芹月底前把燃放区的警示牌立起来。\n"
    draft = draft_minutes(text)
    assert any(action.owner == "宋小芹" and "警示牌" in action.task for action in draft.actions), draft.actions


def test_a_long_run_of_spaces_is_read_as_a_few():
    text = "主持：李华\n参加：李华、王明\n王明：我同意。\n李华：好" + " " * 5000 + "就这么定。\n"
    transcript = parse_transcript(text)
    speech = transcript.utterances[-1].text
    assert " " * (MAX_SPACE_RUN + 1) not in speech and speech.endswith("就这么定。")


def test_the_english_stem_cache_stays_bounded(monkeypatch):
    monkeypatch.setattr(english, "STEM_CACHE_LIMIT", 50)
    english._stem_cache.clear()
    for n in range(200):
        english.stem(f"zzword{n}ing")
    assert len(english._stem_cache) <= 50
    assert english.stem("organised") == english.stem("organized")
