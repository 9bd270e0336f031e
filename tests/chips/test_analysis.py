"""analyze_article: mentions, claims and conflicts, idempotent, editors' work preserved."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from chips import tasks
from chips.analysis import analyze_article
from chips.conflicts import member_firsts
from chips.models import Claim, Conflict, ConflictClaim, VendorMention
from newsfeed.models import Article
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Huawei's Ascend 910C is manufactured by SMIC on its N+2 process, the company said.\n\n"
    "The chip is reportedly shipping to Chinese cloud providers.\n\n"
    "Related Story Nvidia RTX 6000D tested: 17% fewer cores\n\n"
    "Follow Example on Google to get more of our news coverage in your feeds."
)


@pytest.fixture
def article(seeded):
    return ArticleFactory(title="Huawei's Ascend 910C: made by SMIC", text=TEXT)


def rows(article):
    return sorted(
        Claim.objects.filter(article=article).values_list(
            "pk", "vendor__slug", "topic", "polarity", "value", "confidence", "status"
        )
    )


def test_it_records_mentions_of_title_and_main_text_only(article):
    analyze_article(article.pk)
    vendors = set(
        VendorMention.objects.filter(article=article).values_list("vendor__slug", flat=True)
    )
    assert vendors == {"huawei", "smic"}  # not Nvidia (a related link), not Google (boilerplate)


def test_it_extracts_claims_with_values_and_a_date(article):
    result = analyze_article(article.pk)
    claims = Claim.objects.filter(article=article)
    assert result.claims_created == claims.count() > 0
    assert ("huawei", "manufacturing", "SMIC") in {
        (c.vendor.slug, c.topic, c.value) for c in claims
    }
    assert {c.method for c in claims} == {"auto"}
    assert all(c.claimed_at == article.published_at for c in claims)


def test_running_it_twice_leaves_the_same_rows(article):
    analyze_article(article.pk)
    before = rows(article)
    result = analyze_article(article.pk)
    assert rows(article) == before
    assert result.claims_created == result.claims_removed == 0
    assert len(result.vendors) == 2  # tasks.py relies on the mention counters


def test_claims_no_longer_extracted_are_removed_unless_an_editor_touched_them(article):
    editor = get_user_model().objects.create_user("ed")
    analyze_article(article.pk)
    ruled = Claim.objects.get(article=article, topic="manufacturing", value="SMIC", headline=False)
    ruled.give_verdict(Claim.Status.VERIFIED, editor)
    untouched = set(
        Claim.objects.filter(article=article).exclude(pk=ruled.pk).values_list("pk", flat=True)
    )
    article.title = "Weather"
    article.text = "Nothing about chips here any more, just weather and sport."
    article.save()
    result = analyze_article(article.pk)
    remaining = set(Claim.objects.filter(article=article).values_list("pk", flat=True))
    assert remaining == {ruled.pk}
    assert result.claims_removed == len(untouched)
    ruled.refresh_from_db()
    assert (ruled.status, ruled.reviewed_by) == ("verified", editor)


def test_curated_and_manual_claims_are_never_removed(seeded):
    seed = Claim.objects.filter(method="curated").first().article
    curated = set(Claim.objects.filter(method="curated").values_list("pk", flat=True))
    assert seed.claims.filter(method="curated").exists()
    manual = Claim.objects.create(
        article=seed,
        vendor=seed.claims.first().vendor,
        topic="business",
        statement="hand-made",
        quote="China still faces a massive capacity issue",
        confidence=0.5,
        method=Claim.Method.MANUAL,
    )
    seed.text = "Emptied."
    seed.save()
    analyze_article(seed.pk)
    assert set(Claim.objects.filter(method="curated").values_list("pk", flat=True)) == curated
    assert Claim.objects.filter(pk=manual.pk).exists()


def test_automatic_claims_do_not_repeat_what_editors_already_stated(seeded):
    seed = Claim.objects.filter(method="curated").first().article
    analyze_article(seed.pk)
    curated = {
        (c.vendor_id, c.chip_id, c.topic, c.polarity, c.value.casefold())
        for c in seed.claims.filter(method="curated")
    }
    automatic = {
        (c.vendor_id, c.chip_id, c.topic, c.polarity, c.value.casefold())
        for c in seed.claims.filter(method="auto")
    }
    assert not curated & automatic


# The conflict tests below use a chip the seeds hold no dispute about (they do about the
# Ascend 910B/910C and the H20), so that the conflicts counted are the test's own.


def cambricon_conflicts():
    return Conflict.objects.filter(vendor__slug="cambricon")


def test_a_later_article_contradicting_an_earlier_one_opens_a_conflict(seeded):
    first = ArticleFactory(text="Cambricon's MLU590 is manufactured by SMIC, Reuters reported.")
    second = ArticleFactory(
        text="Cambricon's MLU590 is manufactured by TSMC, according to TechInsights."
    )
    analyze_article(first.pk)
    result = analyze_article(second.pk)
    (conflict,) = cambricon_conflicts()
    assert result.conflicts == 1
    assert (conflict.claim_a.value, conflict.claim_b.value) == ("SMIC", "TSMC")
    assert conflict.claim_b.article == second
    analyze_article(second.pk)
    analyze_article(first.pk)
    assert list(cambricon_conflicts()) == [conflict]


def test_a_dispute_keeps_its_id_when_reanalysis_replaces_its_claims(seeded):
    first = ArticleFactory(text="Cambricon's MLU590 is manufactured by SMIC.")
    second = ArticleFactory(text="Cambricon's MLU590 is manufactured by TSMC.")
    analyze_article(first.pk)
    analyze_article(second.pk)
    (conflict,) = cambricon_conflicts()
    old_claim = conflict.claim_b
    # The sentence changes: its claim is removed and a new one made, in one analysis.
    second.text = "Cambricon's MLU590 is fabricated by TSMC."
    second.save()
    analyze_article(second.pk)
    (again,) = cambricon_conflicts()
    assert again.pk == conflict.pk
    assert not Claim.objects.filter(pk=old_claim.pk).exists()
    assert again.claim_b.quote == "Cambricon's MLU590 is fabricated by TSMC."


def test_a_disputes_first_dates_stay_those_of_its_members_through_reanalysis(seeded):
    now = timezone.now()

    def story(text: str, days: int) -> Article:
        return ArticleFactory(text=text, published_at=now + timedelta(days=days))

    smic = story("Cambricon's MLU590 is manufactured by SMIC.", 10)
    tsmc = story("Cambricon's MLU590 is manufactured by TSMC.", 20)
    earliest = story("Cambricon's MLU590 is made by TSMC, analysts said.", 5)
    for article in (smic, tsmc, earliest):
        analyze_article(article.pk)
    (conflict,) = cambricon_conflicts()

    def firsts() -> tuple:
        conflict.refresh_from_db()
        recomputed = member_firsts([conflict.pk])[conflict.pk]
        assert (conflict.first_a, conflict.first_b) == (recomputed["a"], recomputed["b"])
        return conflict.first_a, conflict.first_b

    assert firsts() == (now + timedelta(days=10), now + timedelta(days=5))
    Claim.objects.get(article=earliest).give_verdict(Claim.Status.REJECTED, None)
    assert firsts() == (now + timedelta(days=10), now + timedelta(days=20))
    # Re-dated and reworded: its claim is replaced by one of the new date, which joins
    # before the old one's dispute is pruned.
    tsmc.text, tsmc.published_at = (
        "Cambricon's MLU590 is fabricated by TSMC.",
        now + timedelta(days=25),
    )
    tsmc.save()
    analyze_article(tsmc.pk)
    assert firsts() == (now + timedelta(days=10), now + timedelta(days=25))


def test_reanalysis_that_no_longer_finds_a_side_deletes_the_open_dispute(seeded):
    first = ArticleFactory(text="Cambricon's MLU590 is manufactured by SMIC.")
    second = ArticleFactory(text="Cambricon's MLU590 is manufactured by TSMC.")
    analyze_article(first.pk)
    analyze_article(second.pk)
    second.text = "Nothing about chips."
    second.save()
    analyze_article(second.pk)
    assert not cambricon_conflicts().exists()


def test_corroborations_grow_with_independent_sources_only(seeded):
    text = "Cambricon's MLU590 is manufactured by TSMC."
    one = ArticleFactory(text=text, source=SourceFactory())
    analyze_article(one.pk)
    copy = ArticleFactory(text=text, source=SourceFactory(), duplicate_of=one)
    analyze_article(copy.pk)
    assert {c.corroborations for c in Claim.objects.filter(chip__slug="mlu590")} == {1}
    other = ArticleFactory(text=text, source=SourceFactory())
    analyze_article(other.pk)
    assert {c.corroborations for c in Claim.objects.filter(chip__slug="mlu590")} == {2}


def test_the_celery_task_reports_counts(article):
    assert tasks.analyze_article.run(article.pk)["vendors"] == 2


def test_reanalyze_prints_progress_and_a_summary_and_keeps_verdicts(seeded, article):
    editor = get_user_model().objects.create_user("ed")
    call_command("reanalyze", "--all", stdout=io.StringIO())
    claim = Claim.objects.filter(method="auto").first()
    claim.give_verdict(Claim.Status.DISPUTED, editor)
    before = Claim.objects.count()
    out = io.StringIO()
    call_command("reanalyze", "--all", stdout=out)
    n = Article.objects.count()  # the seeds' and this test's
    assert f"[{n}/{n}] article" in out.getvalue()
    assert f"Reanalysed {n} articles: 0 claims created" in out.getvalue()
    assert Claim.objects.count() == before
    claim.refresh_from_db()
    assert claim.status == "disputed"


def test_reanalyze_one_article_and_refuse_an_unknown_id(article):
    out = io.StringIO()
    call_command("reanalyze", "--article", str(article.pk), stdout=out)
    assert f"article {article.pk}:" in out.getvalue()
    with pytest.raises(CommandError, match="no article with id 999999"):
        call_command("reanalyze", "--article", "999999", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (str(2**64), "no article can have id 18446744073709551616"),
        ("0", "no article can have id 0"),
        ("seven", "'seven' is not a number"),
    ],
)
def test_reanalyze_refuses_an_id_no_article_can_have_without_a_traceback(db, given, said):
    # A huge id used to reach SQLite and fail there with an OverflowError traceback.
    with pytest.raises(CommandError, match=f"argument --article: {said}"):
        call_command("reanalyze", "--article", given, stdout=io.StringIO())


def test_a_claim_in_a_conflict_an_editor_resolved_survives_reanalysis(seeded):
    editor = get_user_model().objects.create_user("ed")
    first = ArticleFactory(text="Cambricon's MLU590 is manufactured by SMIC.")
    second = ArticleFactory(text="Cambricon's MLU590 is manufactured by TSMC.")
    analyze_article(first.pk)
    analyze_article(second.pk)
    conflict = cambricon_conflicts().get()
    conflict.resolve(Conflict.Outcome.NOT_A_CONTRADICTION, "Two batches.", editor)
    second.title = "Weather"
    second.text = "Nothing about chips."
    second.save()
    analyze_article(second.pk)
    conflict = Conflict.objects.for_display().get(pk=conflict.pk)
    assert (conflict.outcome, conflict.note) == ("not_a_contradiction", "Two batches.")
    assert conflict.claim_b.article == second  # its claim stays: the ruling is about it


def test_an_article_found_to_be_a_copy_later_drops_its_conflicts_with_the_original(seeded):
    original = ArticleFactory(text="Cambricon's MLU590 is manufactured by SMIC.")
    copy = ArticleFactory(text="Cambricon's MLU590 is manufactured by TSMC.")
    analyze_article(original.pk)
    analyze_article(copy.pk)
    assert cambricon_conflicts().count() == 1
    copy.duplicate_of = original
    copy.save()
    analyze_article(copy.pk)
    assert cambricon_conflicts().count() == 0


def dispute_snapshot() -> set[tuple]:
    return set(
        ConflictClaim.objects.values_list(
            "conflict_id", "conflict__question_key", "conflict__status", "side", "claim_id"
        )
    )


def test_reanalysing_everything_twice_keeps_every_dispute_its_id_members_and_ruling(seeded):
    call_command("reanalyze", "--all", stdout=io.StringIO())
    ruled = Conflict.objects.get(chip__slug="ascend-910c", topic="manufacturing")
    ruled.resolve(Conflict.Outcome.B_HOLDS, "A teardown found TSMC dies.", None)
    before = dispute_snapshot()
    assert before  # the seeds' disputes
    call_command("reanalyze", "--all", stdout=io.StringIO())
    call_command("reanalyze", "--all", stdout=io.StringIO())
    assert dispute_snapshot() == before
    ruled.refresh_from_db()
    assert (ruled.outcome, ruled.note) == ("b_holds", "A teardown found TSMC dies.")


class Crossed(Exception):
    sqlstate = "40P01"  # what psycopg reports for PostgreSQL's deadlock_detected


@pytest.mark.django_db(transaction=True)
def test_an_analysis_another_worker_deadlocked_runs_again_at_once(monkeypatch):
    from django.db import OperationalError

    from chips import analysis

    call_command("loadseeds", stdout=io.StringIO())
    article = ArticleFactory(title="Huawei's Ascend 910C: made by SMIC", text=TEXT)
    real = analysis.record_mentions
    calls = []

    def crossed_once(*args):
        calls.append(args)
        if len(calls) == 1:
            raise OperationalError("deadlock detected") from Crossed()
        return real(*args)

    monkeypatch.setattr(analysis, "record_mentions", crossed_once)
    result = analyze_article(article.pk)
    assert len(calls) == 2
    assert result.claims_created == Claim.objects.filter(article=article).count() > 0


@pytest.mark.django_db(transaction=True)
def test_an_analysis_that_fails_otherwise_is_not_run_again(monkeypatch):
    from django.db import OperationalError

    from chips import analysis

    article = ArticleFactory(text=TEXT)
    calls = []

    def broken(*args):
        calls.append(args)
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(analysis, "record_mentions", broken)
    with pytest.raises(OperationalError):
        analyze_article(article.pk)
    assert len(calls) == 1
