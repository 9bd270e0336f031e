"""The second tuning set is well formed and labelled by the blind set's rules.

The shared checks (tests/chips/labelled_sets.py) hold it to the rules of
tests/chips/blind/README.md; the tests below add the rules a machine can read that the
older sets were not written to: mentions are exactly the catalogue names the text uses,
a denial's quote holds its negation, an origin is a party the article names, and the
files are numbered in publication order.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.chips import labelled_sets as rules
from tests.chips.tuning2 import TUNING2

ARTICLES = rules.load(TUNING2)
BY_ID = {article["id"]: article for _, article in ARTICLES}
CONFLICTS = rules.load_conflicts(TUNING2)
IDS = [path.stem for path, _ in ARTICLES]


def test_the_set_is_large_enough_and_ids_are_unique() -> None:
    assert len(ARTICLES) >= 15
    assert len(BY_ID) == len(ARTICLES)


def test_files_are_numbered_in_publication_order() -> None:
    dates = [rules.when(article) for _, article in ARTICLES]
    assert dates == sorted(dates)
    assert all(
        datetime(2024, 1, 1, tzinfo=UTC) <= d < datetime(2026, 12, 1, tzinfo=UTC) for d in dates
    )


@pytest.mark.parametrize(("path", "article"), ARTICLES, ids=IDS)
def test_article_is_in_the_devset_format(path: Path, article: dict[str, Any]) -> None:
    rules.check_article_format(path, article, BY_ID)


@pytest.mark.parametrize(("path", "article"), ARTICLES, ids=IDS)
def test_labels_follow_the_labelling_rules(path: Path, article: dict[str, Any]) -> None:
    rules.check_labels(article)
    rules.check_conventions(article)


@pytest.mark.parametrize(("path", "article"), ARTICLES, ids=IDS)
def test_expected_mentions_are_the_catalogue_names_the_article_uses(
    path: Path, article: dict[str, Any]
) -> None:
    rules.check_mentions(article)


@pytest.mark.parametrize(("path", "article"), ARTICLES, ids=IDS)
def test_denials_quote_their_negation_and_origins_are_named(
    path: Path, article: dict[str, Any]
) -> None:
    rules.check_denials_and_origins(article)


@pytest.mark.parametrize(("path", "article"), ARTICLES, ids=IDS)
def test_every_headline_of_the_set_carries_its_claim(path: Path, article: dict[str, Any]) -> None:
    # Every title in this set asserts something about a catalogue vendor (README).
    assert any(claim["headline"] for claim in article["expected"]["claims"])


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


def test_readme_marks_what_is_fictional() -> None:
    readme = (TUNING2 / "README.md").read_text().casefold()
    assert "fictional" in readme and "tuning" in readme
