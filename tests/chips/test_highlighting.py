"""Highlighting escapes first and marks afterwards, so feed text never becomes markup."""

from chips.highlighting import (
    START_SEL,
    STOP_SEL,
    ClaimRef,
    article_html,
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


def test_a_sentence_split_over_two_lines_is_marked_in_both_and_linked_after_the_last():
    text = "Intro.\nThe chip is\nmade by SMIC. End."
    ref = ClaimRef(1, "/claims/9/", "By SMIC")
    html, in_title = article_html(
        text, "A title", [(find_quote(text, "The chip is made by SMIC."), ref)]
    )
    assert html == (
        "<p>Intro.</p>\n"
        '<p><mark class="claim-sentence">The chip is</mark></p>\n'
        '<p><mark class="claim-sentence">made by SMIC.</mark><sup class="claim-refs">'
        '<a href="/claims/9/" aria-label="Claim 1: By SMIC">1</a></sup> End.</p>'
    )
    assert in_title == set()


def test_a_claim_quoting_the_repeated_title_line_is_reported_as_the_headlines():
    text = "Acme ships X1\n\nBody."
    ref = ClaimRef(1, "/claims/9/", "Ships")
    html, in_title = article_html(
        text, "ACME ships X1!", [(find_quote(text, "Acme ships X1"), ref)]
    )
    assert html == "<p>Body.</p>" and in_title == {1}
