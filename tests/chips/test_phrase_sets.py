"""A lexicon's phrase sets (chips/lexicons): what `PhraseSet.find` returns for a text."""

from __future__ import annotations

import re
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chips.claims import split_sentences
from chips.lexicons import (
    _IGNORECASE_ASCII,
    Match,
    PhraseSet,
    _fill,
    finds_any,
    load_lexicon,
    matches_of,
    may_match,
)
from tests.chips import devset


def phrases(*pairs: tuple[str, str]) -> PhraseSet:
    phrase_set = PhraseSet()
    for phrase, label in pairs:
        phrase_set.add(phrase, label)
    return phrase_set


def labels(phrase_set: PhraseSet, text: str) -> list[str]:
    return [match.label for match in phrase_set.find(text)]


def test_plain_phrases_match_whole_words_and_the_longest_wins_an_overlap():
    cues = phrases(("ship", "shipping"), ("shipments", "shipping-noun"), ("mass production", "mp"))
    assert labels(cues, "Shipments began after mass production started") == ["shipping-noun", "mp"]
    assert labels(cues, "The flagship part") == []


def test_a_text_without_any_phrase_first_word_finds_nothing_yet_regular_expressions_still_run():
    cues = phrases(("sampling", "testing"), (r"re:\b(\d+)\s*nm\b", "{1}nm"))
    assert labels(cues, "made on a 7 nm node") == ["7nm"]
    assert labels(cues, "nothing relevant here") == []


def test_a_phrase_added_after_a_search_is_found_by_the_next_search():
    cues = phrases(("sampling", "testing"))
    assert labels(cues, "volume shipments now") == []
    cues.add("volume shipments", "shipping")
    assert labels(cues, "volume shipments now") == ["shipping"]


def test_finds_any_says_what_searching_each_set_says_even_of_sets_never_searched_before():
    # Fresh sets: their search plans are built by this very call, after the text was
    # already looked up by other sets (a plan unknown to that look-up was ruled out).
    text = "Mass production starts at SMIC in May"
    assert labels(phrases(("sampling", "testing")), text) == []
    made = phrases(("made by", "made"), (r"re:\bfab(?:ricated)?\b", "fab"))
    produced = phrases(("mass production", "mp"))
    assert finds_any([phrases(("tape-out", "dev")), made, produced], text)
    assert not finds_any([made, phrases(("tape-out", "dev"))], text)
    assert not finds_any([], text)
    assert finds_any([phrases((r"re:\bSMIC\b", "foundry"))], text)


def test_a_set_of_regular_expressions_only_is_searched():
    cues = phrases((r"re:HBM3E?", "hbm"))
    assert labels(cues, "with HBM3E stacks") == ["hbm"]


def test_regular_expressions_keep_their_own_case_rules_and_group_references():
    cues = phrases(
        ("re:(?-i)AI\\b", "ai"),
        (r"re:\bexport (?:ban|curbs)\b", "export"),
        (r"re:\b(\w+) \1\b", "repeated"),
        (r"re:\b(?P<node>\d+)nm\b", "{1}nm"),
    )
    assert labels(cues, "an ai chip") == []
    assert labels(cues, "an AI chip under Export Curbs") == ["ai", "export"]
    assert labels(cues, "it is is late") == ["repeated"]
    assert labels(cues, "a 5nm part") == ["5nm"]


def test_phrases_covering_the_same_span_yield_to_the_one_added_first():
    cues = phrases((r"re:\bwafer starts\b", "first"), ("wafer starts", "second"))
    assert labels(cues, "Wafer starts rose") == ["first"]
    cues = phrases(("wafer starts", "second"), (r"re:\bwafer starts\b", "first"))
    assert labels(cues, "Wafer starts rose") == ["second"]


# ---------------------------------------------------------------------------------------
# The fast path (first words and needed literals found once per text, gates skipped where
# no needed literal occurs) finds exactly what searching every phrase everywhere finds.


def plain_find(phrase_set: PhraseSet, text: str) -> list[Match]:
    """Every entry searched over the whole text; non-overlapping, longest first at a
    start, the phrase added first on a tie: what `find` promises, without any shortcut."""
    found = []
    for index, (pattern, label, _) in enumerate(phrase_set.entries):
        for match in pattern.finditer(text):
            if match.end() > match.start():
                found.append((match.start(), match.start() - match.end(), index, match, label))
    found.sort(key=lambda hit: hit[:3])
    kept, covered_until = [], -1
    for start, _, _, match, label in found:
        if start >= covered_until:
            kept.append(Match(start, match.end(), _fill(label, match), match[0]))
            covered_until = match.end()
    return kept


def lexicon_phrase_sets() -> list[tuple[str, PhraseSet]]:
    lexicon = load_lexicon()
    sets = [(name, value) for name, value in vars(lexicon).items() if isinstance(value, PhraseSet)]
    for topic in lexicon.topics.values():
        sets += [
            (f"{topic.name}.{name}", value)
            for name, value in vars(topic).items()
            if isinstance(value, PhraseSet)
        ]
    return sets


def labelled_sentences() -> list[str]:
    return sorted(
        {
            sentence.text
            for name in ("devset", "holdout", "fresh", "tuning", "tuning2")
            for article in devset.load_articles(devset.SETS[name])
            for sentence in split_sentences(f"{article['title']}\n\n{article['text']}")
        }
    )


def test_every_lexicon_set_finds_on_the_labelled_sets_what_a_plain_search_finds():
    # A fixed quarter: the plain search runs every phrase over every sentence.
    sentences = labelled_sentences()[::4]
    assert len(sentences) > 200
    for name, phrase_set in lexicon_phrase_sets():
        for text in sentences:
            assert phrase_set.find(text) == plain_find(phrase_set, text), (name, text)


def test_an_attribution_pattern_said_not_to_match_a_labelled_sentence_does_not():
    patterns = load_lexicon().attribution
    sentences = labelled_sentences()
    skipped = 0
    for text in sentences:
        for pattern in patterns:
            if not may_match(pattern, text):
                skipped += 1
                assert pattern.search(text) is None, (pattern.pattern, text)
        plain = [(m.re, m.span()) for pattern in patterns for m in pattern.finditer(text)]
        assert [(m.re, m.span()) for m in matches_of(patterns, text)] == plain
        assert [(m.re, m.span()) for m in matches_of(patterns, text)] == plain  # kept
    assert skipped > len(sentences)  # the test does spare searches


TRICKY = "ſſİıKkKsSiI’'-  .,;:%$¥0123456789对此否认研发纳米\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_texts_spelt_with_the_lexicons_own_words_and_odd_letters_find_what_a_plain_search_finds(
    data,
):
    sets = lexicon_phrase_sets()
    name, phrase_set = data.draw(st.sampled_from(sets))
    words = [
        word
        for pattern, _, _ in phrase_set.entries
        for word in re.findall(r"[^\W\d_]{2,}|\d+", pattern.pattern)
    ] or ["chip"]
    pieces = st.one_of(st.sampled_from(words), st.text(alphabet=TRICKY, max_size=3))
    text = " ".join(data.draw(st.lists(pieces, min_size=1, max_size=12)))
    # "ſ" matches "s" and "K" (the Kelvin sign) matches "k" under IGNORECASE.
    text = data.draw(st.sampled_from([text, text.replace("s", "ſ"), text.upper()]))
    assert phrase_set.find(text) == plain_find(phrase_set, text), name


def test_a_literal_an_expression_needs_is_found_however_ignorecase_spells_it():
    cues = phrases((r"re:\bsubscribe\b", "subscribe"), (r"re:\bkelvin\b", "k"))
    assert labels(cues, "please ſubscribe") == ["subscribe"]
    assert labels(cues, "SUBSCRIBE now") == ["subscribe"]
    assert labels(cues, "\u212aELVIN scale") == ["k"]
    assert labels(cues, "unsubscribed") == []


def test_case_sensitive_expressions_need_their_literals_as_written():
    cues = phrases((r"re:(?-i)\bTSMC[- ]made\b", "tsmc"), (r"re:\bmade by (?-i:SMIC)\b", "smic"))
    assert labels(cues, "a TSMC-made die") == ["tsmc"]
    assert labels(cues, "a tsmc-made die") == []
    assert labels(cues, "MADE BY SMIC") == ["smic"]
    assert labels(cues, "made by smic") == []


def test_the_ascii_letters_ignorecase_matches_from_beyond_ascii_are_the_ones_folded():
    everything = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    matching = {
        match[0]: letter
        for letter in string.ascii_lowercase
        for match in re.finditer(letter, everything, re.IGNORECASE)
    }
    assert {chr(c): v for c, v in _IGNORECASE_ASCII.items()} == matching


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_text_ends_with_a_subject_marker_exactly_where_the_markers_expression_says(data):
    # Ending.ends compares the text's tail with the markers sharing its last word; the
    # expression it stands for is the plain answer, however the text is spelt or spaced.
    lexicon = load_lexicon()
    ending = data.draw(st.sampled_from([lexicon.object_markers, lexicon.comparison_markers]))
    words = sorted({w for folded in ending.by_last_word.values() for w in folded})
    pieces = st.one_of(
        st.sampled_from(words),
        st.sampled_from(["(", "x", "the", "", "\n"]),
        st.text(TRICKY, max_size=3),
    )
    joiner = data.draw(st.sampled_from([" ", "", "(", "\n"]))
    text = joiner.join(data.draw(st.lists(pieces, min_size=0, max_size=6)))
    text = data.draw(st.sampled_from([text, " " + text, text.upper(), text.replace("s", "ſ")]))
    assert ending.ends(text) == bool(ending.pattern.search(text)), text


def test_subject_markers_end_a_text_only_after_a_space_a_bracket_or_its_start():
    markers = load_lexicon().object_markers
    assert markers.ends(" analysts said it is a supplier to")
    assert markers.ends("OUTPERFORMS") and markers.ends("(outperforms")
    assert markers.ends("Nvidia outperforms\n")
    assert not markers.ends("xoutperforms") and not markers.ends(" a supplier to the")
