"""A dispute card's report (chipwatch.side_claim_report) is written in Python: it must say
what the template markup it replaced said, for any claim."""

import re
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.test import override_settings

from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

# The markup as it was in templates/chips/conflicts.html#side-claim.
TEMPLATE_MARKUP = """{% load chipwatch %}
<p class="claim-statement"><a href="{% url 'chips:claim_detail' claim.pk %}">{{ claim.statement }}</a></p>
<blockquote class="claim-quote">{{ claim.quote }}</blockquote>
<p class="claim-facts muted">
  <a href="{% url 'chips:article_detail' claim.article_id %}">{% if claim.article.source %}{{ claim.article.source.name }}{% else %}unknown outlet{% endif %}</a>
  · {% if claim.origin %}citing {{ claim.origin }}{% else %}not attributed{% endif %}
  · <time datetime="{{ claim.claimed_at|date:'c' }}">{{ claim.claimed_at|date:"j M Y" }}</time>
  · <span title="How firmly the source asserts it">confidence {{ claim.confidence|percent }}</span>
</p>"""  # noqa: E501


def tidy(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def both(claim) -> tuple[str, str]:
    context = Context({"claim": claim})
    tag = Template("{% load chipwatch %}{% side_claim_report claim %}").render(context)
    return tidy(tag), tidy(Template(TEMPLATE_MARKUP).render(context))


@pytest.mark.parametrize("origin", ["", "Reuters & <b>friends</b>"])
def test_the_report_says_what_the_template_said(origin):
    source = SourceFactory(name='Outlet "A" <i>')
    claim = ClaimFactory(
        article=ArticleFactory(source=source),
        statement="<script>alert(1)</script> ships",
        quote="It said \"soon\" & 'later'",
        origin=origin,
        confidence=0.734,
        claimed_at=datetime(2026, 3, 4, 23, 30, tzinfo=UTC),
    )
    tag, template = both(claim)
    assert tag == template
    assert "<script>" not in tag


@override_settings(TIME_ZONE="Asia/Shanghai")
def test_an_unknown_outlet_and_the_local_date():
    claim = ClaimFactory(claimed_at=datetime(2026, 3, 4, 23, 30, tzinfo=UTC))
    claim.article.source = None
    tag, template = both(claim)
    assert tag == template
    assert "unknown outlet" in tag and "5 Mar 2026" in tag


# The report and its verdict box as conflicts.html#side-claim wrote them with includes.
SIDE_CLAIM_MARKUP = """{% load chipwatch %}{% side_claim_report claim %}
{% include "chips/includes/verdict.html#verdict" %}"""


@pytest.mark.parametrize("editor", [False, True])
def test_a_report_with_its_verdict_box_says_what_the_includes_said(editor, rf):
    claim = ClaimFactory(statement="Made by <b>SMIC</b>", status="disputed", verdict_note="x")
    request = rf.get("/conflicts/")
    context = {"claim": claim, "can_edit_claims": editor, "csrf_token": "token"}
    tag = Template("{% load chipwatch %}{% side_claim claim %}").render(Context(context))
    old = Template(SIDE_CLAIM_MARKUP).render(Context({**context, "request": request}))
    assert tidy(tag) == tidy(old)
    assert ("<form" in tag) is editor
    assert f'data-claim-status="{claim.pk}">Disputed</span>' in tag


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_a_readers_report_is_the_same_in_any_language(language):
    # The tag escapes and writes its values itself (not format_html): month names and the
    # status label come translated, and must read as the includes wrote them.
    from django.utils import translation

    source = SourceFactory(name="L'<Usine> & Co")
    claim = ClaimFactory(
        article=ArticleFactory(source=source),
        statement='Il a dit "bientôt" <b>',
        origin="l'entreprise & <i>",
        status="verified",
        claimed_at=datetime(2026, 12, 31, 12, 0, tzinfo=UTC),
    )
    context = {"claim": claim, "can_edit_claims": False}
    with translation.override(language):
        tag = Template("{% load chipwatch %}{% side_claim claim %}").render(Context(context))
        old = Template(SIDE_CLAIM_MARKUP).render(Context(context))
    assert tidy(tag) == tidy(old)
    assert "<b>" not in tag and "&lt;Usine&gt;" in tag
