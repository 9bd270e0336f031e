"""The seventh tuning set: labelled news articles in real outlets' styles, for tuning the rules.

Written on 2026-12-01 about AI-chip events of January to December 2025 (wire stories, trade
press, Chinese press in English, an analyst note, two company releases and one syndicated copy;
README.md beside this file says how and marks the fictional details). Labelled by
/work/shared/DESIGN.md's vocabulary alone, blind to the rules and to docs/vocabulary.md's
labelling conventions, before the extractor was run on it; checked by
tests/chips/test_later_tuning_sets.py. For tuning: the developers may read it and tune on it.
Same format as tests/chips/tuning4 (load it with `load_articles(TUNING7)` /
`load_conflicts(TUNING7)` from tests.chips.devset, or `bench/claims.py --set tuning7`).
"""

from pathlib import Path

TUNING7 = Path(__file__).parent
