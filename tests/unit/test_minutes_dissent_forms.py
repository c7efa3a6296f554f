"""Forms of objection and withdrawal, on small invented examples (not from any evaluation transcript)."""

from assistant.drafting.minutes import draft_minutes


def _dissenters(text):
    return draft_minutes(text).dissenters


def test_counting_the_vote_holds_no_objection():
    text = (
        "主持人：甘立平\n甘立平：今天议停车场。\n"
        "滕秀云：表决的时候，同意多少户、不同意多少户，都要写清楚。\n"
        "甘立平：好，我归纳一下，停车场先建。散会。\n"
    )
    assert _dissenters(text) == []


def test_a_concession_then_the_one_thing_refused_is_held():
    text = (
        "主持人：甘立平\n甘立平：今天议老仓库怎么用。\n"
        "滕秀云：用来做啥子都可以，就是不能卖给开发商。\n"
        "甘立平：好，我归纳一下，仓库先改成活动室。散会。\n"
    )
    draft = draft_minutes(text)
    assert draft.dissenters == ["滕秀云"] and "卖给开发商" in draft.disagreements[0]


def test_a_withdrawal_reported_by_name_in_another_turn_clears_the_objection():
    text = (
        "主持：甘立平\n参加：滕秀云（村民）、符家明（镇农技站站长）\n"
        "1. 滕秀云发言。她对安装电围栏有顾虑，担心牛碰到。\n"
        "2. 符家明回应说，电围栏是低压脉冲电，不伤牲畜。滕秀云听后表示，挂了警示牌，她同意试点。\n"
        "3. 甘立平归纳说，一是试点电围栏。\n"
    )
    assert _dissenters(text) == []


def test_the_hosts_record_of_the_view_just_said_names_its_speaker():
    text = (
        "甘立平 (00:00:01)\n我们开始\n\n"
        "说话人 3 (00:00:20)\n我还是觉得午饭要管 不管午饭托管没意思\n\n"
        "甘立平 (00:00:40)\n大爷您这个意见我们记下来了 会后再想办法 散会\n"
    )
    draft = draft_minutes(text)
    assert draft.dissenters == ["说话人 3"] and "午饭" in draft.disagreements[0]


def test_an_officials_firm_resolve_is_no_objection():
    text = (
        "主持人：甘立平\n甘立平：今天议安置。\n"
        "符家明（镇政府副镇长）：安置这个事，我们坚决不能让群众吃亏，绝对不许出现强拆。\n"
        "甘立平：好，我归纳一下，安置方案先公示。散会。\n"
    )
    assert _dissenters(text) == []


def test_a_worry_kept_after_the_answer_and_a_different_view_are_held():
    base = "主持人：甘立平\n甘立平：今天议路灯。\n"
    end = "甘立平：好，我归纳一下，坏灯先修。散会。\n"
    kept = base + "滕秀云：我担心装在窗户跟前太晃眼。\n符家明：可以加遮光罩。\n滕秀云：加了罩子我还是担心晃眼。\n" + end
    answered = base + "滕秀云：我担心装在窗户跟前太晃眼。\n符家明：可以加遮光罩。\n滕秀云：那就好。\n" + end
    differs = base + "柏玉芬：对选址我有不同看法，应该放在路口。\n" + end
    assert _dissenters(kept) == ["滕秀云"] and _dissenters(answered) == [] and _dissenters(differs) == ["柏玉芬"]
