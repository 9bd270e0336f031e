"""The ingest pipeline's commits do not wait for the WAL flush on PostgreSQL; nothing else's."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from newsfeed import ingest, pages, tasks
from newsfeed.commits import unflushed
from newsfeed.pages import FetchOutcome
from newsfeed.polling import PageResult

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_commits_in_the_block_do_not_wait_and_the_setting_comes_back_after_it():
    before = synchronous_commit()
    assert before != "off"
    with unflushed():
        assert synchronous_commit() == "off"
    assert synchronous_commit() == before


def test_a_nested_block_leaves_the_setting_to_the_outer_one():
    with unflushed():
        with unflushed():
            assert synchronous_commit() == "off"
        assert synchronous_commit() == "off"
    assert synchronous_commit() != "off"


def test_the_setting_comes_back_when_the_block_raises():
    with pytest.raises(ValueError), unflushed():
        raise ValueError("the task failed")
    assert synchronous_commit() != "off"


def test_a_callers_transaction_keeps_its_own_commit():
    with transaction.atomic(), unflushed():
        assert synchronous_commit() != "off"


def test_a_page_task_commits_without_waiting(monkeypatch):
    seen = []

    def fetch(article_id: int, **kwargs) -> FetchOutcome:
        seen.append(synchronous_commit())
        return FetchOutcome(article_id, PageResult.SKIPPED)

    monkeypatch.setattr(pages, "fetch_article", fetch)
    tasks.fetch_article(1)
    assert seen == ["off"]
    assert synchronous_commit() != "off"


def test_pollfeeds_commits_without_waiting(monkeypatch):
    seen = []

    def poll(feed_id: int, **kwargs):
        seen.append(synchronous_commit())
        raise LookupError("no such feed")

    monkeypatch.setattr(ingest, "poll_feed", poll)
    with pytest.raises(LookupError):
        tasks.poll_feed_now(1)
    assert seen == ["off"]
    assert synchronous_commit() != "off"
