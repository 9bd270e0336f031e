"""Chips the catalogue lacks, proposed to editors.

A model number written right after a known vendor or a known product line ("Huawei's
Ascend 950PR", "MetaX C600", "Kunlun P800", "Instinct MI450") that is not already a
catalogue chip or alias is a chip the catalogue does not know yet. `find_unknown_chips`
is a pure function over text and a `ProposalCatalogue`; `record_proposals` keeps one
`ChipProposal` per vendor and normalised name, counting the distinct articles that named
it; `accept` makes the chip and re-analyses those articles so they are tagged.

Precise rather than greedy: years, units (5nm, 80GB, 1,000, 40%), prices, process
nodes (N3E, 18A) and memory types (HBM3E) are not model numbers, a bare number counts
only after a product line, and foundries and memory makers propose nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import transaction
from django.utils import timezone

from chips.models import Chip, ChipProposal, Vendor
from newsfeed.models import Article

# A model number: up to four letters, digits, up to three letters ("950PR", "C600",
# "MI450", "v7", "690"); a hyphenated suffix is part of it ("MLU370-X8").
_MODEL = r"[A-Za-z]{0,4}\d{1,4}[A-Za-z]{0,3}(?:-[A-Z0-9]{1,4})?"
_CJK = "\u4e00-\u9fff"
# After the lead: a possessive, then one space or hyphen (or nothing after Chinese).
_GAP = rf"(?:['’]s)?(?:[ \u00a0-]|(?<=[{_CJK}]))"
# What may not follow a model number: more of a word or number, a percentage, a decimal
# or thousands separator followed by a digit.
_END = r"(?![A-Za-z0-9_%])(?![.,]\d)"
_UNITS = frozenset({
    "nm", "mm", "um", "gb", "tb", "mb", "kb", "gbps", "tbps", "mhz", "ghz", "w", "kw", "mw",
    "x", "k", "m", "bn", "b", "pf", "tf", "tops", "flops", "fps", "mah",
})  # fmt: skip
_AMOUNT_WORDS = frozenset({
    "million", "billion", "trillion", "thousand", "units", "percent", "per", "yuan",
    "dollars", "usd", "rmb", "cny", "wafers", "people", "employees", "years", "days",
    "months", "hours",
})  # fmt: skip
_MULTIPLIERS = frozenset({"b", "m", "k"})
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Not chips: process nodes (TSMC N3E, Intel 18A, Samsung SF2) and memory types.
_NOT_MODELS = re.compile(
    r"^(?:N\d{1,2}[A-Z]?|A\d{1,2}|SF\d{1,2}[A-Z]?|\d{1,2}A|(?:LP)?DDR\d\w*|GDDR\d\w*|HBM\d\w*)$",
    re.IGNORECASE,
)
_NORMALISE = re.compile(r"[\s\-_.’']+")
# Vendors whose names are followed by process nodes and memory parts, not their chips.
NON_DESIGNER_KINDS = frozenset({Vendor.Kind.FOUNDRY, Vendor.Kind.MEMORY})


def normalise(name: str) -> str:
    return _NORMALISE.sub("", name).casefold()


@dataclass(frozen=True)
class Lead:
    vendor: str
    line: bool  # a product line ("Ascend"), else a vendor's own name or alias


@dataclass(frozen=True)
class ProposalCatalogue:
    """What detection needs to know: the words a model number may follow, and every
    name (normalised) the catalogue already has."""

    leads: dict[str, Lead] = field(default_factory=dict)
    known: frozenset[str] = frozenset()  # every chip name and alias
    known_models: frozenset[tuple[str, str]] = frozenset()  # (vendor, "910c") of each

    @classmethod
    def build(
        cls,
        vendors: Iterable[tuple[str, str, list[str]]],
        chips: Iterable[tuple[str, str, list[str]]],
        quiet_vendors: Iterable[str] = (),
    ) -> ProposalCatalogue:
        """From (vendor slug, name, aliases) and (chip vendor slug, name, aliases) rows;
        `quiet_vendors` (foundries, memory makers) lead to no proposal."""
        quiet = set(quiet_vendors)
        leads: dict[str, Lead] = {}
        for slug, name, aliases in vendors:
            if slug in quiet:
                continue
            for alias in [name, *aliases]:
                if alias.strip():
                    leads.setdefault(alias.strip(), Lead(slug, line=False))
        known: set[str] = set()
        known_models: set[tuple[str, str]] = set()
        lines: dict[str, set[str]] = {}
        for vendor, name, aliases in chips:
            for alias in [name, *aliases]:
                alias = alias.strip()
                if not alias:
                    continue
                known.add(normalise(alias))
                line, model = product_line(alias)
                if model:
                    known_models.add((vendor, normalise(model)))
                if line:
                    lines.setdefault(line, set()).add(vendor)
        for line, owners in lines.items():
            # A line two vendors share names neither; a vendor's own name stays its own.
            if len(owners) == 1 and line not in leads:
                leads[line] = Lead(owners.pop(), line=True)
        return cls(leads=leads, known=frozenset(known), known_models=frozenset(known_models))


def product_line(name: str) -> tuple[str, str]:
    """("Ascend", "910C") from "Ascend 910C", ("昇腾", "910C") from "昇腾910C"; a line has
    no digit ("GB200 NVL72" has none); ("", "") when the name has no model number."""
    cjk = re.fullmatch(rf"([{_CJK}]+)({_MODEL})", name)
    if cjk:
        return cjk[1], cjk[2]
    words = name.split()
    if len(words) < 2 or not re.fullmatch(_MODEL, words[-1]):
        return "", ""
    line = " ".join(words[:-1])
    return ("", words[-1]) if re.search(r"\d", line) else (line, words[-1])


@dataclass(frozen=True)
class Proposed:
    vendor: str
    name: str  # as written: "Ascend 950PR" after a line, "C600" after a vendor
    key: str  # normalised model number: "950pr"
    example: str  # the sentence that names it


@lru_cache(maxsize=8)
def _pattern(leads: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(lead) for lead in sorted(leads, key=len, reverse=True))
    # A lead starts a word, except in Chinese, which has no spaces between words.
    start = rf"(?:(?<![\w-])|(?=[{_CJK}]))"
    return re.compile(rf"{start}(?P<lead>{alternatives}){_GAP}(?P<model>{_MODEL}){_END}")


def _sentence_at(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in (". ", "\n", "。", "! ", "? ")) + 1
    stops = [i for mark in (". ", "\n", "。", "! ", "? ") if (i := text.find(mark, end)) != -1]
    right = min(stops) + 1 if stops else len(text)
    return " ".join(text[left:right].split())[:1000]


def is_model_number(model: str, after_line: bool, following: str) -> bool:
    """Whether a token right after a lead names a model rather than an amount."""
    if not re.search(r"\d", model) or _YEAR.match(model) or _NOT_MODELS.match(model):
        return False
    if model.isdigit():
        # A bare number is a model only after a product line ("Siyuan 690"), and long.
        if not after_line or len(model) < 3:
            return False
    elif not after_line and not re.search(r"\d{2}", model):
        # After a vendor's name, "P7" or "v2" says too little to be a chip.
        return False
    tail = re.sub(r"^[A-Za-z]*\d+", "", model).casefold()
    if tail in _UNITS and not (tail in _MULTIPLIERS and re.match(r"\d{3}", model)):
        # "80GB", "5nm", "7B"; but "910B" and "960B" are models, not billions.
        return False
    next_word = re.match(r"\s*([A-Za-z%]+)", following)
    return not (next_word and next_word[1].casefold() in (_UNITS | _AMOUNT_WORDS | {"%"}))


def find_unknown_chips(text: str, catalogue: ProposalCatalogue) -> list[Proposed]:
    """Model numbers the catalogue lacks, each once, in the order they first appear."""
    if not catalogue.leads:
        return []
    found: dict[tuple[str, str], Proposed] = {}
    for match in _pattern(tuple(catalogue.leads)).finditer(text):
        lead = catalogue.leads[match["lead"]]
        model = match["model"]
        if not is_model_number(model, lead.line, text[match.end() : match.end() + 20]):
            continue
        name = f"{match['lead']} {model}" if lead.line else model
        if lead.line and re.search(rf"[{_CJK}]$", match["lead"]):
            name = f"{match['lead']}{model}"
        key = normalise(model)
        if (
            key in catalogue.known
            or normalise(name) in catalogue.known
            or (lead.vendor, key) in catalogue.known_models
        ):
            continue
        example = _sentence_at(text, match.start(), match.end())
        found.setdefault((lead.vendor, key), Proposed(lead.vendor, name, key, example))
    return list(found.values())


# --- The database side -----------------------------------------------------------------


def load_catalogue() -> ProposalCatalogue:
    """The catalogue as it stands (two queries; built again only when it changed)."""
    vendors = tuple(
        (slug, name, tuple(aliases or ()), kind)
        for slug, name, aliases, kind in Vendor.objects.values_list(
            "slug", "name", "aliases", "kind"
        )
    )
    chips = tuple(
        (vendor, name, tuple(aliases or ()))
        for vendor, name, aliases in Chip.objects.values_list("vendor__slug", "name", "aliases")
    )
    return _built(vendors, chips)


@lru_cache(maxsize=4)
def _built(
    vendors: tuple[tuple[str, str, tuple[str, ...], str], ...],
    chips: tuple[tuple[str, str, tuple[str, ...]], ...],
) -> ProposalCatalogue:
    return ProposalCatalogue.build(
        [(slug, name, list(aliases)) for slug, name, aliases, _ in vendors],
        [(vendor, name, list(aliases)) for vendor, name, aliases in chips],
        quiet_vendors=[slug for slug, _, _, kind in vendors if kind in NON_DESIGNER_KINDS],
    )


@transaction.atomic
def record_proposals(article: Article, found: list[Proposed]) -> list[ChipProposal]:
    """Keep what this article proposes; idempotent: an article counts once per proposal,
    and one that no longer names a pending proposal stops counting for it."""
    vendors = dict(
        Vendor.objects.filter(slug__in={p.vendor for p in found}).values_list("slug", "pk")
    )
    kept: list[ChipProposal] = []
    for item in found:
        if item.vendor not in vendors:
            continue
        proposal, _ = ChipProposal.objects.get_or_create(
            vendor_id=vendors[item.vendor],
            key=item.key[:80],
            defaults={
                "name": item.name[:120],
                "first_article": article,
                "example": item.example,
            },
        )
        proposal.articles.add(article)
        kept.append(proposal)
    Through = ChipProposal.articles.through
    # Reviewed proposals keep the articles they were decided on.
    gone = set(
        Through.objects.filter(article=article, chipproposal__status=ChipProposal.Status.PENDING)
        .exclude(chipproposal__in=[p.pk for p in kept])
        .values_list("chipproposal_id", flat=True)
    )
    Through.objects.filter(article=article, chipproposal_id__in=gone).delete()
    recount(gone | {p.pk for p in kept})
    return kept


def recount(proposal_ids: Iterable[int]) -> None:
    for proposal in ChipProposal.objects.filter(pk__in=list(proposal_ids)):
        count = proposal.articles.count()
        if proposal.seen_count != count:
            ChipProposal.objects.filter(pk=proposal.pk).update(
                seen_count=count, updated_at=timezone.now()
            )


def unique_chip_slug(vendor: Vendor, name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name) or slugify(f"{vendor.slug}-chip")
    if Chip.objects.filter(slug=base).exists():
        base = slugify(f"{vendor.slug}-{name}")
    slug, n = base[:80], 2
    while Chip.objects.filter(slug=slug).exists():
        slug = f"{base[:75]}-{n}"
        n += 1
    return slug


def accept(proposal: ChipProposal, user=None) -> Chip:
    """Make the proposed chip (its name and model number as aliases), then re-analyse the
    articles that named it, through the same function `reanalyze` uses, so they are
    tagged and their claims point at it."""
    from chips.analysis import reanalyze

    with transaction.atomic():
        proposal = ChipProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status == ChipProposal.Status.ACCEPTED and proposal.chip_id:
            return proposal.chip
        vendor = proposal.vendor
        _, model = product_line(proposal.name)
        aliases = list(dict.fromkeys(a for a in (proposal.name, model) if a))
        chip = Chip.objects.create(
            vendor=vendor,
            slug=unique_chip_slug(vendor, proposal.name),
            name=proposal.name,
            aliases=aliases,
            status=Chip.Status.ANNOUNCED,
        )
        proposal.status = ChipProposal.Status.ACCEPTED
        proposal.chip = chip
        proposal.reviewed_by = user
        proposal.reviewed_at = timezone.now()
        proposal.save()
        article_ids = list(proposal.articles.order_by("pk").values_list("pk", flat=True))
    reanalyze(article_ids)
    return chip


def reject(proposal: ChipProposal, user=None) -> None:
    """Not a chip: never proposed again (the row stays, so it is not found again)."""
    proposal.status = ChipProposal.Status.REJECTED
    proposal.reviewed_by = user
    proposal.reviewed_at = timezone.now()
    proposal.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
