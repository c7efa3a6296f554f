"""Personal data inside Chinese text is found however it is written, and ordinary numbers stay."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.domain.redaction import EMAIL_MARK, ID_CARD_MARK, PHONE_MARK, WITHHELD_NAME, redact

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
separator = st.sampled_from(["", " ", "-", "—", "－"])
# Chinese words around the number, never digits or letters (which would make it a longer code).
chinese = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=12)
punctuation = st.sampled_from(["", "，", "。", "：", "（", "）", " ", "\n"])


@st.composite
def mobiles(draw) -> str:
    number = "1" + draw(st.sampled_from("3456789")) + "".join(draw(digits) for _ in range(9))
    sep = draw(separator)
    grouped = f"{number[:3]}{sep}{number[3:7]}{sep}{number[7:]}"
    prefix = draw(st.sampled_from(["", "+86", "+86 ", "86-", "0086", "（+86）"]))
    return prefix + grouped


@st.composite
def landlines(draw) -> str:
    area = "0" + "".join(draw(digits) for _ in range(draw(st.sampled_from([2, 3]))))
    local = draw(st.sampled_from("2345678")) + "".join(draw(digits) for _ in range(draw(st.sampled_from([6, 7]))))
    form = draw(st.sampled_from(["{a}-{l}", "{a}{l}", "({a}){l}", "（{a}）{l}", "{a} {l}"]))
    return form.format(a=area, l=local)


@st.composite
def id_cards(draw) -> str:
    body = "".join(draw(digits) for _ in range(17))
    return body + draw(st.sampled_from("0123456789Xx"))


@st.composite
def emails(draw) -> str:
    local = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1, max_size=12))
    local = local.strip(".") or "a"
    domain = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10))
    return f"{local}@{domain}.{draw(st.sampled_from(['com', 'cn', 'gov.cn', 'org']))}"


def _embedded(draw, secret: str) -> tuple[str, str, str]:
    before = draw(chinese) + draw(punctuation)
    after = draw(punctuation) + draw(chinese)
    return before, secret, after


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from([(mobiles, PHONE_MARK), (landlines, PHONE_MARK), (id_cards, ID_CARD_MARK),
                                   (emails, EMAIL_MARK)]))
def test_personal_data_in_chinese_text_is_replaced_and_the_words_around_it_kept(data, kind):
    strategy, mark = kind
    before, secret, after = _embedded(data.draw, data.draw(strategy()))
    result = redact(before + secret + after)
    assert secret not in result
    assert mark in result
    assert before in result and after in result


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=9_999_999), chinese)
def test_ordinary_numbers_counts_and_dates_are_kept(number, words):
    text = f"{words}共{number}户，2026年12月2日、2026-12-02T09:30，第3栋1单元"
    assert redact(text) == text


def test_withheld_names_longest_first():
    text = "张建国和张建都发了言，张建国不同意。"
    assert redact(text, ["张建", "张建国"]) == f"{WITHHELD_NAME}和{WITHHELD_NAME}都发了言，{WITHHELD_NAME}不同意。"
