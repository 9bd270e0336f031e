"""A lexicon's phrase sets (chips/lexicons): what `PhraseSet.find` returns for a text."""

from __future__ import annotations

from chips.lexicons import PhraseSet


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
