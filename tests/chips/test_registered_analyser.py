"""chips is newsfeed's analyser: an article whose text is settled is tagged and marked."""

import pytest

from chips.models import VendorMention
from newsfeed.models import Article
from newsfeed.tasks import analyse_here, queue_analysis
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_article_requested_inline_is_tagged_and_marked_analysed_before_the_call_returns(
    seeded,
):
    article = ArticleFactory(title="SMIC ramps 7nm output", text="Huawei is its main customer.")
    analyse_here(article.pk, inline=True)
    tagged = set(
        VendorMention.objects.filter(article=article).values_list("vendor__slug", flat=True)
    )
    assert tagged == {"smic", "huawei"}
    article.refresh_from_db()
    assert article.analysis_state == Article.AnalysisState.DONE
    assert article.analyzed_at is not None
    assert article.analysis_claimed_until is None


def test_an_article_requested_from_a_worker_is_queued_after_commit(
    seeded, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("newsfeed.tasks.analyse_article.delay", queued.append)
    article = ArticleFactory(title="TSMC raises prices")
    with django_capture_on_commit_callbacks(execute=True):
        queue_analysis(article.pk)
        assert queued == []  # nothing leaves before the transaction commits
    assert queued == [article.pk]
    article.refresh_from_db()
    assert article.analysis_state == Article.AnalysisState.PENDING


def test_reanalysing_by_command_marks_the_article_analysed(seeded):
    from chips.analysis import analyze_article

    article = ArticleFactory(title="Cambricon ships", analysis_state="failed")
    analyze_article(article.pk)
    article.refresh_from_db()
    assert article.analysis_state == Article.AnalysisState.DONE
