"""The tuning set: labelled news articles for tuning the extraction rules.

Written on 2026-11-30 by a helper who had not read the extraction rules or their
lexicons (chips/claims.py, chips/tagging.py, chips/conflicts.py, chips/lexicons/) nor
any article of the other labelled sets, labelling as an independent analyst would per
the labelling guide and docs/vocabulary.md. The stories are original text that keeps real facts
(2025-2026), written in the styles of real outlets: wire services, business papers
citing people familiar, trade press, analyst notes, Chinese media in English, press
releases, earnings-call write-ups, and three articles in Chinese. They deliberately
carry the hard patterns of real news (several companies per sentence in different
roles, clause-scoped negation, contrast, predecessors, pronouns, attribution, yields,
unit volumes, unlisted model numbers, a ban later replaced by a licence, a syndicated
copy).

This set is for tuning: the developers may read it and tune on it. A separate blind
set, written by someone else, measures the rules. Same format as tests/chips/devset
(load it with `load_articles(TUNING)` / `load_conflicts(TUNING)` from
tests.chips.devset); no seed article.
"""

from pathlib import Path

TUNING = Path(__file__).parent
