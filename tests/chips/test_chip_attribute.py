"""A chip card's attribute (chipwatch.chip_attribute) is written in Python: it must say what
the included template it replaced (chips/includes/chip_attribute.html) said, in every case."""

import pytest
from django.template import Context, Template

from tests.factories import ConflictFactory

pytestmark = pytest.mark.django_db

# The markup as it was in templates/chips/includes/chip_attribute.html.
TEMPLATE_MARKUP = """{% if dispute %}<a class="contested" href="{{ dispute.get_absolute_url }}" title="Reports disagree: see the dispute"><span class="badge in-dispute">contested</span> {% if dispute.is_polarity %}{{ dispute.value_a }}, or not{% else %}{{ dispute.value_a }} vs {{ dispute.value_b }}{% endif %}</a>{% elif known %}{{ known }}{% elif reported %}{{ reported }} <span class="muted">(reported)</span>{% else %}—{% endif %}"""  # noqa: E501

HOSTILE = '<script>x</script> & "q"'


def both(known, reported, dispute) -> tuple[str, str]:
    context = Context({"known": known, "reported": reported, "dispute": dispute})
    tag = Template("{% load chipwatch %}{% chip_attribute known reported dispute %}")
    return tag.render(context), Template(TEMPLATE_MARKUP).render(context)


@pytest.mark.parametrize(
    ("known", "reported"),
    [(f"7nm {HOSTILE}", f"5nm {HOSTILE}"), ("", f"5nm {HOSTILE}"), ("", ""), (None, None)],
)
def test_without_a_dispute_the_catalogue_then_the_press_then_a_dash(known, reported):
    tag, template = both(known, reported, None)
    assert tag == template
    assert "<script>" not in tag


@pytest.mark.parametrize(("value_a", "value_b"), [(f"SMIC {HOSTILE}", "TSMC"), ("Mass", "mass")])
def test_a_dispute_names_both_values_or_the_one_in_question(value_a, value_b):
    dispute = ConflictFactory(value_a=value_a, value_b=value_b)
    tag, template = both("7nm", "5nm", dispute)
    assert tag == template
    assert "contested" in tag and "<script>" not in tag
    assert ("or not" in tag) is dispute.is_polarity
