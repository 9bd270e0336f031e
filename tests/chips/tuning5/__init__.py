"""The fifth tuning set: labelled news articles in real outlets' styles, for tuning the rules.

Written on 2026-12-01 about AI-chip events of May 2024 to January 2026, favouring the
vendors the earlier sets covered least (Chinese designers, Nvidia's and AMD's China parts,
the HBM makers): wire stories, Nikkei Asia, Chinese press in English, two company releases
and two syndicated copies (README.md beside this file says how and marks the fictional
details). Labelled by docs/vocabulary.md's labelling conventions by a helper who had not read
the extractor, before the extractor was run on it; checked by
tests/chips/test_later_tuning_sets.py. For tuning: the developers may read it and tune on
it. Same format as tests/chips/tuning4 (load it with `load_articles(TUNING5)` /
`load_conflicts(TUNING5)` from tests.chips.devset, or `bench/claims.py --set tuning5`).
"""

from pathlib import Path

TUNING5 = Path(__file__).parent
