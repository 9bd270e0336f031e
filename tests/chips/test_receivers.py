"""Articles whose text is ready are analysed: inline in-process, queued in a worker."""

import pytest

from chips.models import VendorMention
from newsfeed.signals import announce_article_ready
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_article_announced_inline_is_tagged_before_the_call_returns(seeded):
    article = ArticleFactory(title="SMIC ramps 7nm output", text="Huawei is its main customer.")
    announce_article_ready(article.pk, inline=True)
    tagged = set(
        VendorMention.objects.filter(article=article).values_list("vendor__slug", flat=True)
    )
    assert tagged == {"smic", "huawei"}


def test_an_article_announced_from_a_worker_is_queued_after_commit(
    seeded, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("chips.tasks.analyze_article.delay", queued.append)
    article = ArticleFactory(title="TSMC raises prices")
    with django_capture_on_commit_callbacks(execute=True):
        announce_article_ready(article.pk, inline=False)
        assert queued == []  # nothing leaves before the transaction commits
    assert queued == [article.pk]
