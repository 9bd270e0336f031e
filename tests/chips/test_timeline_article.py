"""An article's heading on a timeline (chipwatch.timeline_article) is written in Python: it
must say what the template markup it replaced said, autofocus after "load more" included."""

import re
from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.test import override_settings

from chips.dashboard.timelines import group_by_month
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

LOOP = "{% load chipwatch %}{% for month in months %}{% for entry in month.entries %}"
END = "{% endfor %}{% endfor %}"
# The markup as it was in templates/chips/includes/timeline.html#timeline-page.
TEMPLATE_MARKUP = """<p class="entry-article">
  <a href="{{ entry.article.pk|detail_url:"chips:article_detail" }}"{% if form.cursor and forloop.first and forloop.parentloop.first %} autofocus{% endif %}>{{ entry.article.title }}</a>
  <span class="muted">{% if entry.article.source %}{{ entry.article.source.name }} · {% endif %}<time datetime="{{ entry.claims.0.claimed_at|date:'c' }}">{{ entry.claims.0.claimed_at|date:"j M Y" }}</time></span>
</p>"""  # noqa: E501

HOSTILE = "<script>alert(1)</script> & \"q\" 'r'"


def tidy(html: str) -> str:
    # Runs of white space render as one space; the markup's indentation is not content.
    return re.sub(r"\s+", " ", html).strip()


def both(cursor: str) -> tuple[str, str]:
    # Two months, the later with two articles: only the very first heading may take focus.
    with_source = ArticleFactory(title=f"Title {HOSTILE}", source=SourceFactory(name=HOSTILE))
    without = ArticleFactory(title="Plain", source=None)
    claims = [
        ClaimFactory(article=with_source, claimed_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC)),
        ClaimFactory(article=without, claimed_at=datetime(2026, 3, 2, tzinfo=UTC)),
        ClaimFactory(article=with_source, claimed_at=datetime(2026, 1, 5, tzinfo=UTC)),
    ]
    context = Context({"months": group_by_month(claims), "form": {"cursor": cursor}})
    tag = Template(LOOP + "{% timeline_article entry form.cursor forloop %}" + END)
    return tidy(tag.render(context)), tidy(Template(LOOP + TEMPLATE_MARKUP + END).render(context))


@pytest.mark.parametrize("cursor", ["", "next-page"])
def test_headings_read_as_the_template_wrote_them(cursor):
    tag, template = both(cursor)
    assert tag == template
    assert "<script>" not in tag
    assert tag.count("autofocus") == (1 if cursor else 0)


@override_settings(TIME_ZONE="Asia/Shanghai")
def test_the_date_is_the_local_one():
    tag, template = both("")
    assert tag == template
    assert "1 Apr 2026" in tag
