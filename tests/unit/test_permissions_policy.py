"""The permission policy's own edges, which no dialogue reaches easily."""

from __future__ import annotations

from assistant.domain.permissions import (
    Act,
    Subject,
    Viewer,
    below_of,
    decide,
    parent_problem,
    sets_organisation_directly,
)
from assistant.domain.vocab import OrgLevel, Role, TopicStatus


def test_below_follows_the_whole_tree_and_survives_a_cycle():
    parents = {1: None, 2: 1, 3: 2, 4: 1, 5: 6, 6: 5}
    assert below_of(1, parents) == {2, 3, 4}
    assert below_of(2, parents) == {3}
    assert below_of(5, parents) == {6}  # bad data: a loop must not hang a turn
    assert below_of(None, parents) == frozenset()


def test_a_parent_is_exactly_higher():
    assert parent_problem(OrgLevel.VILLAGE, OrgLevel.TOWNSHIP) is None
    assert parent_problem(OrgLevel.VILLAGE, OrgLevel.COUNTY) is None
    assert "须高于" in parent_problem(OrgLevel.TOWNSHIP, OrgLevel.TOWNSHIP)
    assert "最高一级" in parent_problem(OrgLevel.COUNTY, OrgLevel.TOWNSHIP)


def test_the_administrator_may_not_approve_their_own_topic_either():
    admin = Viewer(7, frozenset({Role.ADMIN}), None)
    mine = Subject(organisation_id=3, status=TopicStatus.SUBMITTED, proposer_id=7)
    verdict = decide(admin, Act.APPROVE, mine)
    assert not verdict and "提出人" in verdict.message and "三、（四）" in verdict.message
    assert decide(admin, Act.APPROVE, Subject(organisation_id=3, status=TopicStatus.SUBMITTED, proposer_id=8))


def test_a_topic_without_an_organisation_is_only_its_proposers_and_the_administrators():
    orphan = Subject(organisation_id=None, status=TopicStatus.APPROVED, proposer_id=1)
    assert decide(Viewer(1, frozenset({Role.MEMBER}), None), Act.SEE, orphan)
    assert not decide(Viewer(2, frozenset({Role.STAFF}), None), Act.SEE, orphan)
    assert decide(Viewer(3, frozenset({Role.ADMIN}), None), Act.SEE, orphan)


def test_who_changes_organisation_without_asking():
    assert sets_organisation_directly(Viewer(1, frozenset(), None))
    assert not sets_organisation_directly(Viewer(1, frozenset({Role.MEMBER}), None))
    assert not sets_organisation_directly(Viewer(1, frozenset(), 4))
    assert sets_organisation_directly(Viewer(1, frozenset({Role.ADMIN}), 4))
