"""Highlighting escapes first and marks afterwards, so feed text never becomes markup."""

from chips.highlighting import (
    START_SEL,
    STOP_SEL,
    find_quote,
    headline_to_html,
    highlight_terms,
    mark_ranges,
    merge_ranges,
)


def test_overlapping_ranges_merge():
    assert merge_ranges([(5, 9), (0, 3), (2, 4), (9, 10)]) == [(0, 4), (5, 10)]


def test_marked_ranges_are_escaped_inside_and_out():
    html = mark_ranges("<a> & <b>", [(4, 5)])
    assert html == '&lt;a&gt; <mark class="hl">&amp;</mark> &lt;b&gt;'


def test_a_quote_is_found_across_reflowed_whitespace_and_case():
    text = "One.  The CHIP is\n  made by SMIC. Two."
    start, end = find_quote(text, "The chip is made by SMIC.")
    assert text[start:end] == "The CHIP is\n  made by SMIC."


def test_a_missing_quote_is_none():
    assert find_quote("abc", "xyz") is None and find_quote("abc", "  ") is None


def test_terms_are_marked_case_insensitively_with_a_snippet():
    text = "x" * 300 + " the Ascend 910C <chip> " + "y" * 300
    html = highlight_terms(text, "ascend", width=80)
    assert html.startswith("… ") and html.endswith(" …")
    assert '<mark class="hl">Ascend</mark>' in html and "&lt;chip&gt;" in html


def test_regex_characters_in_a_query_are_literal():
    assert '<mark class="hl">c++</mark>' in highlight_terms("c++ and cxx", "c++")


def test_a_postgres_headline_becomes_safe_marks():
    headline = f"<img src=x> {START_SEL}SMIC{STOP_SEL} makes it{START_SEL}"
    assert headline_to_html(headline) == '&lt;img src=x&gt; <mark class="hl">SMIC</mark> makes it'
