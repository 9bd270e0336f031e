"""The second tuning set: labelled news articles for tuning the extraction rules.

Written on 2026-12-01 by a helper who had not read the extraction rules or their
lexicons, about AI-chip events of 2024-2026 that the blind set's stories do not tell
(README.md beside this file says how and marks the fictional details). Labelled by the
blind set's rules (tests/chips/blind/README.md), checked by
tests/chips/test_later_tuning_sets.py. For tuning: the developers may read it and tune on it.
Same format as tests/chips/devset (load it with `load_articles(TUNING2)` /
`load_conflicts(TUNING2)` from tests.chips.devset, or `bench/claims.py --set tuning2`).
"""

from pathlib import Path

TUNING2 = Path(__file__).parent
