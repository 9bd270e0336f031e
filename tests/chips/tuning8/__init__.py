"""The eighth tuning set: labelled news articles in real outlets' styles, for tuning the rules.

Written on 2026-12-01 about AI-chip events of February 2025 to May 2026 (wire stories, trade
press, Chinese press in English, a Korean paper, a Japanese business paper, a broker's note, a
company release and one syndicated copy; README.md beside this file says how and marks the
fictional details). Labelled by /work/shared/DESIGN.md's vocabulary alone, blind to the rules
and to docs/vocabulary.md's labelling conventions, before the extractor was run on it; checked
by tests/chips/test_later_tuning_sets.py. Same format as tests/chips/tuning7 (load it with
`load_articles(TUNING8)` / `load_conflicts(TUNING8)` from tests.chips.devset, or
`bench/claims.py --set tuning8`).
"""

from pathlib import Path

TUNING8 = Path(__file__).parent
