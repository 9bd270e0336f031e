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


# Words and pairs recur across claims: each hashed once.
@lru_cache(maxsize=65536)
def _bucket(*parts: str) -> str:
    return f"ng:{zlib.crc32(' '.join(parts).encode()) % HASH_BUCKETS}"


def _size(count: int, edges: Sequence[int]) -> str:
    """A count as a coarse bin: "0", "1", …, or "N+" past the last edge."""
    for edge in edges:
        if count <= edge:
            return str(edge)
    return f"{edges[-1]}+"


def value_kind(claim: ExtractedClaim, catalogue: Catalogue) -> str:
    value = claim.value.casefold().strip()
    if not value:
        return "empty"
    if any(value == name.casefold() for name in catalogue.vendor_names.values()):
        return "vendor"
    if _NUMBER.search(value):
        return "number"
    return "word" if " " not in value else "phrase"


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
    quote = claim.quote
    start, end = claim.clause
    clause = quote[start:end] if end > start else quote
    spans = catalogue.tagger.spans(quote) if spans is None else spans
    vendors_named = {span.vendor_slug for span in spans}
    chips_named = {span.chip.slug for span in spans if span.chip is not None}
    kind = catalogue.vendor_kinds.get(claim.vendor, "unknown")
    topic = claim.topic
    words = len(_WORD.findall(quote))
    features: dict[str, float] = {
        "bias": 1.0,
        f"topic={topic}": 1.0,
        f"polarity={claim.polarity}": 1.0,
        f"topic*polarity={topic}*{claim.polarity}": 1.0,
        f"vendor_kind={kind}": 1.0,
        f"topic*vendor_kind={topic}*{kind}": 1.0,
        f"value_kind={value_kind(claim, catalogue)}": 1.0,
        f"origin_kind={claim.basis.get('origin_kind') or 'none'}": 1.0,
        f"origin_from={claim.basis.get('origin_from') or 'none'}": 1.0,
        f"vendors_in_sentence={_size(len(vendors_named), (0, 1, 2, 3))}": 1.0,
        f"chips_in_sentence={_size(len(chips_named), (0, 1, 2))}": 1.0,
        f"sentence_words={_size(words, (12, 25, 40))}": 1.0,
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
        features["chip_named" if claim.chip in chips_named else "chip_not_named"] = 1.0
    if claim.vendor not in vendors_named:
        features["vendor_not_named"] = 1.0  # reached through "it", "the company"
    if claim.value and claim.value.casefold() in quote.casefold():
        features["value_in_sentence"] = 1.0
    features.update(_cue_features(claim, start, clause, spans, lexicon or load_lexicon()))
    if len(clause) < len(quote):
        features["clause_part"] = round(len(clause) / max(len(quote), 1), 3)
    tokens = [word.casefold() for word in _WORD.findall(clause)]
    # Present or not: a word said twice in a clause is no stronger evidence.
    for word in tokens:
        features[_bucket(word)] = 1.0
    for pair in pairwise(tokens):
        features[_bucket(*pair)] = 1.0
    return features


def article_features(
    claims: Sequence[ExtractedClaim], catalogue: Catalogue, lexicon: Lexicon | None = None
) -> list[dict[str, float]]:
    """The features of every candidate claim of one article (as `extract` returns them)."""
    order: dict[str, int] = {}
    per_quote: Counter[str] = Counter()
    per_topic: Counter[tuple[str, str]] = Counter()
    spans: dict[str, list] = {}
    for claim in claims:
        if claim.quote not in spans:
            # Claims of one sentence share its names: tag it once.
            spans[claim.quote] = catalogue.tagger.spans(claim.quote)
        order.setdefault(claim.quote, len(order))
        per_quote[claim.quote] += 1
        per_topic[(claim.quote, claim.topic)] += 1
    return [
        claim_features(
            claim,
            catalogue,
            lexicon=lexicon,
            spans=spans[claim.quote],
            position=order[claim.quote],
            siblings=per_quote[claim.quote],
            same_topic=per_topic[(claim.quote, claim.topic)],
        )
        for claim in claims
    ]
