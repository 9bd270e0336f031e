"""The blind set: labelled news articles nobody tuned the extraction rules on.

Written on 2026-11-30 by a helper who had not read the extraction rules, their
lexicons nor any article of the other labelled sets (see README.md beside this file
for how it was written and the labelling rules). It measures how the rules generalise:
never tune on it, never read its misses to change a rule. Same format as
tests/chips/devset (load it with `load_articles(BLIND)` / `load_conflicts(BLIND)` from
tests.chips.devset); no seed article.
"""

from pathlib import Path

BLIND = Path(__file__).parent
