"""Claim values in their normalised forms (docs/vocabulary.md, "Labelling conventions")."""

from __future__ import annotations


def keys(claims):
    return {(c.vendor, c.chip, c.topic, c.polarity, c.value) for c in claims}


def body(extractor, text, title="A chip story"):
    return [c for c in extractor.extract(title, text, 0.7) if not c.headline]


def test_a_cuda_like_environment_is_not_cuda(extractor):
    claims = body(
        extractor,
        "Hygon's DCU K100 accelerators run code written for a CUDA-like programming stack.",
    )
    software = {c.value for c in claims if c.topic == "software"}
    assert software == {"CUDA-like"}


def test_code_compatible_with_cuda_is_cuda(extractor):
    claims = body(extractor, "The MTT S5000 is compatible with CUDA code, Moore Threads says.")
    assert "CUDA" in {c.value for c in claims if c.topic == "software"}


def test_a_foundrys_other_node_as_yardstick_is_no_value(extractor):
    claims = body(
        extractor,
        "Yields for the Ascend 950PR die on N+3 sit near 30%, far short of what SMIC gets on N+2.",
    )
    manufacturing = {c.value for c in claims if c.topic == "manufacturing"}
    assert "yield 30%" in manufacturing and "7nm" not in manufacturing


def test_the_node_a_process_grew_from_is_not_the_chips(extractor):
    claims = body(
        extractor,
        "The Ascend 950PR is built on N+3, which analysts call a refinement of the 7nm-class N+2.",
    )
    manufacturing = {c.value for c in claims if c.topic == "manufacturing"}
    assert "5nm" in manufacturing and "7nm" not in manufacturing
