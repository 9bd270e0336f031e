"""What the claim filter looks at: facts the rules already computed, plus words.

Every feature is a name with a value (1.0 for a present indicator). Named features
(topic, polarity, origin kind, hedges, vendors in the sentence…) keep their names in
the committed model, so it reads as data; the words of the claim's clause are hashed
into a fixed number of buckets with a stable hash (crc32, not Python's salted `hash`)
so that training and run time agree on every machine.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from chips.claims import Catalogue, ExtractedClaim
from chips.lexicons import Lexicon, load_lexicon

HASH_BUCKETS = 512
_WORD = re.compile(r"[\u3400-\u9fff]|[^\W_\u3400-\u9fff]+")
_NUMBER = re.compile(r"\d")

# Is this sentence a claim at all? Its shape, whatever its topic: who says it, how
# sure, when, about whom. Each a named indicator, so the model reads as data.
_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        # Someone is said to say it: the claims editors label carry a source.
        (
            "attributed",
            r"\b(?:said|says|say|told|according to|announced|confirmed|stated|disclosed|"
            r"reported|reports|wrote|added|noted|statement|filing|prospectus)\b",
        ),
        ("anonymous_source", r"\b(?:people familiar|sources?|person close|people with)\b"),
        (
            "analyst_view",
            r"\b(?:analysts?|we believe|we think|we expect|"
            r"widely (?:seen|considered|expected))\b",
        ),
        (
            "rumour",
            r"\b(?:rumou?rs?|speculat\w*|unconfirmed|reportedly|allegedly|"
            r"is said to|are said to)\b",
        ),
        (
            "modal",
            r"\b(?:may|might|could|would|should|likely|unlikely|possibly|probably|perhaps)\b",
        ),
        (
            "future",
            r"\b(?:will|plans? to|aims? to|expects? to|intends? to|is set to|due to|"
            r"next year|later this year)\b",
        ),
        ("conditional", r"(?:^|[,;:]\s*|\s)(?:if|unless|once|whether|should it|in case)\b"),
        ("negation", r"\b(?:not|no|never|without|neither|nor)\b|n't\b"),
        # Background: what happened before the news ("in 2019", "founded", "last year").
        (
            "background_year",
            r"\b(?:in|since|until|by|from|of) (?:19|20)\d\d\b|\blast year\b|"
            r"\bearlier this\b|\bpreviously\b|\bfounded\b|\bhad been\b",
        ),
        # Generic talk: a sentence about the industry, not about one company.
        (
            "generic_subject",
            r"^\W*(?:the industry|chinese (?:companies|firms|chipmakers|cloud providers|buyers)|"
            r"companies|chipmakers|buyers|customers|developers|investors|analysts|many|most|"
            r"some|others|the (?:market|sector|companies|buyers|firms)|local|domestic|"
            r"u\.?s\.? (?:rules|officials)|washington|beijing|regulators|officials)\b",
        ),
        (
            "comparison",
            r"\b(?:than|rival\w*|alternative to|compared with|versus|vs\.?|outperform\w*)\b",
        ),
        ("first_person", r"\b(?:we|our|us|i)\b"),
        (
            "boilerplate",
            r"\b(?:forward-looking|all rights reserved|reporting by|editing by|subscribe|click)\b",
        ),
        ("percent", r"\d\s?%|\bpercent\b|\bper cent\b"),
        ("money", r"[$¥€]|\b(?:billion|million|yuan|dollars|usd|rmb|cny|hkd)\b"),
        ("number", r"\d"),
    )
)
_QUOTED = re.compile(r"[\"“”«»]")


# Words and pairs recur across claims: each hashed once.
@lru_cache(maxsize=65536)
def _bucket(*parts: str) -> str:
    return f"ng:{zlib.crc32(' '.join(parts).encode()) % HASH_BUCKETS}"


# Bins recur (a few small counts, per claim): each found once.
@lru_cache(maxsize=4096)
def _size(count: int, edges: tuple[int, ...]) -> str:
    """A count as a coarse bin: "0", "1", …, or "N+" past the last edge."""
    for edge in edges:
        if count <= edge:
            return str(edge)
    return f"{edges[-1]}+"


def value_kind(
    claim: ExtractedClaim, catalogue: Catalogue, vendor_names: frozenset[str] | None = None
) -> str:
    """`vendor_names`: the catalogue's vendor names casefolded, when already known."""
    value = claim.value.casefold().strip()
    if not value:
        return "empty"
    if vendor_names is None:
        vendor_names = _folded_vendor_names(catalogue)
    if value in vendor_names:
        return "vendor"
    if _NUMBER.search(value):
        return "number"
    return "word" if " " not in value else "phrase"


def _folded_vendor_names(catalogue: Catalogue) -> frozenset[str]:
    return frozenset(name.casefold() for name in catalogue.vendor_names.values())


def _cue_features(
    claim: ExtractedClaim, clause_start: int, clause: str, spans: list, lexicon: Lexicon
) -> dict[str, float]:
    """Which of the topic's cues fired, and how near the claim's vendor is named to it:
    a cue far from its vendor, with another vendor nearer, is where roles go wrong."""
    topic = lexicon.topics.get(claim.topic)
    if topic is None:
        return {}
    cues = topic.cues.find(clause) + topic.value_cues.find(clause)
    features: dict[str, float] = {}
    if not cues:
        cues = topic.weak_cues.find(clause)
        features["weak_cue_only" if cues else "no_cue_in_clause"] = 1.0
    for cue in cues:
        features[f"cue={claim.topic}:{cue.text.casefold()}"] = 1.0
    if not cues:
        return features
    anchor = clause_start + min(cue.start for cue in cues)

    def distance(span) -> int:
        return (
            0
            if span.start <= anchor < span.end
            else min(abs(span.start - anchor), abs(span.end - anchor))
        )

    own = [distance(s) for s in spans if s.vendor_slug == claim.vendor]
    other = [distance(s) for s in spans if s.vendor_slug != claim.vendor]
    if own:
        nearest = min(own)
        features[f"vendor_to_cue={_size(nearest // 20, (0, 1, 3, 6))}"] = 1.0
        if other and min(other) < nearest:
            features["other_vendor_nearer_cue"] = 1.0
        if all(s.start > anchor for s in spans if s.vendor_slug == claim.vendor):
            features["vendor_after_cue"] = 1.0
    return features


def _ngram_features(clause: str) -> dict[str, float]:
    tokens = [word.casefold() for word in _WORD.findall(clause)]
    features: dict[str, float] = {}
    # Present or not: a word said twice in a clause is no stronger evidence.
    for word in tokens:
        features[_bucket(word)] = 1.0
    for pair in pairwise(tokens):
        features[_bucket(*pair)] = 1.0
    return features


# The same expressions without IGNORECASE, for ASCII text lowered first: their letters are
# all lower case, and on ASCII text IGNORECASE only pairs A-Z with a-z, so they find
# exactly what the originals find, and faster (Unicode text keeps the originals: "ſ" and
# the Kelvin sign match "s" and "k" under IGNORECASE, not once lowered).
_SHAPES_LOWERED: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern.pattern)) for name, pattern in _SHAPES
)


def _shape_features(text: str, prefix: str) -> dict[str, float]:
    """The shapes of a sentence (or clause): attributed, hedged, a question, background…"""
    shapes, searched = (_SHAPES_LOWERED, text.lower()) if text.isascii() else (_SHAPES, text)
    features = {f"{prefix}{name}": 1.0 for name, pattern in shapes if pattern.search(searched)}
    stripped = text.strip()
    if stripped.endswith("?") or "? " in stripped:
        features[f"{prefix}question"] = 1.0
    if _QUOTED.search(text):
        features[f"{prefix}quoted"] = 1.0
        if _QUOTED.match(stripped):
            features[f"{prefix}quote_opens"] = 1.0
    return features


class _Sentence:
    """What the claims of one sentence share, computed for the first and reused by the rest:
    an article's sentences yield several claims each (one per vendor, topic, reading), and
    the filter runs on every article ingested (issue 13)."""

    __slots__ = (
        "_clauses",
        "_cues",
        "_ngrams",
        "chips",
        "first_vendor",
        "folded",
        "quote",
        "shape",
        "size",
        "spans",
        "vendors",
    )

    def __init__(self, quote: str, spans: list) -> None:
        self.quote = quote
        self.folded = quote.casefold()
        self.spans = spans
        self.vendors = {span.vendor_slug for span in spans}
        self.chips = {span.chip.slug for span in spans if span.chip is not None}
        vendors, chips = len(self.vendors), len(self.chips)
        words = len(_WORD.findall(quote))
        # The sentence's own bins, in the order claim_features names them.
        self.size = (
            f"vendors_in_sentence={_size(vendors, (0, 1, 2, 3))}",
            f"chips_in_sentence={_size(chips, (0, 1, 2))}",
            f"sentence_words={_size(words, (12, 25, 40))}",
        )
        self._cues: dict[tuple, dict[str, float]] = {}
        self._ngrams: dict[str, dict[str, float]] = {}
        self._clauses: dict[str, dict[str, float]] = {}
        self.shape = _shape_features(quote, "s:")
        first = min(spans, key=lambda span: span.start, default=None)
        self.first_vendor = first.vendor_slug if first is not None else None

    def clause_features(self, clause: str) -> dict[str, float]:
        known = self._clauses.get(clause)
        if known is None:
            known = self._clauses[clause] = _shape_features(clause, "c:")
        return known

    def cue_features(
        self, claim: ExtractedClaim, start: int, clause: str, lexicon: Lexicon
    ) -> dict[str, float]:
        # They depend on the claim only through its topic and vendor.
        key = (claim.topic, claim.vendor, start, clause, id(lexicon))
        known = self._cues.get(key)
        if known is None:
            known = self._cues[key] = _cue_features(claim, start, clause, self.spans, lexicon)
        return known

    def ngram_features(self, clause: str) -> dict[str, float]:
        known = self._ngrams.get(clause)
        if known is None:
            known = self._ngrams[clause] = _ngram_features(clause)
        return known


def claim_features(
    claim: ExtractedClaim,
    catalogue: Catalogue,
    *,
    lexicon: Lexicon | None = None,
    spans: list | None = None,
    position: int = 0,
    siblings: int = 1,
    same_topic: int = 1,
) -> dict[str, float]:
    """The features of one candidate claim.

    `position`: the index of its sentence among the article's claim-bearing sentences;
    `spans`: the names the tagger finds in its sentence, when already known;
    `siblings`: how many candidate claims its sentence yields; `same_topic`: how many of
    those share its topic (one sentence read several ways is where the rules err).
    """
    spans = catalogue.tagger.spans(claim.quote) if spans is None else spans
    return _claim_features(
        claim,
        catalogue,
        _Sentence(claim.quote, spans),
        lexicon or load_lexicon(),
        _folded_vendor_names(catalogue),
        position,
        siblings,
        same_topic,
    )


def _claim_features(
    claim: ExtractedClaim,
    catalogue: Catalogue,
    sentence: _Sentence,
    lexicon: Lexicon,
    vendor_names: frozenset[str],
    position: int,
    siblings: int,
    same_topic: int,
) -> dict[str, float]:
    # The order of the features is the order the model's dot product sums them in: kept
    # as it was, so every score is the same to the last bit.
    quote = claim.quote
    start, end = claim.clause
    clause = quote[start:end] if end > start else quote
    kind = catalogue.vendor_kinds.get(claim.vendor, "unknown")
    topic = claim.topic
    polarity = claim.polarity
    vendors_bin, chips_bin, words_bin = sentence.size
    features: dict[str, float] = {
        "bias": 1.0,
        f"topic={topic}": 1.0,
        f"polarity={polarity}": 1.0,
        f"topic*polarity={topic}*{polarity}": 1.0,
        f"vendor_kind={kind}": 1.0,
        f"topic*vendor_kind={topic}*{kind}": 1.0,
        f"value_kind={value_kind(claim, catalogue, vendor_names)}": 1.0,
        f"origin_kind={claim.basis.get('origin_kind') or 'none'}": 1.0,
        f"origin_from={claim.basis.get('origin_from') or 'none'}": 1.0,
        vendors_bin: 1.0,
        chips_bin: 1.0,
        words_bin: 1.0,
        f"position={_size(position, (0, 2, 5, 10))}": 1.0,
        f"siblings={_size(siblings, (1, 2, 4))}": 1.0,
        f"same_topic={_size(same_topic, (1, 2))}": 1.0,
        "confidence": claim.confidence,
    }
    if claim.headline:
        features["headline"] = 1.0
    if claim.hedges:
        features["hedged"] = 1.0
    if not claim.local:
        features["subject_outside_clause"] = 1.0
    if claim.chip:
        features["has_chip"] = 1.0
        features["chip_named" if claim.chip in sentence.chips else "chip_not_named"] = 1.0
    if claim.vendor not in sentence.vendors:
        features["vendor_not_named"] = 1.0  # reached through "it", "the company"
    if claim.value and claim.value.casefold() in sentence.folded:
        features["value_in_sentence"] = 1.0
    features.update(sentence.cue_features(claim, start, clause, lexicon))
    if len(clause) < len(quote):
        features["clause_part"] = round(len(clause) / max(len(quote), 1), 3)
    features.update(sentence.ngram_features(clause))
    features.update(sentence.shape)
    features.update(sentence.clause_features(clause))
    features[f"clause_words={_size(len(_WORD.findall(clause)), (6, 12, 20, 30))}"] = 1.0
    if sentence.first_vendor == claim.vendor:
        features["vendor_named_first"] = 1.0
    return features


def article_features(
    claims: Sequence[ExtractedClaim], catalogue: Catalogue, lexicon: Lexicon | None = None
) -> list[dict[str, float]]:
    """The features of every candidate claim of one article (as `extract` returns them)."""
    order: dict[str, int] = {}
    per_quote: Counter[str] = Counter()
    per_topic: Counter[tuple[str, str]] = Counter()
    sentences: dict[str, _Sentence] = {}
    for claim in claims:
        if claim.quote not in sentences:
            # Claims of one sentence share its names, words and cues: read it once.
            sentences[claim.quote] = _Sentence(claim.quote, catalogue.tagger.spans(claim.quote))
        order.setdefault(claim.quote, len(order))
        per_quote[claim.quote] += 1
        per_topic[(claim.quote, claim.topic)] += 1
    lexicon = lexicon or load_lexicon()
    vendor_names = _folded_vendor_names(catalogue)
    return [
        _claim_features(
            claim,
            catalogue,
            sentences[claim.quote],
            lexicon,
            vendor_names,
            order[claim.quote],
            per_quote[claim.quote],
            per_topic[(claim.quote, claim.topic)],
        )
        for claim in claims
    ]
