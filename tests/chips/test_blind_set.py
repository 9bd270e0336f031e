"""The blind set is well formed and its labels follow one set of rules.

These checks read only the set's files and the seed catalogue (no database, no
extractor): every label must be checkable against its article and against
docs/vocabulary.md's vocabulary, and the conflict list must be exactly what the labels
imply, so a mistake in the labelling shows up here rather than as a false miss of the
extractor. The checks themselves live in tests/chips/labelled_sets.py, shared with the
other sets written to the same rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.chips import labelled_sets as rules
from tests.chips.blind import BLIND

ARTICLES = rules.load(BLIND)
BY_ID = {article["id"]: article for _, article in ARTICLES}
CONFLICTS = rules.load_conflicts(BLIND)
IDS = [path.stem for path, _ in ARTICLES]


def test_the_set_is_large_enough_and_ids_are_unique() -> None:
    assert len(ARTICLES) >= 18
    assert len(BY_ID) == len(ARTICLES)


@pytest.mark.parametrize(("path", "article"), ARTICLES, ids=IDS)
def test_article_is_in_the_devset_format(path: Path, article: dict[str, Any]) -> None:
    rules.check_article_format(path, article, BY_ID)


@pytest.mark.parametrize(("path", "article"), ARTICLES, ids=IDS)
def test_labels_follow_the_labelling_rules(path: Path, article: dict[str, Any]) -> None:
    rules.check_labels(article)


def test_syndicated_copies_carry_the_labels_of_their_original() -> None:
    rules.check_syndicated_copies([a for _, a in ARTICLES], BY_ID)


def test_conflicts_reference_labels_that_conflict_by_design() -> None:
    rules.check_listed_conflicts(CONFLICTS, BY_ID)


def test_the_conflict_list_is_complete_and_has_no_repeats() -> None:
    rules.check_conflicts_complete(CONFLICTS, [a for _, a in ARTICLES])


def test_the_set_holds_real_disputes_of_every_kind() -> None:
    questions = rules.disputed_questions(CONFLICTS, BY_ID)
    assert len(questions) >= 7
    assert {kind for *_, kind in questions} == {"contradiction", "change"}


def test_readme_forbids_tuning_on_the_set() -> None:
    readme = (BLIND / "README.md").read_text()
    assert "never" in readme.casefold() and "tun" in readme.casefold()
