"""A claim on a vendor's or chip's timeline (chipwatch.timeline_claim_row) is written in
Python: it must say what the template markup it replaced said, for any claim."""

import re

import pytest
from django.template import Context, Template

from tests.factories import ChipFactory, ClaimFactory

pytestmark = pytest.mark.django_db

# The markup as it was in templates/chips/includes/timeline.html#timeline-page.
TEMPLATE_MARKUP = """{% load chipwatch %}
<li class="claim-row" data-claim="{{ claim.pk }}">
  <a href="{{ claim.pk|detail_url:"chips:claim_detail" }}">{{ claim.statement }}</a>
  <blockquote class="claim-quote">{{ claim.quote|truncatechars:320 }}</blockquote>
  <span class="claim-meta">
    {% if claim.chip and claim.chip != subject %}<a class="tag" href="{{ claim.chip.slug|detail_url:"chips:chip_detail" }}">{{ claim.chip.name }}</a>{% endif %}
    <span class="tag topic">{{ claim.get_topic_display }}</span>
    {% if claim.value %}<span class="tag value">{{ claim.value }}</span>{% endif %}
    {% if claim.polarity == "deny" %}<span class="tag deny">denies</span>{% endif %}
    <span class="confidence" title="How firmly the source asserts it">confidence {{ claim.confidence|percent }}</span>
    <span class="status status-{{ claim.status }}" data-claim-status="{{ claim.pk }}">{{ claim.get_status_display }}</span>
    {% if claim.in_open_dispute %}<a class="badge in-dispute" href="{% url 'chips:conflict_list' %}?vendor={{ claim.vendor.slug }}" title="Another report contradicts it">in dispute</a>{% endif %}
    {% if claim.origin %}<span class="muted">citing {{ claim.origin }}</span>{% endif %}
  </span>
</li>"""  # noqa: E501


def tidy(html: str) -> str:
    # Runs of white space render as one space; the markup's indentation is not content.
    return re.sub(r"\s+", " ", html).strip()


def both(claim, subject) -> tuple[str, str]:
    context = Context({"claim": claim, "subject": subject})
    tag = Template("{% load chipwatch %}{% timeline_claim_row claim subject %}").render(context)
    return tidy(tag), tidy(Template(TEMPLATE_MARKUP).render(context))


HOSTILE = "<script>alert(1)</script> & \"quoted\" 'single'"


@pytest.mark.parametrize("on", ["vendor", "own chip", "other chip"])
@pytest.mark.parametrize("disputed", [False, True])
def test_a_hostile_claim_reads_as_the_template_wrote_it(on, disputed):
    chip = ChipFactory(name=f"Chip {HOSTILE}")
    claim = ClaimFactory(
        chip=chip,
        statement=f"Statement {HOSTILE}",
        # Longer than the 320 characters shown, with markup across the cut.
        quote=("It said <b>soon</b> & 'later'. " * 20),
        value=f"Value {HOSTILE}",
        origin=f"Origin {HOSTILE}",
        polarity="deny",
        confidence=0.734,
    )
    claim.in_open_dispute = disputed
    subject = {"vendor": claim.vendor, "own chip": chip, "other chip": ChipFactory()}[on]
    tag, template = both(claim, subject)
    assert tag == template
    assert "<script>" not in tag and "<b>" not in tag
    assert ("in dispute" in tag) is disputed
    # The chip's tag is shown unless the timeline is that chip's own.
    assert ("Chip &lt;script" in tag) is (on != "own chip")


def test_a_plain_claim_without_chip_value_origin_or_dispute_flag():
    claim = ClaimFactory(chip=None, value="", origin="", polarity="affirm")
    # A claim that never went through with_dispute_flags has no in_open_dispute at all.
    tag, template = both(claim, claim.vendor)
    assert tag == template
    assert 'class="tag"' not in tag and "citing" not in tag and "denies" not in tag
