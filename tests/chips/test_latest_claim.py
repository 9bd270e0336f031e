"""A claim in home's "Latest claims" (chipwatch.latest_claim) is written in Python: it
must say what the template markup it replaced said, for any claim."""

import re
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.test import override_settings

from tests.factories import ArticleFactory, ChipFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

# The markup as it was in templates/chips/home.html.
TEMPLATE_MARKUP = """{% load chipwatch %}
<li class="claim">
  <p class="claim-statement"><a href="{{ claim.pk|detail_url:"chips:claim_detail" }}">{{ claim.statement }}</a></p>
  <blockquote class="claim-quote">{{ claim.quote }}</blockquote>
  <p class="claim-meta">
    <a class="tag" href="{{ claim.vendor.slug|detail_url:"chips:vendor_detail" }}">{{ claim.vendor.name }}</a>
    {% if claim.chip %}<a class="tag" href="{{ claim.chip.slug|detail_url:"chips:chip_detail" }}">{{ claim.chip.name }}</a>{% endif %}
    <span class="tag topic">{{ claim.get_topic_display }}</span>
    {% if claim.polarity == "deny" %}<span class="tag deny">denies</span>{% endif %}
    <span class="confidence" title="How firmly the source asserts it">confidence {{ claim.confidence|percent }}</span>
    <span class="status status-{{ claim.status }}" data-claim-status="{{ claim.pk }}">{{ claim.get_status_display }}</span>
    {% if claim.in_open_dispute %}<a class="badge in-dispute" href="{% url 'chips:conflict_list' %}?vendor={{ claim.vendor.slug }}">in dispute</a>{% endif %}
    <span class="provenance"><a href="{{ claim.article_id|detail_url:"chips:article_detail" }}">{% if claim.article.source %}{{ claim.article.source.name }}{% else %}unknown source{% endif %}</a>
    {% if claim.origin %}<span>citing {{ claim.origin }}</span>{% endif %}
    <time datetime="{{ claim.claimed_at|date:'c' }}">{{ claim.claimed_at|date:"j M Y" }}</time></span>
  </p>
</li>"""  # noqa: E501

HOSTILE = "<script>alert(1)</script> & \"quoted\" 'single'"


def tidy(html: str) -> str:
    # Runs of white space render as one space; the markup's indentation is not content.
    return re.sub(r"\s+", " ", html).strip()


def both(claim) -> tuple[str, str]:
    context = Context({"claim": claim})
    tag = Template("{% load chipwatch %}{% latest_claim claim %}").render(context)
    return tidy(tag), tidy(Template(TEMPLATE_MARKUP).render(context))


@pytest.mark.parametrize("chip", [False, True])
@pytest.mark.parametrize("disputed", [False, True])
@pytest.mark.parametrize("origin", ["", f"Origin {HOSTILE}"])
def test_a_hostile_claim_reads_as_the_template_wrote_it(chip, disputed, origin):
    claim = ClaimFactory(
        chip=ChipFactory(name=f"Chip {HOSTILE}") if chip else None,
        article=ArticleFactory(source=SourceFactory(name=f"Outlet {HOSTILE}")),
        statement=f"Statement {HOSTILE}",
        quote=f"It said {HOSTILE}",
        origin=origin,
        polarity="deny" if disputed else "affirm",
        status="disputed",
        confidence=0.734,
    )
    claim.in_open_dispute = disputed
    tag, template = both(claim)
    assert tag == template
    assert "<script>" not in tag


@override_settings(TIME_ZONE="Asia/Shanghai")
def test_an_unknown_outlet_and_the_local_date():
    claim = ClaimFactory(claimed_at=datetime(2026, 3, 4, 23, 30, tzinfo=UTC))
    claim.article.source = None
    tag, template = both(claim)
    assert tag == template
    assert "unknown source" in tag and "5 Mar 2026" in tag
