"""The fourth tuning set: labelled news articles in real outlets' styles, for tuning the rules.

Written on 2026-12-01 about AI-chip events of April 2025 to January 2026 (wire stories,
trade press, Chinese press in English, an analyst note, a company release, a market
research note and two syndicated copies; README.md beside this file says how and marks the
fictional details). Labelled by docs/vocabulary.md's labelling conventions by a helper who
had not read the extractor, before the extractor was run on it; checked by
tests/chips/test_later_tuning_sets.py. For tuning: the developers may read it and tune on
it. Same format as tests/chips/tuning3 (load it with `load_articles(TUNING4)` /
`load_conflicts(TUNING4)` from tests.chips.devset, or `bench/claims.py --set tuning4`).
"""

from pathlib import Path

TUNING4 = Path(__file__).parent
