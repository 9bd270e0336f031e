"""The third tuning set: labelled news articles for tuning the extraction rules.

Written on 2026-12-01 about AI-chip events of October 2024 to February 2026 that the
other sets tell from another angle or not at all (README.md beside this file says how and
marks the fictional details). Labelled by docs/vocabulary.md's labelling conventions
without running the extractor first, checked by tests/chips/test_later_tuning_sets.py. For
tuning: the developers may read it and tune on it. Same format as tests/chips/tuning2
(load it with `load_articles(TUNING3)` / `load_conflicts(TUNING3)` from tests.chips.devset,
or `bench/claims.py --set tuning3`).
"""

from pathlib import Path

TUNING3 = Path(__file__).parent
