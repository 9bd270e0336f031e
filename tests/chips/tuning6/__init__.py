"""The sixth tuning set: labelled news articles in real outlets' styles, for tuning the rules.

Written on 2026-12-01 about AI-chip events of April 2024 to January 2026 (trade press, a
research firm's release, a sell-side note, a newsletter, Financial Times and Wall Street
Journal features, Korean and Taiwanese press, an earnings-call write-up and a syndicated
copy; README.md beside this file says how and marks the fictional details). Labelled by
docs/vocabulary.md's labelling conventions by a helper who had not read the extractor, before
the extractor was run on it; checked by tests/chips/test_later_tuning_sets.py. For tuning:
the developers may read it and tune on it. Same format as tests/chips/tuning4 (load it with
`load_articles(TUNING6)` / `load_conflicts(TUNING6)` from tests.chips.devset, or
`bench/claims.py --set tuning6`).
"""

from pathlib import Path

TUNING6 = Path(__file__).parent
