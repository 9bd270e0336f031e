"""Search: vendors and chips by name, articles and claims by text (PostgreSQL full-text
search, a substring match elsewhere), with the matches marked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from django import forms
from django.db import DatabaseError, connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from chips.dashboard.common import BadInput, listed_claims, reader_view, wants_partial
from chips.highlighting import (
    START_SEL,
    STOP_SEL,
    headline_to_html,
    highlight_terms,
    query_terms,
)
from chips.models import (
    Chip,
    Claim,
    Vendor,
)
from chips.names import NameMatch, corrected, match_names
from newsfeed.models import Article

SEARCH_LIMIT = 20


@dataclass
class ArticleHit:
    article: Article
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class ClaimHit:
    claim: Claim
    statement_html: SafeString
    quote_html: SafeString


@dataclass
class SearchResults:
    query: str
    articles: list[ArticleHit] = field(default_factory=list)
    claims: list[ClaimHit] = field(default_factory=list)
    engine: str = ""
    vendors: list[NameMatch[Vendor]] = field(default_factory=list)
    chips: list[NameMatch[Chip]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.articles or self.claims or self.vendors or self.chips)

    @property
    def catalogue_count(self) -> int:
        return len(self.vendors) + len(self.chips)

    @property
    def suggestion(self) -> str:
        """The name meant when only a typo-forgiving match found anything ("acsend")."""
        if self.articles or self.claims:
            return ""
        matches = [*self.vendors, *self.chips]
        if matches and all(m.typo for m in matches):
            return corrected(self.query, matches[0].matched)
        return ""


CATALOGUE_LIMIT = 12


def search_catalogue(q: str, limit: int = CATALOGUE_LIMIT) -> tuple[list, list]:
    """Vendors and chips whose name or an alias (Chinese ones too) matches q, small
    typos forgiven (two queries; the catalogue is small enough to match in Python)."""
    vendors = Vendor.objects.only("slug", "name", "aliases", "country", "kind")
    chips = Chip.objects.select_related("vendor").only(
        "slug", "name", "aliases", "vendor__slug", "vendor__name"
    )
    return (
        match_names(q, ((v, [v.name, *v.aliases]) for v in vendors))[:limit],
        match_names(q, ((c, [c.name, *c.aliases]) for c in chips))[:limit],
    )


SEARCH_CONFIG = "english"
SNIPPET_CHARS = 240


def article_search_vector():
    """Must stay the same expression as newsfeed's article_search_idx (PostgreSQL)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", "summary", "text", config=SEARCH_CONFIG)


def claim_search_vector():
    """Must stay the same expression as chips' claim_search_idx (PostgreSQL)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("statement", "quote", config=SEARCH_CONFIG)


class UnreadableQuery(ValueError):
    """A search the database cannot parse (the message says what to change)."""


# A minus sign, then more of them with only spaces or punctuation between: PostgreSQL
# nests one NOT per sign and gives up at about 32 ("tsquery stack too small").
_MINUS_RUN = re.compile(r'-(?:[^\w"]*-)+')


def websearch_text(q: str) -> str:
    """q with every run of minus signs read as one (exclusion is all a run can mean)."""
    return _MINUS_RUN.sub("-", q)


# What an article hit shows of its article (with, where the snippet is cut in Python, its
# text): not the fetched HTML nor the twenty columns of fetching and analysis.
HIT_ARTICLE_FIELDS = ("title", "summary", "published_at", "source__name")


def _search_postgres(q: str, limit: int) -> SearchResults:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    query = SearchQuery(websearch_text(q), config=SEARCH_CONFIG, search_type="websearch")

    def headline(expr: str, whole: bool = False) -> SearchHeadline:
        options = {"highlight_all": True} if whole else {"max_words": 30, "min_words": 12}
        return SearchHeadline(
            expr, query, config=SEARCH_CONFIG, start_sel=START_SEL, stop_sel=STOP_SEL, **options
        )

    articles = (
        Article.objects.annotate(document=article_search_vector())
        .filter(document=query)
        .annotate(
            title_hl=headline("title", whole=True),
            text_hl=headline("text"),
            has_text=ExpressionWrapper(~Q(text=""), output_field=BooleanField()),
        )
        # A hit shows title, outlet, date and a snippet the database cuts: not the
        # article's text and HTML (tens of KB each), only whether it has text.
        .select_related("source")
        .only(*HIT_ARTICLE_FIELDS)
        .latest_first()[:limit]
    )
    claims = (
        Claim.objects.annotate(document=claim_search_vector())
        .filter(document=query)
        .annotate(statement_hl=headline("statement", whole=True), quote_hl=headline("quote"))
    )
    claims = listed_claims(claims).latest_first()[:limit]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner prices to_tsvector() far below its real cost, so for a
            # common word it would rather recompute it over the whole table than
            # read the GIN index (measured: 250 ms against 7 ms on 5,000 articles).
            cursor.execute("SET LOCAL enable_seqscan = off")
            articles, claims = list(articles), list(claims)
    except DatabaseError as exc:
        # Only the query text's fault is the user's; anything else is ours.
        if "tsquery" not in str(exc):
            raise
        raise UnreadableQuery(
            "This search has more operators than PostgreSQL can read: "
            "use fewer minus signs, quotes or “or”."
        ) from exc
    return SearchResults(
        query=q,
        engine="postgresql",
        articles=[
            ArticleHit(
                article=a,
                title_html=headline_to_html(a.title_hl),
                snippet_html=headline_to_html(a.text_hl)
                if a.has_text
                else highlight_terms(a.summary, q, SNIPPET_CHARS),
            )
            for a in articles
        ],
        claims=[
            ClaimHit(
                claim=c,
                statement_html=headline_to_html(c.statement_hl),
                quote_html=headline_to_html(c.quote_hl),
            )
            for c in claims
        ],
    )


def fts_match(terms: list[str]) -> str:
    """An FTS5 MATCH expression requiring every term as a substring (each quoted, so
    query syntax is only ever text); terms under 3 characters are left out, since the
    trigram tokenizer cannot index them (they are matched by a substring filter)."""
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms if len(t) >= 3)


# With this many FTS5 matches or more, a word is common: reading rows newest first and
# keeping those that contain it stops within a page or so, while fetching every match
# to sort it by time (what suits a rare word) would read tens of thousands of rows.
COMMON_MATCHES = 1000


def fts_rows(table: Literal["newsfeed_article", "chips_claim"], match: str) -> list[int] | None:
    """The ids of the rows of `table` matching `match` in its FTS5 table, or None when
    they are COMMON_MATCHES or more (one query that stops there)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s LIMIT %s",  # noqa: S608
            [match, COMMON_MATCHES],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return ids if len(ids) < COMMON_MATCHES else None


def _search_fallback(q: str, limit: int) -> SearchResults:
    """Every word must appear (case-insensitively); newest first. On SQLite the FTS5
    trigram tables (migration chips 0011) find the rows of a rare word first, so a
    search does not scan every article's text; a common word is found by reading the
    newest rows until a page is full (see COMMON_MATCHES)."""
    terms = query_terms(q)
    article_q, claim_q = Q(), Q()
    match = fts_match(terms)
    if match and connection.vendor == "sqlite":  # the tables exist once migrated
        article_ids = fts_rows("newsfeed_article", match)
        if article_ids is not None:
            article_q &= Q(id__in=article_ids)
        claim_ids = fts_rows("chips_claim", match)
        if claim_ids is not None:
            claim_q &= Q(id__in=claim_ids)
    for term in terms:
        # Still checked row by row (cheap on the few rows FTS left): the trigram
        # tokenizer folds only ASCII case, and short terms are not in the index.
        article_q &= Q(title__icontains=term) | Q(summary__icontains=term) | Q(text__icontains=term)
        claim_q &= Q(statement__icontains=term) | Q(quote__icontains=term)
    if not terms:
        return SearchResults(query=q, engine="substring")
    articles = (
        Article.objects.filter(article_q)
        .select_related("source")
        .only(*HIT_ARTICLE_FIELDS, "text")  # the snippet is cut here, from the body
        .latest_first()[:limit]
    )
    claims = listed_claims(Claim.objects.filter(claim_q)).latest_first()[:limit]
    return SearchResults(
        query=q,
        engine="substring",
        articles=[
            ArticleHit(
                article=a,
                title_html=highlight_terms(a.title, q),
                snippet_html=highlight_terms(a.body, q, SNIPPET_CHARS),
            )
            for a in articles
        ],
        claims=[
            ClaimHit(
                claim=c,
                statement_html=highlight_terms(c.statement, q),
                quote_html=highlight_terms(c.quote, q, SNIPPET_CHARS),
            )
            for c in claims
        ],
    )


def run_search(q: str, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Vendors and chips named like q, and articles and claims matching it, with the
    matches marked (four queries; on SQLite two more, the FTS5 look-ups).

    PostgreSQL full-text search (stemmed words, websearch syntax, a GIN index)
    where available; on SQLite a case-insensitive substring match of every
    word, narrowed by FTS5 trigram tables. Newest first on both: ranking every
    match would cost time in proportion to how common the words are, and
    analysts want the latest news.
    """
    q = q.strip()
    if not q:
        return SearchResults(query="")
    if connection.vendor == "postgresql":
        results = _search_postgres(q, limit)
    else:
        results = _search_fallback(q, limit)
    results.vendors, results.chips = search_catalogue(q)
    return results


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", max_length=200, required=False, strip=True)


@reader_view
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    try:
        results = run_search(q)
    except UnreadableQuery as exc:
        raise BadInput(str(exc)) from exc
    context = {"form": form, "results": results}
    if wants_partial(request):
        return render(request, "chips/search.html#results", context)
    return render(request, "chips/search.html", context)
