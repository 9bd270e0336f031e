"""The home page: vendors with their counts and the latest claims."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chips.models import Vendor
from tests.factories import ArticleFactory, ClaimFactory, VendorFactory

pytestmark = pytest.mark.django_db


def test_it_lists_vendors_with_article_and_claim_counts_and_the_seeded_claims(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alibaba&#x27;s new AI chip relies completely on domestic technology" in page
    assert "The Wall Street Journal" in page
    alibaba = next(v for v in response.context["summary"].vendors if v.slug == "alibaba")
    assert alibaba.article_count == 2  # the seed story and Business Standard's report
    assert alibaba.claim_count >= 7  # the seven curated ones, plus what extraction finds
    counts = [v.claim_count for v in response.context["summary"].vendors]
    assert counts == sorted(counts, reverse=True)  # busiest first


def test_it_explains_an_empty_database(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "No claims yet" in response.content.decode()


def test_text_from_articles_is_escaped(client, db):
    ClaimFactory(statement="<script>alert(1)</script>", quote="<img src=x onerror=alert(2)>")
    page = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_the_number_of_queries_does_not_grow_with_the_data(client, db, django_assert_num_queries):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    ClaimFactory()
    few = queries()
    vendors = VendorFactory.create_batch(5)
    for vendor in vendors:
        ClaimFactory.create_batch(4, vendor=vendor, article=ArticleFactory())
    assert queries() == few
    assert Vendor.objects.count() == 6


def test_it_only_answers_reads(client, db):
    assert client.post("/").status_code == 405
