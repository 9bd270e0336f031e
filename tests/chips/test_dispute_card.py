"""A dispute card's header and sides (chipwatch.dispute_card_head, dispute_card_sides) are
written in Python: they must write, character for character, what the template markup they
replaced in conflicts.html#conflict wrote, for any dispute, on the board and on its page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.test import override_settings

from chips.dashboard.conflicts import with_side_stats
from chips.models import Conflict, ConflictClaim
from tests.factories import (
    ArticleFactory,
    ChipFactory,
    ClaimFactory,
    ConflictFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

# The markup as it was in templates/chips/conflicts.html#conflict.
TEMPLATE_MARKUP = """{% load chipwatch %}{% with dispute=conflict.dispute %}
  <header class="conflict-head">
    <h2 id="conflict-{{ conflict.pk }}-title"><a href="{{ conflict.pk|detail_url:"chips:conflict_detail" }}"{% if autofocus %} autofocus{% endif %}>{{ dispute.question }}</a></h2>
    <p class="tally">{% for side in dispute.sides %}<span class="side-tally side-{{ side.side }}"><strong>{{ side.label }}</strong> — {{ side.sources }} source{{ side.sources|pluralize }}</span>{% if forloop.first %} <span class="vs">vs</span> {% endif %}{% endfor %}</p>
    <p class="reason">{{ dispute.reason }}</p>
    <p class="muted meta">
      <span class="badge conflict-status status-{{ conflict.status }}">{{ conflict.get_status_display }}</span>
      {% if conflict.kind == "change" %}<span class="badge kind-change">change over time</span>{% endif %}
      <a href="{{ conflict.vendor.slug|detail_url:"chips:vendor_detail" }}">{{ conflict.vendor.name }}</a>{% if conflict.chip %} · <a href="{{ conflict.chip.slug|detail_url:"chips:chip_detail" }}">{{ conflict.chip.name }}</a>{% endif %}
      · {{ conflict.get_topic_display }}
      · detected <time datetime="{{ conflict.detected_at|date:'c' }}">{{ conflict.detected_at|date:"j M Y" }}</time>
    </p>
  </header>
  <div class="sides">
    {% for side in dispute.sides %}
    <section class="side side-{{ side.side }}" aria-label="Side {{ side.side|upper }}: {{ side.label }}">
      <h3 class="side-head"><span class="side-label">{{ side.side|upper }}</span> {{ side.label }}
        <span class="muted">{{ side.sources }} source{{ side.sources|pluralize }}{% if conflict.kind == "change" and side.since %} · from <time datetime="{{ side.since|date:'Y-m-d' }}">{{ side.since|date:"Y-m-d" }}</time>{% endif %}</span></h3>
      <ol class="side-claims">
        {% for claim in side.claims %}{% if full or forloop.counter <= 3 %}
        {# chipwatch.side_claim: statement, quote, outlet, origin, date, confidence, verdict. #}
        <li class="side-claim">{% side_claim claim %}</li>
        {% endif %}{% endfor %}
      </ol>
      {% if not full and side.reports > side.claims|length %}<p class="more"><a href="{{ conflict.pk|detail_url:"chips:conflict_detail" }}">All {{ side.reports }} reports on this side →</a></p>{% endif %}
    </section>
    {% endfor %}
  </div>
{% endwith %}"""  # noqa: E501

TAGS = """{% load chipwatch %}{% with dispute=conflict.dispute %}
  {% dispute_card_head conflict dispute autofocus %}
  {% dispute_card_sides conflict dispute full %}
{% endwith %}"""

HOSTILE = "<script>alert(1)</script> & \"q\" 'r'"
LATE = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)


def both(conflict, **context) -> tuple[str, str]:
    context = {"conflict": conflict, "csrf_token": "token", **context}
    tag = Template(TAGS).render(Context(context))
    return tag, Template(TEMPLATE_MARKUP).render(Context(context))


def add_reports(conflict, side: str, n: int) -> None:
    for i in range(n):
        claim = ClaimFactory(
            vendor=conflict.vendor,
            topic=conflict.topic,
            value=conflict.value_a if side == "a" else conflict.value_b,
            article=ArticleFactory(source=SourceFactory(name=f"Outlet {i} {HOSTILE}")),
            claimed_at=LATE - timedelta(days=i),
        )
        ConflictClaim.objects.create(conflict=conflict, claim=claim, side=side)


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("editor", [False, True])
def test_a_hostile_dispute_with_many_reports_reads_as_the_template_wrote_it(full, editor):
    conflict = ConflictFactory(
        value_a=f"SMIC {HOSTILE}",
        chip=ChipFactory(name=f"Chip {HOSTILE}"),
        detected_at=LATE,
        claim_a__statement=f"Statement {HOSTILE}",
        claim_b__article=ArticleFactory(source=None),
    )
    add_reports(conflict, "a", 4)
    tag, template = both(conflict, full=full, can_edit_claims=editor, autofocus=not full)
    assert tag == template
    assert "<script>" not in tag
    # Side A's five reports: the board shows its first three, the dispute's page all.
    assert tag.count('<li class="side-claim">') == (6 if full else 4)
    assert ("<form" in tag) is editor


@override_settings(TIME_ZONE="Asia/Shanghai")
def test_a_change_over_time_dates_its_sides_and_detection_locally():
    conflict = ConflictFactory(
        kind="change",
        topic="export_controls",
        value_a="banned",
        value_b="licensed",
        status="resolved",
        detected_at=LATE,
        claim_a__claimed_at=LATE - timedelta(days=40),
        claim_b__claimed_at=LATE,
    )
    tag, template = both(conflict)
    assert tag == template
    assert "change over time" in tag and "5 Mar 2026" in tag and " · from <time" in tag


def test_the_board_links_to_the_reports_it_leaves_out():
    conflict = ConflictFactory()
    add_reports(conflict, "b", 4)
    [shown] = with_side_stats(Conflict.objects.filter(pk=conflict.pk), per_side=3)
    tag, template = both(shown)
    assert tag == template
    assert "All 5 reports on this side" in tag
