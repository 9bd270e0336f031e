"""Analyse an article: mentions, claims and conflicts.

Safe to run any number of times (after a crash, or after the lexicons changed):
mentions are replaced as a whole; claims are found again by fingerprint, so an
unchanged claim keeps its row, its id, its verdict and its conflicts; automatic
claims the extractor no longer produces are removed only if no editor touched them
(still unverified, never reviewed); curated and manual claims are never removed.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.db.models.base import ModelState
from django.utils import timezone

from chips import assertions, rows
from chips.claims import Catalogue, ClaimExtractor, ExtractedClaim, clean_text
from chips.conflicts import ConflictDetector, corroboration_key, prune, update_corroborations
from chips.learning.claim_filter import extractor_version, filter_claims, load_filter
from chips.lexicons import load_lexicon
from chips.models import (
    Chip,
    ChipMention,
    ChipProposal,
    Claim,
    Conflict,
    ConflictClaim,
    Vendor,
    VendorMention,
)
from chips.proposals import (
    ProposalCatalogue,
    find_unknown_chips,
    load_catalogue,
    record_proposals,
)
from chips.tagging import Mentions, MentionTagger, Target
from newsfeed.analysing import mark_analysed
from newsfeed.models import Article


@dataclass
class AnalysisResult:
    """What one analysis did. `vendors`/`chips` are the mention counts, as before."""

    vendors: Counter[str] = field(default_factory=Counter)
    chips: Counter[str] = field(default_factory=Counter)
    claims_created: int = 0
    claims_updated: int = 0
    claims_kept: int = 0
    claims_removed: int = 0
    conflicts: int = 0

    @property
    def claims(self) -> int:
        return self.claims_created + self.claims_updated + self.claims_kept


def warm_up() -> None:
    """Build what every analysis needs that the database does not hold: the lexicon (about
    a second of CPU), the claim filter, and the page extractor's modules (trafilatura,
    lxml). A worker does it as it starts (config/celery.py) rather than on its first
    article, which it kept waiting; a prefork pool's children inherit it ready-made."""
    import newsfeed.extraction  # noqa: F401 - imported for its import-time work

    load_lexicon()
    load_filter()


def build_tagger() -> MentionTagger:
    return build_catalogue().tagger


@dataclass(frozen=True)
class Snapshot:
    """The catalogue as one analysis sees it: the extractor's, the proposals' and the
    vendors' and chips' ids by slug (claims and mentions store ids)."""

    catalogue: Catalogue
    proposals: ProposalCatalogue
    vendor_ids: dict[str, int]
    chip_ids: dict[str, int]


# Re-read in full at least this often even when the stamp says nothing changed: a
# queryset .update() of a vendor's aliases moves no updated_at.
SNAPSHOT_TTL = 60.0

_snapshot: tuple[tuple, float, Snapshot] | None = None


def catalogue_stamp() -> tuple:
    """Changes whenever a vendor or chip is saved, added or deleted (in any process): their
    counts, highest ids and latest updated_at, in one query of two index-sized scans."""
    quote = connection.ops.quote_name
    vendor, chip = quote(Vendor._meta.db_table), quote(Chip._meta.db_table)
    pk, at = quote("id"), quote("updated_at")
    # Only the models' own table and column names go into the text.
    sql = (
        f"SELECT COUNT(*), MAX({pk}), MAX({at}), (SELECT COUNT(*) FROM {chip}), "  # noqa: S608
        f"(SELECT MAX({pk}) FROM {chip}), (SELECT MAX({at}) FROM {chip}) FROM {vendor}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def snapshot() -> Snapshot:
    """The catalogue for this analysis: one small query when nothing changed since the last
    (the catalogue used to be read whole, twice, for every article), else read again."""
    global _snapshot
    stamp = catalogue_stamp()
    now = time.monotonic()
    if _snapshot is not None and _snapshot[0] == stamp and now - _snapshot[1] < SNAPSHOT_TTL:
        return _snapshot[2]
    catalogue = build_catalogue()
    found = Snapshot(
        catalogue,
        load_catalogue(),
        dict(Vendor.objects.values_list("slug", "pk")),
        dict(Chip.objects.values_list("slug", "pk")),
    )
    _snapshot = (stamp, now, found)
    return found


def build_catalogue(tagger: MentionTagger | None = None) -> Catalogue:
    """The catalogue as it stands: two light queries per call, the tagger built again only
    when a vendor or chip changed (building it was a tenth of an analysis)."""
    vendors = tuple(
        (slug, name, tuple(aliases or ()), kind, country)
        for slug, name, aliases, kind, country in Vendor.objects.order_by("pk").values_list(
            "slug", "name", "aliases", "kind", "country"
        )
    )
    chips = tuple(
        (slug, name, tuple(aliases or ()), vendor)
        for slug, name, aliases, vendor in Chip.objects.order_by("pk").values_list(
            "slug", "name", "aliases", "vendor__slug"
        )
    )
    catalogue = _catalogue(vendors, chips)
    if tagger is None:
        return catalogue
    return Catalogue(
        tagger,
        catalogue.vendor_names,
        catalogue.chip_names,
        catalogue.chip_vendors,
        catalogue.vendor_kinds,
        catalogue.vendor_countries,
    )


@lru_cache(maxsize=4)
def _catalogue(
    vendors: tuple[tuple[str, str, tuple[str, ...], str, str], ...],
    chips: tuple[tuple[str, str, tuple[str, ...], str], ...],
) -> Catalogue:
    entries: list[tuple[Target, list[str]]] = []
    for slug, name, aliases, _, _ in vendors:
        entries.append((Target("vendor", slug, slug), [name, *aliases]))
    for slug, name, aliases, vendor in chips:
        entries.append((Target("chip", slug, vendor), [name, *aliases]))
    return Catalogue(
        MentionTagger(entries),
        {slug: name for slug, name, _, _, _ in vendors},
        {slug: name for slug, name, _, _ in chips},
        {slug: vendor for slug, _, _, vendor in chips},
        {slug: kind for slug, _, _, kind, _ in vendors},
        {slug: country for slug, _, _, _, country in vendors if country},
    )


def article_text_for_tagging(article: Article) -> str:
    """Title and main text; boilerplate and links to other stories are not this article's."""
    return f"{article.title}\n\n{clean_text(article.body)}"


# savepoint=False: inside the analysis' transaction a savepoint was two more queries, and
# whatever fails here fails the whole analysis anyway.
@transaction.atomic(savepoint=False)
def record_mentions(article: Article, mentions: Mentions, known: Snapshot) -> None:
    """Replace the article's mentions (`known`: the catalogue's ids by slug)."""
    # Nothing refers to a mention: plain DELETEs (no collector, no signals).
    rows.delete(VendorMention, "article", article.pk)
    rows.delete(ChipMention, "article", article.pk)
    vendor_ids, chip_ids = known.vendor_ids, known.chip_ids
    rows.insert(
        VendorMention,
        ["article", "vendor", "count"],
        [
            (article.pk, vendor_ids[slug], n)
            for slug, n in mentions.vendors.items()
            if slug in vendor_ids
        ],
    )
    rows.insert(
        ChipMention,
        ["article", "chip", "count"],
        [(article.pk, chip_ids[slug], n) for slug, n in mentions.chips.items() if slug in chip_ids],
    )


def extract_claims(article: Article, catalogue: Catalogue) -> list[ExtractedClaim]:
    reliability = article.source.reliability if article.source_id else None
    source = article.source.name if article.source_id else None
    claims = ClaimExtractor(catalogue).extract(article.title, article.body, reliability, source)
    # The learned filter drops the candidates the rules most often get wrong (chips.learning).
    return filter_claims(claims, catalogue)


def is_untouched(claim: Claim, settled: set[int] = frozenset()) -> bool:
    """Automatic and never ruled on by an editor: re-analysis may replace it.

    `settled` holds claims in a dispute an editor settled: removing them would empty
    the side the editor ruled on.
    """
    return (
        claim.method == Claim.Method.AUTOMATIC
        and claim.status == Claim.Status.UNVERIFIED
        and claim.reviewed_at is None
        and claim.pk not in settled
    )


def settled_claims(article: Article) -> set[int]:
    """The article's claims in a dispute an editor settled."""
    return set(
        ConflictClaim.objects.filter(claim__article=article)
        .exclude(conflict__status=Conflict.Status.OPEN)
        .values_list("claim_id", flat=True)
    )


# The claims' columns a new claim is written with (all but the id), and its history's.
_CLAIM_FIELDS = [f for f in Claim._meta.concrete_fields if not f.primary_key]
_HISTORY_EXTRA = ["history_date", "history_change_reason", "history_type", "history_user"]


def insert_claims(article: Article, created: list[Claim]) -> None:
    """Store new claims of one article with their history rows ("+", as
    bulk_create_with_history wrote them): one statement each, and one query for the ids
    (by fingerprint, unique in the article). The ORM's bulk_create prepared each of their
    ~50 values through its field and split them into 999-parameter batches: a quarter of
    an analysis."""
    if not created:
        return
    now = timezone.now()
    for claim in created:
        claim.created_at = claim.updated_at = now  # auto_now_add, auto_now
    rows.insert(
        Claim,
        [f.name for f in _CLAIM_FIELDS],
        [[getattr(claim, f.attname) for f in _CLAIM_FIELDS] for claim in created],
    )
    ids = dict(Claim.objects.filter(article=article).values_list("fingerprint", "pk"))
    for claim in created:
        claim.pk = ids[claim.fingerprint]
        claim._state.adding = False
        claim._state.db = connection.alias
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = Claim.history.model
    tracked = history.tracked_fields
    user = history.get_default_history_user(created[0])
    user_id = user.pk if user is not None else None
    rows.insert(
        history,
        [f.name for f in tracked] + _HISTORY_EXTRA,
        [
            [getattr(claim, f.attname) for f in tracked] + [now, None, "+", user_id]
            for claim in created
        ],
    )


def _like(template: Claim, **values: object) -> Claim:
    """A new claim as `Claim(**kwargs)` makes it, from a template made so with the fields
    an article's claims share (its defaults, article, date, version) and these `values`
    (attribute names; every mutable default among them): one dict copy, not the ~25
    fields' defaults and descriptors of __init__ (66 us a claim, 50 claims an article).
    Claim has no pre_init or post_init receivers, which __init__ would send."""
    claim = Claim.__new__(Claim)
    state = ModelState()
    state.db = template._state.db
    state.fields_cache = dict(template._state.fields_cache)
    fields = claim.__dict__
    fields.update(template.__dict__)
    fields["_state"] = state
    fields.update(values)
    return claim


@transaction.atomic(savepoint=False)
def record_claims(
    article: Article,
    extracted: list[ExtractedClaim],
    result: AnalysisResult,
    known: Snapshot,
) -> tuple[list[Claim], set[tuple]]:
    """Upsert the article's automatic claims; returns its live claims and changed keys.
    `known`: the catalogue's ids by slug."""
    vendors, chips = known.vendor_ids, known.chip_ids
    # With their vendor and chip: saving an updated claim reads their slugs (fingerprint).
    existing = {
        claim.fingerprint: claim for claim in article.claims.select_related("vendor", "chip")
    }
    changed_keys: set[tuple] = set()
    seen: set[str] = set()
    # What editors already stated about this article (curated or by hand) is not repeated.
    stated = {
        (c.vendor_id, c.chip_id, c.topic, c.polarity, c.value.casefold())
        for c in existing.values()
        if c.method != Claim.Method.AUTOMATIC
    }
    claimed_at = article.published_at or article.created_at
    version = extractor_version()
    created: list[Claim] = []
    template: Claim | None = None  # the article's new claims share all but what they say
    for item in extracted:
        if item.vendor not in vendors or (item.chip and item.chip not in chips):
            continue
        vendor_id = vendors[item.vendor]
        chip_id = chips[item.chip] if item.chip else None
        if (vendor_id, chip_id, item.topic, item.polarity, item.value.casefold()) in stated:
            continue
        fingerprint = Claim.make_fingerprint(
            item.vendor, item.chip, item.topic, item.polarity, item.value, item.quote
        )
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        claim = existing.get(fingerprint)
        if claim is None:
            if template is None:
                template = Claim(
                    article=article,
                    extractor_version=version,
                    method=Claim.Method.AUTOMATIC,
                    claimed_at=claimed_at,
                )
            claim = _like(
                template,
                vendor_id=vendor_id,
                chip_id=chip_id,
                topic=item.topic,
                polarity=item.polarity,
                value=item.value,
                statement=item.statement,
                quote=item.quote,
                origin=item.origin,
                confidence=item.confidence,
                headline=item.headline,
                confidence_basis=item.basis,
                fingerprint=fingerprint,
            )
            created.append(claim)
            existing[fingerprint] = claim
            continue
        fresh = {
            "statement": item.statement,
            "origin": item.origin,
            "confidence": item.confidence,
            "headline": item.headline,
            "confidence_basis": item.basis,
            "extractor_version": version,
        }
        if is_untouched(claim) and any(getattr(claim, k) != v for k, v in fresh.items()):
            for name, value in fresh.items():
                setattr(claim, name, value)
            claim.save()
            result.claims_updated += 1
        else:
            result.claims_kept += 1
    insert_claims(article, created)
    result.claims_created += len(created)
    changed_keys.update(corroboration_key(claim) for claim in created)
    # Claims the extractor no longer finds; which of them an editor settled is asked only
    # when there are some (a new article has none).
    gone = [
        (fingerprint, claim)
        for fingerprint, claim in existing.items()
        if fingerprint not in seen and is_untouched(claim)
    ]
    settled = settled_claims(article) if gone else set()
    for fingerprint, claim in gone:
        if claim.pk not in settled:
            changed_keys.add(corroboration_key(claim))
            claim.delete()
            del existing[fingerprint]
            result.claims_removed += 1
    return list(existing.values()), changed_keys


def disputes_of_story(article: Article) -> set[int]:
    """Open disputes with a claim of this article's story (the article, its original and
    the original's other copies): what re-analysis or syndication may leave one-sided."""
    root = article.duplicate_of_id or article.pk
    story = Article.objects.filter(Q(pk=root) | Q(duplicate_of_id=root)).values("pk")
    # The story's claims first, by article (an index): a new article has none, and the
    # planner no longer walks every dispute member to find that out.
    claims = list(Claim.objects.filter(article__in=story).order_by().values_list("pk", flat=True))
    if not claims:
        return set()
    return set(
        ConflictClaim.objects.filter(claim_id__in=claims, conflict__status=Conflict.Status.OPEN)
        .values_list("conflict_id", flat=True)
        .distinct()
    )


# PostgreSQL's deadlock_detected and serialization_failure: another worker's analysis
# crossed this one; running it again right away succeeds.
_TRANSIENT = {"40P01", "40001"}


def analyze_article(article_id: int, tagger: MentionTagger | None = None) -> AnalysisResult:
    """Analyse the article in one transaction, run again at once (up to twice) should
    the database abort it for crossing another worker's: a failure would wait for the
    retry backoff and the beat's sweep."""
    # Inside a caller's transaction a retry cannot help: the whole of it was aborted.
    left = 0 if connection.in_atomic_block else 2
    while True:
        try:
            return _analyze_article(article_id, tagger)
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) not in _TRANSIENT or not left:
                raise
            left -= 1


def _analyze_article(article_id: int, tagger: MentionTagger | None) -> AnalysisResult:
    article = Article.objects.select_related("source").get(pk=article_id)
    known = snapshot()
    catalogue = known.catalogue
    if tagger is not None and tagger is not catalogue.tagger:
        catalogue = replace(catalogue, tagger=tagger)
    text = article_text_for_tagging(article)
    mentions = catalogue.tagger.tag(text)
    result = AnalysisResult(vendors=mentions.vendors, chips=mentions.chips)
    # Read-only work before the transaction: on SQLite its first write takes the one
    # writer's lock, which the other workers wait on for as long as the transaction runs.
    unknown = find_unknown_chips(text, known.proposals)
    extracted = extract_claims(article, catalogue)
    with transaction.atomic():
        record_mentions(article, mentions, known)
        # Model numbers the catalogue lacks go to the editors' queue (chips.proposals).
        # An article that names no unknown chip and never did has nothing to keep there (a
        # probe instead of proposals' transaction and query).
        if unknown or ChipProposal.articles.through.objects.filter(article_id=article.pk).exists():
            record_proposals(article, unknown)
        # Disputes are pruned only after the new claims took their sides, so a dispute
        # that still stands keeps its id (and its members re-attach) across re-analysis.
        touched = disputes_of_story(article)
        with assertions.paused():
            claims, changed = record_claims(article, extracted, result, known)
        # The summaries the disputes and recounts below read, from this article's claims.
        assertions.sync_article(article, claims)
        found = ConflictDetector().check_many(claims)
        result.conflicts += sum(len(conflicts) for conflicts in found.values())
        # Also drops disputes within one story (an article found to be a syndicated copy).
        prune(touched)
        update_corroborations(changed | {corroboration_key(claim) for claim in claims}, claims)
        # In the same transaction as the results: analysed exactly once.
        mark_analysed(article.pk)
    return result


def reanalyze(article_ids: list[int] | None = None, progress=None) -> AnalysisResult:
    """Re-run analysis over some articles (all when None), reporting each to `progress`."""
    ids = (
        article_ids
        if article_ids is not None
        else list(Article.objects.order_by("pk").values_list("pk", flat=True))
    )
    catalogue = build_catalogue()
    total = AnalysisResult()
    for index, article_id in enumerate(ids, start=1):
        result = analyze_article(article_id, tagger=catalogue.tagger)
        total.vendors.update(result.vendors)
        total.chips.update(result.chips)
        for name in (
            "claims_created",
            "claims_updated",
            "claims_kept",
            "claims_removed",
            "conflicts",
        ):
            setattr(total, name, getattr(total, name) + getattr(result, name))
        if progress is not None:
            progress(index, len(ids), article_id, result)
    return total
