"""Links in long lists are built by the detail_url filter (chips/templatetags): each must
be the URL reverse() gives, under any script prefix."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from chips.templatetags.chipwatch import detail_url


@pytest.mark.parametrize(
    ("route", "value"),
    [
        ("chips:claim_detail", 7),
        ("chips:claim_detail", 1234567890123),
        ("chips:article_detail", 42),
        ("chips:conflict_detail", 3),
        ("chips:vendor_detail", "sk-hynix"),
        ("chips:chip_detail", "ascend_910c"),
    ],
)
def test_a_link_is_what_reverse_gives(route, value):
    assert detail_url(value, route) == reverse(route, args=[value])


def test_a_link_follows_the_script_prefix_of_the_request():
    detail_url(5, "chips:claim_detail")  # the unprefixed route, remembered
    set_script_prefix("/watch/")
    try:
        assert detail_url(5, "chips:claim_detail") == "/watch/claims/5/"
        assert detail_url(5, "chips:claim_detail") == reverse("chips:claim_detail", args=[5])
    finally:
        clear_script_prefix()
    assert detail_url(5, "chips:claim_detail") == "/claims/5/"
