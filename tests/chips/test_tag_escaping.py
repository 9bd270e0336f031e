"""The dashboard's tags format their markup with chipwatch._format_html, not Django's
format_html (whose lazy-aware escaping cost more than the formatting, thousands of times a
page): it must write the very same bytes for any value a tag is given."""

import pytest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from chips.templatetags.chipwatch import _esc, _format_html


class Markup:
    """A third-party safe value (the __html__ convention, as markupsafe's)."""

    def __html__(self) -> str:
        return "<em>already safe</em>"


VALUES = [
    "plain",
    "<script>alert('x') & \"y\"</script>",
    "L'Usine & Co",
    "",
    0,
    7,
    0.734,
    None,
    mark_safe("<b>safe</b>"),
    SafeString("<i>safe too</i> & more"),
    gettext_lazy("Verified"),
    gettext_lazy("January"),
    Markup(),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_value_is_escaped_as_format_html_escapes_it(value):
    for language in ["en", "de"]:
        with override(language):
            assert _format_html('<a title="{}">{}</a>', value, value) == format_html(
                '<a title="{}">{}</a>', value, value
            )
            assert _esc(value) == str(format_html("{}", value))


def test_the_result_is_safe_text():
    assert isinstance(_format_html("<p>{}</p>", "<x>"), SafeString)
    assert _format_html("<p>{}</p>", "<x>") == "<p>&lt;x&gt;</p>"
