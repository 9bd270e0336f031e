"""Canonical URLs: the same story reached through different links gets one key."""

import pytest

from newsfeed.canonical import TRACKING_PARAMS, canonical_url, is_http_url


def test_it_strips_utm_and_click_ids_and_keeps_other_params_in_order():
    url = "https://ex.com/a?b=2&utm_source=rss&a=1&fbclid=X&gclid=Y&utm_campaign=c&msclkid=Z"

    assert canonical_url(url) == "https://ex.com/a?b=2&a=1"


@pytest.mark.parametrize("param", sorted(TRACKING_PARAMS))
def test_every_listed_tracking_param_is_dropped(param):
    assert canonical_url(f"https://ex.com/a?id=7&{param}=x") == "https://ex.com/a?id=7"


def test_tracking_param_names_are_matched_case_insensitively():
    assert canonical_url("https://ex.com/a?UTM_Source=x&Fbclid=y") == "https://ex.com/a"


def test_it_lowercases_scheme_and_host_and_drops_the_fragment():
    assert canonical_url("HTTPS://News.Example.COM/Path#comments") == (
        "https://news.example.com/Path"
    )


def test_it_drops_default_ports_and_keeps_others():
    assert canonical_url("http://ex.com:80/a") == "http://ex.com/a"
    assert canonical_url("https://ex.com:443/a") == "https://ex.com/a"
    assert canonical_url("https://ex.com:8443/a") == "https://ex.com:8443/a"


def test_an_empty_path_becomes_a_slash():
    assert canonical_url("https://ex.com") == "https://ex.com/"
    assert canonical_url("https://ex.com?p=1") == "https://ex.com/?p=1"


def test_it_resolves_relative_links_against_the_base():
    assert canonical_url("../b?utm_medium=x", "https://ex.com/news/a/") == "https://ex.com/news/b"
    assert canonical_url("//cdn.ex.com/x", "https://ex.com/") == "https://cdn.ex.com/x"


def test_it_encodes_international_host_names_with_idna():
    assert canonical_url("https://Bücher.example/") == "https://xn--bcher-kva.example/"


def test_equivalent_escapes_compare_equal():
    assert canonical_url("https://ex.com/%7euser/a%20b") == canonical_url(
        "https://ex.com/~user/a b"
    )


def test_dot_segments_are_resolved():
    assert canonical_url("https://ex.com/a/./b/../c") == "https://ex.com/a/c"


@pytest.mark.parametrize(
    "url", ["ftp://ex.com/a", "javascript:alert(1)", "mailto:a@ex.com", "file:///etc/passwd", ""]
)
def test_non_http_urls_raise_value_error(url):
    with pytest.raises(ValueError):
        canonical_url(url)


def test_whitespace_around_and_inside_feed_links_is_removed():
    assert canonical_url("  https://ex.com/a\n/b  ") == "https://ex.com/a/b"


def test_is_http_url():
    assert is_http_url("https://ex.com/x")
    assert is_http_url("HTTP://ex.com")
    assert not is_http_url("/relative")
    assert not is_http_url("ftp://ex.com")
    assert not is_http_url("https://")
    assert not is_http_url("http://[bad")
