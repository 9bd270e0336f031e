"""tuning2 to tuning8 are well formed; tuning2 to tuning6 follow docs/vocabulary.md's conventions.

All of them were written blind to the rules in the blind set's format, so the same checks hold
them (tests/chips/labelled_sets.py): the format and the labelling conventions, plus what a
machine can read of a careful labelling: mentions are exactly the catalogue names the text
uses, a denial's quote holds its negation, an origin is a party the article names, every
headline carries a claim, and the files are numbered in publication order.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.chips import devset
from tests.chips import labelled_sets as rules
from tests.chips.tuning2 import TUNING2
from tests.chips.tuning3 import TUNING3
from tests.chips.tuning4 import TUNING4
from tests.chips.tuning5 import TUNING5
from tests.chips.tuning6 import TUNING6
from tests.chips.tuning7 import TUNING7
from tests.chips.tuning8 import TUNING8

# Each set's folder and the fewest stories it was written with.
SETS = {
    "tuning2": (TUNING2, 15),
    "tuning3": (TUNING3, 12),
    "tuning4": (TUNING4, 16),
    "tuning5": (TUNING5, 16),
    "tuning6": (TUNING6, 16),
    "tuning7": (TUNING7, 10),
    "tuning8": (TUNING8, 14),
}
LOADED = {name: rules.load(folder) for name, (folder, _) in SETS.items()}
BY_ID = {name: {a["id"]: a for _, a in articles} for name, articles in LOADED.items()}
CONFLICTS = {name: rules.load_conflicts(folder) for name, (folder, _) in SETS.items()}
ARTICLES = [
    pytest.param(name, path, article, id=f"{name}/{path.stem}")
    for name, articles in LOADED.items()
    for path, article in articles
]
each_set = pytest.mark.parametrize("name", list(SETS))
each_article = pytest.mark.parametrize(("name", "path", "article"), ARTICLES)


@each_set
def test_the_set_is_large_enough_and_ids_are_unique(name: str) -> None:
    assert len(LOADED[name]) >= SETS[name][1]
    assert len(BY_ID[name]) == len(LOADED[name])


@each_set
def test_files_are_numbered_in_publication_order(name: str) -> None:
    dates = [rules.when(article) for _, article in LOADED[name]]
    assert dates == sorted(dates)
    assert all(
        datetime(2024, 1, 1, tzinfo=UTC) <= d < datetime(2026, 12, 1, tzinfo=UTC) for d in dates
    )


@each_article
def test_article_is_in_the_devset_format(name: str, path: Path, article: dict[str, Any]) -> None:
    rules.check_article_format(path, article, BY_ID[name])


@each_article
def test_labels_follow_the_labelling_rules(name: str, path: Path, article: dict[str, Any]) -> None:
    rules.check_labels(article)


@pytest.mark.parametrize(
    ("name", "path", "article"),
    [p for p in ARTICLES if p.values[0] in devset.CONVENTION_SETS],
)
def test_labels_follow_the_labelling_conventions(
    name: str, path: Path, article: dict[str, Any]
) -> None:
    rules.check_conventions(article)


@each_article
def test_expected_mentions_are_the_catalogue_names_the_article_uses(
    name: str, path: Path, article: dict[str, Any]
) -> None:
    rules.check_mentions(article)


@each_article
def test_denials_quote_their_negation_and_origins_are_named(
    name: str, path: Path, article: dict[str, Any]
) -> None:
    rules.check_denials_and_origins(article)


@each_article
def test_every_headline_of_the_set_carries_its_claim(
    name: str, path: Path, article: dict[str, Any]
) -> None:
    # Every title in these sets asserts something about a catalogue vendor (their READMEs).
    assert any(claim["headline"] for claim in article["expected"]["claims"])


@each_set
def test_syndicated_copies_carry_the_labels_of_their_original(name: str) -> None:
    rules.check_syndicated_copies([a for _, a in LOADED[name]], BY_ID[name])


@each_set
def test_conflicts_reference_labels_that_conflict_by_design(name: str) -> None:
    rules.check_listed_conflicts(CONFLICTS[name], BY_ID[name])


@each_set
def test_the_conflict_list_is_complete_and_has_no_repeats(name: str) -> None:
    rules.check_conflicts_complete(CONFLICTS[name], [a for _, a in LOADED[name]])


@each_set
def test_the_set_holds_real_disputes_of_every_kind(name: str) -> None:
    questions = rules.disputed_questions(CONFLICTS[name], BY_ID[name])
    assert len(questions) >= 7
    assert {kind for *_, kind in questions} == {"contradiction", "change"}


@each_set
def test_readme_marks_what_is_fictional(name: str) -> None:
    readme = (SETS[name][0] / "README.md").read_text().casefold()
    assert "fictional" in readme and "tuning" in readme
