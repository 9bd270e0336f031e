"""A starting worker builds what every analysis needs before its first task, not during it."""

from __future__ import annotations

import sys

from chips.lexicons import load_lexicon
from config.celery import _warm_up


def test_a_starting_worker_has_the_lexicon_and_the_page_extractor_ready(monkeypatch):
    load_lexicon.cache_clear()
    monkeypatch.delitem(sys.modules, "newsfeed.extraction", raising=False)
    _warm_up()  # on celery's worker_init
    assert load_lexicon.cache_info().currsize == 1
    assert "newsfeed.extraction" in sys.modules
