"""A list's claims (chips.dashboard.common.listed_claims) carry what a list shows and no
more: every row renders without a query of its own, and the article's body is not read."""

import pytest
from django.template import Context, Template

from chips.dashboard.common import listed_claims
from chips.dashboard.conflicts import with_dispute_flags
from chips.models import Claim
from tests.factories import ChipFactory, ClaimFactory, ConflictFactory

pytestmark = pytest.mark.django_db

ROWS = """{% load chipwatch %}{% for claim in claims %}{% latest_claim claim %}
{% timeline_claim_row claim subject %}{{ claim.article.title }}{{ claim.article.published_at }}
{% endfor %}"""


def test_a_listed_claim_renders_in_every_list_without_a_query(django_assert_num_queries):
    chip = ChipFactory()
    ClaimFactory(chip=chip, origin="Reuters", polarity="deny")
    ClaimFactory(article__source=None)
    ConflictFactory()
    claims = list(with_dispute_flags(listed_claims(Claim.objects.all())))
    with django_assert_num_queries(0):
        html = Template(ROWS).render(Context({"claims": claims, "subject": chip.vendor}))
    assert "citing Reuters" in html and "denies" in html and "in dispute" in html


def test_a_listed_claim_does_not_read_its_article_body():
    ClaimFactory()
    [claim] = listed_claims(Claim.objects.all())
    assert {"text", "html", "summary"} <= claim.article.get_deferred_fields()
