"""manage.py export: JSON Lines with the fields docs/contract.md promises."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import ArticleFactory, ChipFactory, ClaimFactory, ConflictFactory, FeedFactory

pytestmark = pytest.mark.django_db


def export(kind: str) -> list[dict]:
    out = io.StringIO()
    call_command("export", kind, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_feeds_carry_status_errors_poll_times_and_article_counts():
    failing = FeedFactory(error_count=2, last_error="HTTP 500 from server")
    ArticleFactory.create_batch(3, feed=failing)
    FeedFactory(is_active=False)
    rows = {row["url"]: row for row in export("feeds")}
    row = rows[failing.url]
    assert row["status"] == "error"
    assert row["error_count"] == 2 and row["last_error"] == "HTTP 500 from server"
    assert row["article_count"] == 3
    assert {"title", "last_polled_at", "next_poll_at"} <= row.keys()
    assert sorted(r["status"] for r in rows.values()) == ["error", "inactive"]


def test_articles_list_the_vendors_and_chips_found_in_them(seeded):
    rows = export("articles")
    seed = next(r for r in rows if "alibaba-reportedly" in r["url"])
    assert {"alibaba", "nvidia", "huawei", "smic"} <= set(seed["vendors"])
    assert seed["published_at"].startswith("2025-08-30T06:00:00")
    assert "relies completely on domestic technologies" in seed["text"]
    assert seed["feed_url"] is None
    assert {"chips", "title"} <= seed.keys()


def test_claims_export_every_contract_field_with_nulls_for_absent_values(seeded, settings):
    rows = export("claims")
    curated = [row for row in rows if row["method"] == "curated"]
    assert len(curated) == len(json.loads((settings.BASE_DIR / "seeds/claims.json").read_text()))
    for row in rows:
        assert {
            "id", "vendor", "chip", "topic", "polarity", "value", "statement", "quote",
            "article_url", "origin", "confidence", "status",
        } <= row.keys()  # fmt: skip
        assert row["polarity"] in {"affirm", "deny"} and 0 <= row["confidence"] <= 1
        assert row["value"] is None or row["value"]
        assert row["origin"] is None or row["origin"]
    assert "The Wall Street Journal" in {row["origin"] for row in rows}


def test_a_dispute_is_one_line_with_every_claim_of_each_side():
    chip = ChipFactory()
    conflict = ConflictFactory(vendor=chip.vendor, chip=chip, value_a="SMIC", value_b="TSMC")
    later = ClaimFactory(vendor=chip.vendor, chip=chip, value="TSMC")
    conflict.memberships.create(claim=later, side="b")
    [row] = export("conflicts")
    first_a, first_b = conflict.claim_a, conflict.claim_b
    assert row["id"] == conflict.pk
    assert (row["claim_a"], row["claim_b"]) == (first_a.pk, first_b.pk)
    assert (row["side_a"], row["side_b"]) == ([first_a.pk], sorted([first_b.pk, later.pk]))
    assert row["values"] == ["SMIC", "TSMC"]
    assert (row["vendor"], row["chip"], row["topic"]) == (
        chip.vendor.slug,
        chip.slug,
        "manufacturing",
    )
    assert (row["kind"], row["status"], row["outcome"]) == ("contradiction", "open", None)


def test_a_value_affirmed_and_denied_exports_the_one_value_and_a_settled_outcome():
    conflict = ConflictFactory(value_a="TSMC", value_b="TSMC", chip=None)
    conflict.resolve("b_holds", "The maker denied it.", None)
    [row] = export("conflicts")
    assert row["values"] == ["TSMC"] and row["polarity_b"] == "deny"
    assert (row["status"], row["outcome"], row["note"]) == (
        "resolved",
        "b_holds",
        "The maker denied it.",
    )


def test_an_unknown_kind_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("export", "vendors")


def test_claims_keep_non_ascii_text_readable():
    ClaimFactory(statement="华为 Ascend 910C 由中芯国际制造")
    out = io.StringIO()
    call_command("export", "claims", stdout=out)
    assert "中芯国际" in out.getvalue()
