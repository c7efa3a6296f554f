"""Reading an English question into Chinese search terms (retrieval/english.py).

The dictionary here is a handful of CC-CEDICT-style lines written for these tests (topics of
no evaluation set: libraries, clinics, permits), so each rule is tested on its own.
"""

from assistant.retrieval import english
from assistant.retrieval.english import Documents, EnglishDictionary, parse_entries, read_question

LINES = """\
# comment line
時限 时限 [shi2 xian4] /time limit/
期 期 [qi1] /a period of time/phase/stage/time/term/period/to hope/
次 次 [ci4] /next in sequence/second/time/classifier for enumeration of times/
限制 限制 [xian4 zhi4] /to restrict/to limit/restriction/limit/
培訓 培训 [pei2 xun4] /to cultivate/to train/to groom/training/
訓練 训练 [xun4 lian4] /to train/to drill/training/
熏陶 熏陶 [xun1 tao2] /to seep in/to influence/to nurture/influence/training/
護照 护照 [hu4 zhao4] /passport/CL:本[ben3],個|个[ge4]/
申請 申请 [shen1 qing3] /to apply for sth/application form/
印發 印发 [yin4 fa1] /to print and distribute/to issue/
問題 问题 [wen4 ti2] /question/problem/issue/topic/
圖書館 图书馆 [tu2 shu1 guan3] /library/
借閱 借阅 [jie4 yue4] /to borrow books to read/
館員 馆员 [guan3 yuan2] /librarian/
診所 诊所 [zhen3 suo3] /clinic/
開放 开放 [kai1 fang4] /to open/to be open to the public/
許可證 许可证 [xu3 ke3 zheng4] /license/permit/
工作日 工作日 [gong1 zuo4 ri4] /workday/working day/weekday/
日 日 [ri4] /sun/day/date/
工作 工作 [gong1 zuo4] /to work/job/work/task/
清水 清水 [Qing1 shui3] /Qingshui county in Gansu/
北京 北京 [Bei3 jing1] /Beijing/
"""

IN_DOCUMENTS = {"时限": 4, "培训": 9, "图书馆": 12, "借阅": 6, "诊所": 3, "开放": 5, "工作日": 7, "印发": 2,
                "问题": 20, "清水": 3, "工作": 30}
NOUNS = {"护照", "图书馆", "诊所", "许可证", "问题", "时限", "馆员", "北京"}


def documents(places=None):
    return Documents(
        frequency=lambda w: IN_DOCUMENTS.get(w, 0),
        general_frequency=lambda w: 1000,
        is_noun=lambda w: w in NOUNS,
        is_word=lambda w: True,
        places=lambda: places or {},
    )


def book():
    return EnglishDictionary.from_entries(parse_entries(LINES.splitlines()))


def read(question, places=None):
    reading = read_question(question, book(), documents(places))
    return reading.chinese if reading else None


def test_only_questions_without_chinese_characters_are_english():
    assert english.is_english("Where is the library?")
    assert not english.is_english("图书馆几点开门？")
    assert not english.is_english("清水图书馆 opening hours")  # mixed: read as Chinese, as before
    assert not english.is_english("2027?")


def test_a_phrase_is_read_before_its_words():
    # "time limit" is one gloss (时限); word by word it would be 次/期 + 限制.
    assert read("Is there a time limit?") == "时限？"


def test_the_documents_word_is_chosen_among_translations():
    # 训练 and 熏陶 also translate "training", but the documents only use 培训.
    assert read("Where is the training?") == "哪里 培训？"


def test_a_noun_the_documents_lack_is_kept_so_the_gate_can_decline():
    # 护照 is in no document: it stays in the query as an unknown noun (out of scope), while
    # the verb "apply" with no translation the documents use is left out.
    assert read("How do I apply for a passport?") == "如何 护照？"


def test_question_words_and_units_become_chinese_question_words():
    assert read("Within how many working days is the library open?") == "多少个工作日 图书馆 开放？"
    assert read("Who issued the permit?") == "谁 印发 许可证？"


def test_a_past_form_prefers_the_verb_sense():
    # "issued": 印发 (to issue) over 问题 (an issue), though 问题 is far more frequent.
    assert "印发" in read("When was it issued?")
    assert "问题" in read("Which issue?")


def test_a_place_is_read_by_its_sound():
    # A place named by a document title, and one only the dictionary knows (foreign here).
    assert read("Where is the clinic in Qingshui?") == "哪里 诊所 清水？"
    assert read("Does Beijing have a clinic?") == "北京 诊所？"
    assert read("Where is the clinic in Baishui?", places={"baishui": "白水"}) == "哪里 诊所 白水？"


def test_british_and_american_spellings_and_inflections_meet():
    assert english.stem("organised") == english.stem("organized")
    assert ("activity", 0.9) in english.lemma_candidates("activities")
    assert english.lemma_candidates("held") == [("held", 1.0), ("hold", 0.9)]


def test_nothing_readable_gives_no_reading():
    assert read("Hmm, so what?") is None


def test_the_reply_is_chinese_and_says_how_the_question_was_read():
    from assistant.retrieval.models import Answer, Citation

    reading = read_question("Where is the training?", book(), documents())
    found = Answer("哪里 培训？", "根据《某办法》第三条：……", [Citation("某办法", "第三条", "……")], True)
    answer = english.answered_in_chinese(reading, found)
    assert answer.question == "Where is the training?"
    assert answer.answer.startswith("（您的问题为英文，已按中文检索词“哪里 培训”检索，以下答复引自文件原文。）\n根据")
    assert answer.grounded and answer.citations == found.citations
    declined = english.answered_in_chinese(reading, Answer("哪里 培训？", "未找到。", [], False))
    assert declined.answer.startswith("（您的问题为英文，已按中文检索词“哪里 培训”检索。）")
    assert "英文" in english.not_read("Hmm?").answer


def test_the_shipped_dictionary_is_in_the_installed_wheel():
    path = english.dictionary_path()
    assert path is not None and path.name.endswith(".txt.gz")
    first = next(english.read_entries(path))
    assert first.simplified and first.senses


def test_translations_disambiguate_each_other_by_the_clauses_they_share():
    # "bank" is 银行 or 河岸, both words of the documents (河岸 the more frequent); beside
    # "loan" (贷款), which stands in clauses with 银行 only, it is 银行.
    lines = ["銀行 银行 [yin2 hang2] /bank/", "河岸 河岸 [he2 an4] /bank (of a river)/bank/",
             "貸款 贷款 [dai4 kuan3] /loan/", "堤防 堤防 [di1 fang2] /dike/embankment/"]
    frequency = {"银行": 3, "河岸": 6, "贷款": 4, "堤防": 2}
    clauses = {"银行": {1, 2}, "贷款": {2, 3}, "河岸": {4, 5}, "堤防": {5}}
    docs = Documents(frequency=lambda w: frequency.get(w, 0), general_frequency=lambda w: 1000,
                     is_noun=lambda w: True, is_word=lambda w: True, places=dict,
                     together=lambda a, b: len(clauses.get(a, set()) & clauses.get(b, set())))
    dictionary = EnglishDictionary.from_entries(parse_entries(lines))
    assert read_question("Which bank gives the loan?", dictionary, docs).chinese == "哪个 银行 贷款？"
    assert read_question("Is the bank near the dike?", dictionary, docs).chinese == "河岸 堤防？"


def test_linking_phrases_british_spellings_and_irregular_forms():
    lines = ["書面 书面 [shu1 mian4] /in writing/written/", "寫 写 [xie3] /to write/",
             "組織 组织 [zu3 zhi1] /to organize/organization/", "答覆 答复 [da2 fu4] /to reply/reply/",
             "依據 依据 [yi1 ju4] /according to/basis/foundation/"]
    frequency = {"书面": 2, "组织": 9, "答复": 4, "依据": 3}  # the documents never use 写
    docs = Documents(frequency=lambda w: frequency.get(w, 0), general_frequency=lambda w: 1000,
                     is_noun=lambda w: w in {"书面", "答复"}, is_word=lambda w: True, places=dict)
    dictionary = EnglishDictionary.from_entries(parse_entries(lines))
    # "written" is looked up as written (书面, "written"), not only as the verb it comes from
    # (写); "organised" is the dictionary's "organize"; "according to" only links the question's
    # parts, like 根据, and is no word to search for (依据).
    assert read_question("According to whom is the written reply organised?", dictionary,
                         docs).chinese == "谁 书面 答复 组织？"
