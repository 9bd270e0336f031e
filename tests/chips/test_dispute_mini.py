"""A dispute in a short list (chipwatch.dispute_mini) is written in Python: it must say what
the partial it replaced (chips/includes/disputes.html#dispute-mini) said, for any dispute."""

import re
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.test import override_settings

from tests.factories import ArticleFactory, ConflictFactory, SourceFactory

pytestmark = pytest.mark.django_db

# The markup as it was in the dispute-mini partial.
TEMPLATE_MARKUP = """{% load chipwatch %}{% with dispute=conflict.dispute %}
<li class="dispute-mini kind-{{ conflict.kind }}">
  <a href="{{ conflict.pk|detail_url:"chips:conflict_detail" }}"><strong>{{ dispute.question }}</strong></a>
  <span class="tally">{{ dispute.tally }}</span>
  <span class="reason muted">{{ dispute.reason }}</span>
  <ul class="mini-sides">
    {% for side in dispute.sides %}{% with claim=side.claims.0 %}{% if claim %}
    <li><span class="side-label">{{ side.side|upper }}</span> <a href="{{ claim.pk|detail_url:"chips:claim_detail" }}">{{ claim.statement }}</a> <span class="muted">{% if claim.article.source %}{{ claim.article.source.name }}, {% endif %}{{ claim.claimed_at|date:"j M Y" }}</span></li>
    {% endif %}{% endwith %}{% endfor %}
  </ul>
</li>
{% endwith %}"""  # noqa: E501

HOSTILE = "<script>alert(1)</script> & \"q\" 'r'"
LATE = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)


def tidy(html: str) -> str:
    # Runs of white space render as one space; the markup's indentation is not content.
    return re.sub(r"\s+", " ", html).strip()


def both(conflict) -> tuple[str, str]:
    context = Context({"conflict": conflict})
    tag = Template("{% load chipwatch %}{% dispute_mini conflict %}").render(context)
    return tidy(tag), tidy(Template(TEMPLATE_MARKUP).render(context))


@pytest.mark.parametrize(("value_a", "value_b"), [(f"SMIC {HOSTILE}", "TSMC"), ("mass", "mass")])
def test_a_hostile_dispute_reads_as_the_partial_wrote_it(value_a, value_b):
    conflict = ConflictFactory(
        value_a=value_a,
        value_b=value_b,
        claim_a__statement=f"Statement {HOSTILE}",
        claim_a__claimed_at=LATE,
        claim_a__article=ArticleFactory(source=SourceFactory(name=f"Outlet {HOSTILE}")),
        claim_b__article=ArticleFactory(source=None),
    )
    tag, template = both(conflict)
    assert tag == template
    assert "<script>" not in tag
    assert "Outlet &lt;script&gt;" in tag


@override_settings(TIME_ZONE="Asia/Shanghai")
def test_a_report_is_dated_in_the_local_time_zone():
    conflict = ConflictFactory(claim_a__claimed_at=LATE, claim_b__claimed_at=LATE)
    tag, template = both(conflict)
    assert tag == template
    assert "5 Mar 2026" in tag and "4 Mar 2026" not in tag
