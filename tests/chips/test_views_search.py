"""Search across articles and claims, with the matches marked (PostgreSQL FTS or substrings)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, ChipFactory, ClaimFactory, VendorFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_finds_the_seeded_claims_and_article(client, seeded):
    page = client.get("/search/?q=SMIC").content.decode()
    assert "Alibaba&#x27;s new AI chip is made by <mark" in page
    assert "Alibaba Reportedly Develops" in page


def test_it_marks_the_matches(client, db):
    ClaimFactory(statement="The accelerator uses HBM memory", quote="It uses HBM memory.")
    page = client.get("/search/?q=HBM").content.decode()
    assert '<mark class="hl">HBM</mark>' in page


def test_every_word_must_match(client, db):
    ClaimFactory(statement="Huawei ships the Ascend chip")
    ClaimFactory(statement="Huawei opens a store")
    page = client.get("/search/?q=Huawei+Ascend").content.decode()
    assert "ships the" in page and "opens a store" not in page


def test_hostile_matches_stay_text(client, db):
    ArticleFactory(
        title="<script>alert('title')</script> Ascend",
        text="Before <img src=x onerror=alert(1)> the Ascend chip & more.",
    )
    ClaimFactory(statement="<b>Ascend</b> claim", quote="<script>q()</script> Ascend")
    page = client.get("/search/?q=Ascend").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<b>" not in page and "<script>q()" not in page
    assert "&lt;script&gt;" in page and "Ascend</mark>" in page


def test_an_htmx_search_gets_only_the_results(client, db):
    ClaimFactory(statement="Cambricon raises revenue")
    response = client.get("/search/?q=Cambricon", **HTMX)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="results"') and "Cambricon" in page
    assert "HX-Request" in response["Vary"]


def test_an_empty_query_explains_itself(client, db):
    page = client.get("/search/").content.decode()
    assert "Type a word or two" in page


def test_nothing_found_says_so(client, db):
    ClaimFactory()
    assert "Nothing matches" in client.get("/search/?q=zyxxyzzy").content.decode()


def test_query_syntax_never_breaks_the_page(client, db):
    for q in ['"unclosed', "a & | ! (", "-", "OR OR", "%_\\"]:
        assert client.get("/search/", {"q": q}).status_code == 200


def test_search_runs_as_many_queries_with_much_more_data(count_queries, db):
    ClaimFactory(statement="Enflame chip", article__title="Enflame story")
    few = count_queries("/search/?q=Enflame")
    for i in range(15):
        ClaimFactory(statement=f"Enflame chip {i}", article__title=f"Enflame story {i}")
    assert count_queries("/search/?q=Enflame") == few


@pytest.mark.parametrize(
    ("model", "vector", "index"),
    [
        ("newsfeed.Article", "article_search_vector", "article_search_idx"),
        ("chips.Claim", "claim_search_vector", "claim_search_idx"),
    ],
)
def test_full_text_search_can_use_its_gin_index_on_postgresql(db, model, vector, index):
    from django.apps import apps
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("full-text search indexes exist on PostgreSQL only")
    from django.contrib.postgres.search import SearchQuery

    from chips.dashboard import search as dashboard

    query = SearchQuery("smic", config=dashboard.SEARCH_CONFIG, search_type="websearch")
    matches = (
        apps.get_model(model)
        .objects.annotate(document=getattr(dashboard, vector)())
        .filter(document=query)
        # Without an ORDER BY, so on empty test tables the planner cannot prefer walking
        # a date index: what is checked is that the GIN index matches the expression.
        .order_by()
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = matches.explain()
    assert index in plan


def test_it_finds_vendors_and_chips_by_name_alias_and_chinese_alias(client, seeded):
    page = client.get("/search/?q=Ascend+910C").content.decode()
    assert 'class="tag chip-hit" href="/chips/ascend-910c/">Ascend 910C</a>' in page
    assert "/chips/ascend-910b/" not in page  # only the chip matching every word
    page = client.get("/search/?q=华为").content.decode()
    assert (
        'class="tag vendor-hit" href="/vendors/huawei/">Huawei</a> <span class="muted">“华为”'
        in page
    )
    page = client.get("/search/?q=昇腾910B").content.decode()
    assert 'href="/chips/ascend-910b/">Ascend 910B</a>' in page


def test_a_small_typo_still_finds_the_chip_and_suggests_the_name(client, seeded):
    page = client.get("/search/?q=acsend").content.decode()
    assert 'href="/chips/ascend-910c/">Ascend 910C</a>' in page
    assert 'Did you mean <a href="/search/?q=Ascend">Ascend</a>?' in page
    page = client.get("/search/?q=huawie").content.decode()
    assert 'href="/vendors/huawei/">Huawei</a>' in page


def test_short_names_must_match_exactly_not_as_typos(client, db):
    VendorFactory(slug="arm", name="Arm")
    VendorFactory(slug="amd", name="AMD")
    page = client.get("/search/?q=amd").content.decode()
    assert 'href="/vendors/amd/"' in page and 'href="/vendors/arm/"' not in page


def test_claim_hits_show_their_confidence_and_source(client, db):
    ClaimFactory(
        statement="Cambricon ships the MLU590",
        confidence=0.72,
        origin="a company filing",
        article__feed__source__name="Trade Weekly",
    )
    page = client.get("/search/?q=MLU590").content.decode()
    assert "confidence 72 %" in page
    assert "Trade Weekly, citing a company filing" in page


def test_the_search_runs_the_same_queries_for_a_bigger_catalogue(count_queries, db):
    ClaimFactory(statement="Huawei ships the Ascend chip")
    ChipFactory(name="Ascend 1")
    few = count_queries("/search/?q=Ascend")
    for i in range(5):
        ChipFactory(name=f"Ascend {i + 2}")
        ClaimFactory(statement=f"Ascend news {i}")
    assert count_queries("/search/?q=Ascend") == few


def test_sqlite_search_reads_the_trigram_index_kept_in_step_by_triggers(client, db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 tables exist on SQLite only")
    claim = ClaimFactory(statement="寒武纪 ships the Siyuan accelerator")
    assert "Siyuan" in client.get("/search/?q=寒武纪").content.decode()
    claim.statement = "Cambricon ships a board"
    claim.save()
    assert "Nothing matches" in client.get("/search/?q=Siyuan").content.decode()
    assert "ships a board" in client.get("/search/?q=cambricon").content.decode()
    claim.delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM chips_claim_fts WHERE chips_claim_fts MATCH 'board'")
        assert cursor.fetchone()[0] == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN QUERY PLAN SELECT rowid FROM chips_claim_fts WHERE chips_claim_fts MATCH 'x'"
        )
        assert "VIRTUAL TABLE INDEX" in str(cursor.fetchall())


@pytest.mark.parametrize("common_from", [2, 1000])
def test_a_common_word_and_a_rare_one_find_the_same_newest_matches(db, monkeypatch, common_from):
    """On SQLite a word with COMMON_MATCHES or more FTS5 matches is found by reading the
    newest rows (no FTS list), a rarer one through FTS5; the page is the same either way."""
    from django.db import connection

    from chips.dashboard import search

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 tables exist on SQLite only")
    now = timezone.now()
    for days in (5, 1, 3):
        ClaimFactory(
            statement=f"寒武纪 claim {days} days old",
            claimed_at=now - timedelta(days=days),
            article__title=f"寒武纪 story {days} days old",
            article__published_at=now - timedelta(days=days),
        )
    ClaimFactory(statement="Another vendor's claim", article__title="Another story")
    monkeypatch.setattr(search, "COMMON_MATCHES", common_from)
    results = search.run_search("寒武纪")
    assert [hit.claim.statement for hit in results.claims] == [
        "寒武纪 claim 1 days old",
        "寒武纪 claim 3 days old",
        "寒武纪 claim 5 days old",
    ]
    assert [hit.article.title for hit in results.articles] == [
        "寒武纪 story 1 days old",
        "寒武纪 story 3 days old",
        "寒武纪 story 5 days old",
    ]


def test_an_article_hit_reads_no_body_yet_snippets_its_text_or_else_its_summary(db):
    """A hit's snippet comes from the article's text, or from the feed's summary when the
    page gave no text; either way the search does not read the text and HTML into Python
    where the database cuts the snippet (PostgreSQL)."""
    from django.db import connection

    from chips.dashboard.search import run_search

    ArticleFactory(title="Ascend one", text="The Ascend chip has a text.", summary="")
    ArticleFactory(title="Ascend two", text="", summary="A summary of the Ascend chip.")
    results = run_search("Ascend")
    snippets = {hit.article.title: str(hit.snippet_html) for hit in results.articles}
    assert "has a text" in snippets["Ascend one"] and "A summary" in snippets["Ascend two"]
    for hit in results.articles:
        deferred = hit.article.get_deferred_fields()
        assert "html" in deferred
        assert ("text" in deferred) is (connection.vendor == "postgresql")
