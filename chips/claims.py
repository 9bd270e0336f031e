"""Claim extraction: sentences that assert something about a vendor or chip.

Pure functions over text, no database: `ClaimExtractor.extract(title, text, reliability,
source)` returns `ExtractedClaim`s. Facts → rules → claims (disputes: chips/conflicts.py):

1. per article: sentences (English and Chinese punctuation, abbreviations, headings),
   the main subject, each vendor's single main chip, the people named with a title
   (whose company they speak for) and whether the outlet is first-party;
2. per sentence, its facts: names and their roles (subject, object, value), references
   resolved to the nearest compatible subject, clauses, negations with their scope,
   hedges and the origin (`SentenceFacts`);
3. the topic lexicons (`chips/lexicons/claims.toml`) propose claims: a cue and a value in
   a clause, about the chosen subject;
4. named rules (`SENTENCE_RULES`, then the article rules) keep, change or drop them; the
   headline's claims come last, marked and trusted a little less.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from math import prod
from typing import Any

from chips.lexicons import Lexicon, Match, TopicLexicon, finds_any, load_lexicon, matches_of
from chips.tagging import MentionTagger, Span

EXTRACTOR_VERSION = "rules-3"

ABBREVIATIONS = frozenset(
    {
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "plc",
        "mr",
        "mrs",
        "ms",
        "dr",
        "jr",
        "sr",
        "st",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "no",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "est",
        "dept",
        "gov",
        "govt",
        "rep",
        "sen",
    }
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9\u4e00-\u9fff])|[。！？；]+")
# A date a "before" or "until" may take ("until 2027", "before the third quarter").
_DATE_AHEAD = (
    r"(?:[1-4]Q\s?\d\d|Q[1-4]|(?:the\s+)?(?:first|second|third|fourth)\s+quarter"
    r"|(?:early|mid|late|the\s+end\s+of)[- ]?(?:20\d\d|next)|20\d\d|next\s+year)\b"
)
_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|:\s|\s[—–-]\s|—|,\s*(?:but|while|whereas|although|though|which|and|yet|so|"
    r"however|even as|as well as|as)\b|\s(?:but|however|whereas|although|rather than|instead of"
    r"|before|after|because|until|unless|despite)\s"
    # (Not a date: "no MI450 volume before 2027" is one clause, the date its denial's.)
    r"(?<!before\s)(?<!until\s)|\s(?:before|until)\s(?!" + _DATE_AHEAD + r")"
    # (… and an aside after the year is its own: "until 2026, a delay of six months".)
    r"|(?<=20\d\d),\s*(?=an?\s)"
    r"|[，；：]|,\s*(?=not\b)|,\s*(?=[a-z]+ing\b)|,\s*(?=(?:says|said|adds|added)\b)"
    # "… books a $5.5 billion hit as U.S. curbs H20 sales": a new subject, a new clause.
    r"|(?<!such)(?<!known)(?<!same)(?<!well)\sas\s(?=(?:the\s)?(?-i:[A-Z])[\w.]*\s+[a-z]+s\b))\s*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w’'-]+")
# A label opening a line of a table or a list (at most six words, a bullet and a
# parenthesis allowed), and a figure right after its colon.
_TABLE_LABEL = re.compile(
    r"(?:[-•*–]\s*)?[\w$][\w.&'’$-]*(?: [\w.&'’-]+){0,5}(?: \([^()]{1,60}\))?"
)
_FIGURE_AFTER_COLON = re.compile(
    r":\s+(?:~|about |approx\. )?(?:(?:US|HK|NT)?\$|RMB|CNY|¥|€)?\s?\d", re.IGNORECASE
)
_COMMA_BEFORE = re.compile(r",\s*$")
# ", a figure Intel …", ", a claim the company …" right before a refusal.
_REFUSING_APPOSITIVE = re.compile(
    r",\s+(?:a|an|the|which|that)\s(?:[\w'’-]+\s){0,4}$", re.IGNORECASE
)
# Where a foundry's customer is named: "orders from Huawei", "chips for Cambricon",
# "supplies Huawei", "making Huawei's chips" (the owner of the chips made).
_FOUNDRY_CUSTOMER = re.compile(
    r"\b(?:orders\s+from|(?:chips|dies|wafers|processors|accelerators|GPUs)\s+for|"
    r"suppl(?:y|ies|ied|ying)|(?:from|to)\s+(?:making|producing|manufacturing|fabricating))\s+$",
    re.IGNORECASE,
)
# A foundry named in its role: "made by TSMC", "fabricated at SMIC".
_MAKER_ROLE = re.compile(
    r"\b(?:made|manufactured|fabricated|fabbed|built|produced)\s+(?:by|at)\s+$", re.IGNORECASE
)
# A short opening phrase before the main clause: "Like earlier generations, ".
_OPENING_PHRASE = re.compile(r"[^,;:.]{1,50},\s*")
_RELATIVE_OPENING = re.compile(r",\s*(?:which|who)\s*", re.IGNORECASE)
# Value groups that name a company (a relative clause after one has it as its subject).
VALUE_VENDORS = frozenset({"foundry", "supplier"})
_DIGIT = re.compile(r"\d")
# ", and" / "; but" before a name: a new clause starts, the name is its subject.
_CLAUSE_OPENING = re.compile(r"[,;]\s*(?:and|but|while|whereas)$")
_PRONOUNS = frozenset({"it", "its", "they", "their", "them"})
# A company's own figure after "its": "its HBM revenue", "its third-quarter sales".
_ITS_FIGURE = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:revenue|revenues|sales|profit|earnings)\b", re.IGNORECASE
)
# A clause break that contrasts what follows with what is claimed.
_CONTRAST = re.compile(r"\b(?:rather than|instead of)\b", re.IGNORECASE)
# "Rather than relying on foreign suppliers, Huawei built a domestic chain": a sentence that
# opens with the contrast; that opening clause is what the subject does not do.
_LEADING_CONTRAST = re.compile(r"(?:rather than|instead of)\b[^,]{1,120},", re.IGNORECASE)
# An opening condition asserts nothing: "Once the TSMC die bank runs out, …", "Without a
# steady source of HBM, …", "If the H200 comes in, …", "Unless licences arrive, …". What
# it names is the premise of the main clause, which keeps its own claims.
_OPENING_CONDITION = re.compile(
    r"[\"“]?(?:if|once|unless|without|absent|should|in case|were|provided that)\b[^,;:]{1,120},",
    re.IGNORECASE,
)
# A company named as a person's employer: "a Samsung foundry executive", "TSMC engineers".
_AFFILIATION = re.compile(
    r"(?:[\s-]+[a-z]+)?\s+(?:executives?|engineers?|officials?|spokes\w+|employees?|"
    r"insiders?|staff|managers?|veterans?)\b"
)
# "Like the H20, …", "Unlike Nvidia's B30A, …": a sentence opening with a comparison.
_OPENING_COMPARISON = re.compile(
    r"\s*(?:just )?(?:like|unlike|as with)\s+(?:the\s+)?", re.IGNORECASE
)
# A known chip's name followed by a model suffix the catalogue does not know ("Rubin CPX")
# names another product: the vendor's, not the known chip's. Form factors and generic
# words ("H20 GPU", "H100 SXM") are no new product.
# A chip's name used as a class ("BR100-class dies", "H100-class compute").
_CLASS_OF_CHIP = re.compile(r"-class\b", re.IGNORECASE)
# ... except for the yields of that class: "920X-class yields of 30%" are still
# how the named chip's own dies come off the line, not another part's.
_CLASS_YIELDS = re.compile(r"-class\s+(?:die\s+|chip\s+)?yields?\b", re.IGNORECASE)
_VARIANT_SUFFIX = re.compile(r"\s+(?P<suffix>[A-Z]{2,4})\b(?![\d-])")
_NOT_A_VARIANT = frozenset(
    {
        "GPU",
        "GPUS",
        "NPU",
        "CPU",
        "TPU",
        "DPU",
        "APU",
        "AI",
        "HBM",
        "SXM",
        "OAM",
        "PCIE",
        "NVL",
        "SOC",
        "LLM",
        "US",
        "USA",
        "UK",
        "EU",
        "IPO",
        "OEM",
        "ODM",
        "CEO",
        "AND",
    }
)


# A reference that names a chip ("the chip", "the processor"), not its maker ("the company").
_CHIP_REFERENCE = re.compile(
    r"\b(?:chips?|processors?|accelerators?|GPUs?|parts?|designs?|cards?|dies?)\b", re.IGNORECASE
)


def is_unknown_variant(text: str, end: int) -> bool:
    """Whether the chip name ending at `end` goes on with a model suffix of its own."""
    match = _VARIANT_SUFFIX.match(text, end)
    return bool(match) and match["suffix"].upper() not in _NOT_A_VARIANT


# Products named by their maker: "chips from Huawei", "accelerators from Cambricon".
# Only where they open a clause ("judge that domestic chips from Huawei …"), not as an
# object ("The site hosts accelerators from MetaX").
_MAKERS_PRODUCTS = re.compile(
    r"(?:^|\bthat\s+|[,;:]\s+)(?:[\w-]+\s+){0,2}(?:chips|processors|accelerators|GPUs|NPUs|"
    r"parts|products)\s+(?:made\s+)?(?:from|by)\s+$",
    re.IGNORECASE,
)
# Words between a preposition and a name that leave the name its object: a possessive
# ("Amazon's") or an age ("third-generation", "latest").
_NAME_MODIFIER = re.compile(
    r"(?-i:[A-Z][\w.&-]*)['’]s|[\w-]*-generation|latest|newest|previous|current|older|upcoming"
    # "half the capability of the flagship B300": still a name after "of".
    r"|flagship|top-end|high-end|existing|original|earlier",
    re.IGNORECASE,
)
# A model number ("M100", "BR166", "Kirin 9030"); those that are no product (memory
# types, number formats, rack names, nodes) are left out by _NOT_A_MODEL.
_UNKNOWN_MODEL = re.compile(
    r"(?<![A-Za-z0-9-])(?:(?:[A-Z][a-z]+\s)?[A-Z]{1,3}\d{2,4}|[A-Z][a-z]+\s(?!(?:19|20)\d\d\b)"
    r"\d{3,4})[A-Z]{0,2}(?![\w-])"
)
_NOT_A_MODEL = re.compile(
    r"(?:HBM|GDDR|LPDDR|DDR|FP|BF|INT|NVL|PCIE|PCIe|SXM|CXL|UCIE|USB|JESD|ISO|A1\d\b|N\d)"
)
# A relative clause opening right after a name, up to the claim's cue: "the H20 that
# Washington licensed", "the MI308 which AMD designed".
# A relative clause opening right before a clause: "…, which …" (chips/claims.py _choose).
_RELATIVE_CLAUSE_START = re.compile(r",\s*(?:which|who)\s*$", re.IGNORECASE)
# What may stand between a name and its relative clause's comma: "AMD's MI350 series".
_ANTECEDENT_TAIL = re.compile(
    r"(?:['’]s)?(?:\s+(?:series|family|chips?|processors?|GPUs?|accelerators?|line))?"
)
_RELATIVE_AFTER = re.compile(r"\s+(?:that|which)\s+(?:[\w.’'-]+\s+){0,3}")
# "Rival Samsung Electronics said…": a sentence opening with a described competitor.
_OPENING_RIVAL = re.compile(r"\s*[\"“]?(?:Rivals?|Fellow)\s+")
# A foreign vendor's name as a nickname for a Chinese one: "investors call it 'China's
# Nvidia'", "the Nvidia of China", "the next Nvidia".
# Buyers steered away from a vendor's products: "steers Chinese companies away from Nvidia
# hardware", "urged local companies to steer clear of", "discouraged firms from buying".
_STEERED_AWAY = re.compile(
    r"\b(?:steer\w*\s+(?:[\w-]+\s+){0,3}?(?:away\s+from|clear\s+of)|discourag\w*\s+"
    r"(?:[\w-]+\s+){0,3}?from\s+(?:buying|ordering|using|purchasing))\b",
    re.IGNORECASE,
)
_NICKNAME_BEFORE = re.compile(r"(?:\bChina['’]s|\bthe\s+next)\s+[\"“‘']?$", re.IGNORECASE)
_NICKNAME_AFTER = re.compile(r"^[\"”’']?\s+of\s+China\b", re.IGNORECASE)
NICKNAME_COUNTRY = "CN"
# "fabricated at SMIC, not at Samsung": a negated tail that shares the clause's cue.
_NEGATED_TAIL = re.compile(r"not\s+(?:at|by|in|on|from|with|to|for)\b", re.IGNORECASE)
# "fabricated by TSMC, not SMIC": a bare name denied after a comma shares the cue too, when
# it is a value of the cue's topic (not "designed by Huawei, not Alibaba": no value).
# How many clauses back a contrast or a negated tail looks for the cue it shares.
_CUE_REACH = 3
_NEGATED_NAME = re.compile(r"not\s+(?-i:[A-Z])", re.IGNORECASE)
# "百度表示", "海光信息称": a Chinese attribution verb right after the speaker's name.
_CJK_SAYS = re.compile(r"(?:对此)?(?:予以)?(?:表示|称|宣布|透露|证实|回应|否认)")
# "Chief Executive Jensen Huang said": an officer speaks for the company the sentence names.
_OFFICER = re.compile(
    r"(?:Chief|CEO|CFO|CTO|COO|President|Chairman|Chairwoman|Vice|Executive|Spokes\w+|"
    r"Senior|Head|General Manager|Founder|Co-founder)\b"
)
# A person named with a title: "Chief executive Lisa Su", "Nvidia CFO Colette Kress",
# "Lisa Su, AMD's chief executive", "President Donald Trump".
_TITLES = (
    r"(?:(?:[Rr]otating|[Ee]xecutive|[Ss]enior|[Vv]ice) )*(?:[Cc]hief [Ee]xecutive(?: [Oo]fficer)?"
    r"|[Cc]hief [Ff]inancial [Oo]fficer|[Cc]hief [Tt]echnology [Oo]fficer|CEO|CFO|CTO|COO"
    r"|[Cc]hairman|[Cc]hairwoman|[Pp]resident|[Ff]ounder|[Cc]o-founder"
    r"|[Ss]pokes(?:person|man|woman))"
)
# (A Korean given name runs on in lower case after its hyphen: "Kim Woo-hyun".)
_PERSON = r"(?P<person>[A-Z][a-z]+(?:[ -][A-Z][a-z]+(?:-[a-z]+)?){1,2})"
_TITLED_PERSON = re.compile(
    rf"(?<![\w-])(?P<title>{_TITLES})\s+{_PERSON}\b"
    rf"|\b{_PERSON.replace('person', 'person2')},\s+(?:\w+['’]s\s+)?(?P<title2>{_TITLES})\b"
    # "the chief executive of AMD, Lisa Su"
    rf"|(?<![\w-])(?P<title3>{_TITLES}) of (?:[A-Z][\w&.-]*\s?){{1,3}},\s+"
    rf"{_PERSON.replace('person', 'person3')}\b"
)
# Titles that make a person speak for a company even when the company goes unnamed.
_OFFICER_TITLE = re.compile(
    r"(?:rotating |executive |senior |vice )?(?:chief executive(?: officer)?|chief financial "
    r"officer|chief technology officer|ceo|cfo|cto|coo|chairman|chairwoman|founder|co-founder"
    r"|spokes(?:person|man|woman))"
)
# Nobody on the record speaks: "a person familiar with…", "a former Samsung executive".
_UNNAMED_SPEAKER = re.compile(
    r"\b(?:person|people|sources?|insiders?|someone)\b[^,]{0,60}$|\b(?:former|ex-)\s?\w*"
    r"[^,]{0,40}\b(?:executive|employee|engineer|manager|official)s?\b[^,]{0,20}$",
    re.IGNORECASE,
)
ANONYMOUS = "\x00anonymous"
# An attribution's verb of telling, whose {name} is the one told ("told Reuters").
_TOLD = re.compile(r"(?:told|tells|telling)\s", re.IGNORECASE)
# A party's verb of telling someone ("has told suppliers"), which an outlet's report wins over.
_INSTRUCTED = re.compile(
    r"\b(?:told|tells|informed|informs|notified|notifies|ordered|instructed)\b"
)
# An outlet's verb of reporting right after its name: "…, The Information reported".
_REPORTED_AFTER = re.compile(r"\s+(?:reported|reports|wrote|writes|said|says)\b")
# A name inside a relative clause is its object: "analysts who follow the company told…".
_OBJECT_OF_CLAUSE = re.compile(r"\b(?:who|that|which)\s+(?:\w+\s+){1,2}$")


# A sentence's opening phrase, before its subject: "Founded in 2020 by former AMD engineers,".
# An employer named in an apposition, not a party to the sentence: "by former AMD
# engineers", "an ex-Samsung foundry executive told us", "a one-time Nvidia manager".
_PERSON_NOUN_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:[\w.&-]+\s+){0,2}?(?:engineers?|executives?|employees?|staff(?:ers)?"
    r"|researchers?|managers?|officials?|veterans?|heads?|chiefs?|bosses|boss|designers?"
    r"|founders?|directors?|scientists?|insiders?|workers?)\b",
    re.I,
)
# The company a person founded or runs, for "his company" in the sentences after: "before
# starting Moore Threads in 2020", "who founded Biren", "went on to set up MetaX".
_FOUNDED_BEFORE = re.compile(
    r"\b(?:(?:co-?)?found(?:ed|ing)|start(?:ed|ing)|set(?:ting)?\s+up|launch(?:ed|ing)"
    r"|(?:co-?)?founder\s+of|chief\s+executive\s+of|ceo\s+of|chairman\s+of)\s+(?:the\s+)?$",
    re.I,
)
# References to a person's company: "His company's chips", "the founder's firm".
_PERSONS_COMPANY = re.compile(
    r"(?:his|her|their|the\s+founder['’]s|the\s+founders['’])\s+(?:company|firm|startup)",
    re.I,
)
# A chip that shares what the clause gives its subject: "It would carry HBM, features the
# H20 also has", "a design the MI300X already uses": a yardstick, not the clause's chip.
_SHARED_BY = re.compile(
    r"\s+(?:also|already|likewise|too)\s+(?:has|have|had|uses|used|carries|carried|offers"
    r"|offered|supports|supported|features|featured)\b",
    re.I,
)
# The rest of a speaker's aside: "…, Google has said, …", "…, Nvidia says, …".
_SPEAKER_ASIDE_AFTER = re.compile(
    r"\s+(?:has\s+|have\s+|had\s+)?(?:said|says|say|told\s+\w+|added|noted|confirmed)\s*,",
    re.IGNORECASE,
)
# A copula right before a name: "the 910B is Huawei's …", "the H20 remains Nvidia's …".
_COPULA_BEFORE = re.compile(r"\b(?:is|was|are|were|remains|remained|became|becomes)$", re.I)
_OPENING_ASIDE = re.compile(
    r"\s*(?:Founded|Based|Backed|Spun off|Set up|Started|Like|Unlike|After|Before|Since|Despite"
    r"|Led|Formed)\b[^,]{0,80},"
)
# "SAN FRANCISCO, April 16 (Reuters) -": the wire that wrote the story.
_WIRE_DATELINE = re.compile(r"\((?P<wire>[A-Z][\w ]{1,30}?)\)\s*[-–—]{1,2}\s")
# A quotation closed and attributed: '"…," Nvidia said.', '"…," she told analysts.'
# The first person of a speaker, and a quotation's span (straight or curly marks).
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Uu]s|[Oo]ur|[Oo]urs)\b")
_QUOTED = re.compile(r"[\"“][^\"“”]{3,}[\"”]")
_QUOTE_ATTRIBUTION = re.compile(r"[,.?!][\"”]\s+[^\"“”]{0,60}?\b(?:said|says|told|added)\b")
# A source the story cited before, named again by what it is.
_CITED_SOURCE = re.compile(
    r"(?:[Tt]he|[Ii]ts)(?: own)?(?: annual| quarterly| semi-annual| interim)? (?P<kind>report"
    r"|story|article|newspaper|paper|magazine|publication|broadcast|table|prospectus|filing"
    r"|document|statement|results|presentation|listing|datasheet|spec sheet)"
)
# A company named as someone's former employer ("an ex-Samsung executive", "set up by
# former AMD engineers") is neither the sentence's subject nor what a later "it" refers to.
_FORMER_EMPLOYER = re.compile(r"\b(?:former|one-?time|ex-)\s*$", re.IGNORECASE)
# A relative clause after a list that speaks of every member: ", both of which", ", all of whom".
_ALL_OF_WHICH = re.compile(r"\s*,\s*(?:both|all|each)\s+of\s+(?:which|whom|them)\b", re.IGNORECASE)
# A clause opening on its verb, its subject left out after "and"/"but".
_SUBJECTLESS_PREDICATE = re.compile(
    r"(?:would|will|could|can|may|might|should|has|have|had|is|are|was|were|does|did|"
    r"offers|delivers|outperforms|beats|rivals|runs|performs|matches)\b"
)
_AND_BEFORE = re.compile(r",?\s+(?:and|but)\s+$")
# A research house named again by what it is: "the Canadian analysis firm".
_DESCRIBED_FIRM = re.compile(
    r"[Tt]he (?:[\w-]+ ){0,2}?(?:analysis|research|teardown|consulting|market[- ]research|"
    r"market[- ]intelligence|analytics) (?:firm|house|company|group|outfit|consultancy|specialist)"
)
# A Chinese prospectus ("招股书", "招股说明书"): the listing company's own, like "the prospectus".
_CJK_PROSPECTUS = re.compile(r"招股(?:说明)?书")
# "the spokesperson said": whoever's spokesperson spoke before; "its executives say".
_THE_SPOKESPERSON = re.compile(r"[Tt]he (?:company['’]s )?spokes(?:person|man|woman)")
_ITS_OFFICERS = re.compile(r"[Ii]ts \w+(?: \w+)?")
# A chip's listing on its maker's website is the maker's ("according to the listing").
_COMPANY_PAPERS = frozenset(
    {"prospectus", "filing", "document", "results", "presentation", "listing", "datasheet"}
)


# After the speaker's words, the writer's aside: "…, after Beijing discouraged purchases",
# "…, when U.S. rules cut it off", "…; we estimate …".
_WRITERS_AFTER = re.compile(
    r"[,;]\s*(?:after|when|since|whereas|though|although)\b|;\s*(?:we|our)\b",
    re.IGNORECASE,
)
# Before them: "Maia 200 is built for inference, and Microsoft says …".
_WRITERS_BEFORE = re.compile(r"[\s,]*(?:and|but)\s+$")
# "Baidu switches on a cluster, says it can train …": the origin span set at ", says" (see
# find_origin) leaves the clause before it to the writer.
_SUBJECT_LEFT_OUT = re.compile(r", (?:says|claims)\b")


def _writers_clause(text: str, said_at: tuple[int, int] | None, start: int, end: int) -> bool:
    """Whether a clause is the writer's, not the attribution's: joined to the speaker's words
    by "after/when/since…" or "; we …", or set before "…, and X says"; or an aside inside
    the attribution itself ("MetaX, which filed for a listing, has said")."""
    if said_at is None:
        return False
    said_start, said_end = said_at
    if said_end <= start:
        # The joining words may open the clause itself ("; we expect …").
        joins = _WRITERS_AFTER.finditer(text, said_end, min(len(text), start + 12))
        return any(join.start() <= start for join in joins)
    if end <= said_start:
        return bool(_WRITERS_BEFORE.fullmatch(text, end, said_start)) or bool(
            _SUBJECT_LEFT_OUT.match(text, said_start)
        )
    return said_start < start and end < said_end


def _named(match: re.Match[str]) -> str:
    """An attribution's {name}, bare: no possessive, article or trailing "of"."""
    name = match["name"].strip().rstrip(".,").removesuffix("’s").removesuffix("'s")
    name = re.sub(r"\s+(?:of|&)$", "", name)
    # A Title Case headline runs on into its verb: "Cambricon Says Reports …".
    name = re.split(r"\s+(?=(?:Says|Said|Reports|Reported|Tells|Told|Denies|Warns)\b)", name)[0]
    # "An Nvidia spokesperson said", "Rival SK hynix has said": the company.
    name = re.sub(r"^(?:An?|an?|Rivals?|Fellow)\s+(?=[A-Z])", "", name)
    # "Taiwan's International Trade Administration said": the agency, not the country.
    return re.sub(r"^[A-Z][\w.-]*['’]s\s+(?=[A-Z]\w*\s+[A-Z])", "", name)


# An opening comparison whose pronoun points ahead: "Unlike its HBM3E, Samsung's HBM4 …".
_CATAPHORA = re.compile(
    r"^(?:Unlike|Like|As with|Compared with|Compared to)\s+(?:its|their)\b[^,]{0,60},"
)
# What may stand before a sentence's subject pronoun that opens its main clause: who says
# it ("Analysts say it …", "Industry sources said that its …") or a short uncommaed
# opening ("By our count it …", "According to the filing it …").
_SAID_OPENING = re.compile(
    # Speakers in the plural only: "The bureau said it intends…" is the bureau's own "it".
    r"\s*(?:[\w’'-]+\s+){0,2}[\w-]+s\s+(?:say|said|claim|claimed|believe|believed|estimate|"
    r"estimated|reckon|note|noted|argue|argued|think|expect)(?:\s+that)?\s+"
    r"|\s*(?:By|In|According to)\s+(?:[\w’'-]+\s+){1,3}",
)
# A country, government or industry as a clause's subject: "China aims to triple its
# output", "Beijing wants …", "Chinese chipmakers as a group shipped …". Its plans and
# figures are policy or an industry's, no vendor's, even when a vendor is named further on
# ("… with new plants dedicated to Huawei"). "China's Huawei" stays Huawei: a possessive
# before a company is no such subject.
_COLLECTIVE_SUBJECT = re.compile(
    r"\s*(?:[^,;:.]{1,40},\s*)?(?:"
    r"(?:China|Beijing|Washington|Taipei|Seoul|Tokyo|the (?:US|U\.S\.|United States))"
    r"(?:\s+(?:government|administration))?"
    r"\s+(?:also\s+|now\s+|still\s+)?(?:aims|plans|wants|seeks|hopes|intends|targets|"
    r"is (?:aiming|planning|seeking|hoping|targeting|pushing|trying)|has (?:pledged|vowed))\b"
    r"|(?:Chinese|domestic|Korean|Japanese|Taiwanese|American|U\.?S\.?)\s+"
    r"(?:chipmakers|chip makers|chip designers|AI chip designers|chip firms|chip companies)"
    r"(?:\s+as a group)?\s+(?!such\b|including\b|like\b|led\b)[a-z]+)",
)
# A product the sentence refers back to ("the chip", "its dies", "these parts").
_PRODUCT_REFERENCE = re.compile(
    r"\b(?:the|its|their|these|those|that|this)\s+(?:chips?|dies|die|processors?|"
    r"accelerators?|parts?|GPUs?|NPUs?)\b",
    re.IGNORECASE,
)
# A model number after a product line's name: "Kunlun M100", "Ascend 920".
_MODEL_AFTER = re.compile(r"[\s-]+[A-Z]{0,3}\d")
# "the next Ascend", "a future TPU": a line's coming product.
_NEXT_BEFORE = re.compile(
    r"\b(?:next|next-generation|future|upcoming|forthcoming)\s+$", re.IGNORECASE
)
# "the 910 series", "its MI300 family": the chips whose model number starts so.
_SERIES = re.compile(r"(?<![\w-])(?P<number>[A-Z]{0,3}\d{3})(?:\s+|-)(?:series|family)\b")
# How many words a negated predicate ("not", "never") reaches.
BEFORE_WINDOW = 6
# How far into the story a new chip's name still names the story's chip (the title and
# this many sentences): a lead often describes "a new chip" for a paragraph or two first.
NAMING_REACH = 6
# How many sentences back a reference ("the company", "it") looks for its subject.
REFERENCE_REACH = 2
# References that name the kind of vendor they mean.
_KIND_OF_REFERENCE = {
    "foundry": "foundry",
    "foundries": "foundry",
    # "The U.S. memory maker said its HBM4 …": the memory maker just named, not the story's
    # designer.
    "memory maker": "memory",
    "memory chipmaker": "memory",
    "memory chip maker": "memory",
    "hbm maker": "memory",
    "dram maker": "memory",
}
_CORPORATE_SUFFIXES = frozenset(
    {
        "Inc",
        "Corp",
        "Corporation",
        "Co",
        "Ltd",
        "Limited",
        "Group",
        "Holdings",
        "Technologies",
        "Technology",
        "Electronics",
        "Platforms",
        "plc",
        "AG",
        "SA",
        "Company",
    }
)


@dataclass(frozen=True)
class Sentence:
    text: str
    heading: bool = False
    related: bool = False  # a link to another story: names its own subject, no anaphora


@dataclass(frozen=True)
class Subject:
    vendor: str
    chip: str | None = None


@dataclass
class ExtractedClaim:
    vendor: str
    chip: str | None
    topic: str
    polarity: str
    value: str
    statement: str
    quote: str
    origin: str
    confidence: float
    hedges: tuple[str, ...] = ()
    # Subject found in the claim's own clause (preferred when a sentence says it twice).
    local: bool = True
    headline: bool = False
    basis: dict[str, Any] = field(default_factory=dict)
    # The clause of the quote the claim was read from (offsets in the quote).
    clause: tuple[int, int] = (0, 0)
    # The chips of the product lines its sentence names for its vendor ("Huawei's Ascend
    # chips"), None when it names none: the article rules give it the main chip only of
    # those lines.
    family: frozenset[str] | None = None

    def key(self) -> tuple[str, str | None, str, str, str]:
        return (self.vendor, self.chip, self.topic, self.polarity, self.value.casefold())


@dataclass
class _Candidate:
    start: int
    end: int
    subject: Subject
    strong: bool
    anaphor: bool = False
    listed: bool = False  # one of an enumeration ("Huawei, Cambricon and MetaX")
    group: int = -1  # the enumeration it belongs to


@dataclass
class Catalogue:
    """What the extractor knows of vendors and chips: display names and the tagger."""

    tagger: MentionTagger
    vendor_names: dict[str, str] = field(default_factory=dict)
    chip_names: dict[str, str] = field(default_factory=dict)
    chip_vendors: dict[str, str] = field(default_factory=dict)
    # Vendor.kind by slug ("designer", "foundry", "memory", …): a foundry or a memory maker
    # named in a sentence is usually a supplier, not the subject of a chip's claim.
    vendor_kinds: dict[str, str] = field(default_factory=dict)
    # Vendor.country by slug (ISO code): "relies on HBM from Samsung" is a foreign supply
    # for a Chinese designer.
    vendor_countries: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SentenceFacts:
    """What one sentence says before any topic rule looks at it: who is named, in which
    role, which chips it names itself (not through "it" or "the chip")."""

    text: str
    heading: bool
    candidates: list[_Candidate]
    named_chips: frozenset[str]
    # Where a vendor is named as a topic's value ("made by Samsung", "HBM from SK Hynix").
    value_spans: tuple[tuple[int, int], ...] = ()

    @property
    def first_vendor(self) -> str | None:
        """The vendor the sentence opens with, its grammatical subject most often: the
        first name or reference that is not an object ("The chips use HBM2E made by
        Samsung" opens with the chips, not with Samsung)."""
        for candidate in sorted(self.candidates, key=lambda c: c.start):
            if candidate.strong:
                return candidate.subject.vendor
        return None


def negation_reaches(
    negations: list[Match],
    topic: str,
    cues: list[Match],
    values: list[Match],
    clause: str,
    lexicon: Lexicon,
) -> bool:
    """Whether one of the clause's negations has the claim (its cue or value) in scope.

    A denial ("denied", "does not hold up") reaches the whole clause; a negated predicate
    ("not", "never") what follows it in the clause; a local one
    ("without", "no") only its next few words; a verb of stopping ("suspended") only the
    topics that can stop (shipping, orders, development), wherever it stands."""
    parts = [*cues, *values]
    if not parts:
        return False
    for negation in negations:
        if any(
            _overlap(negation, v) and (v.label == "banned" or topic == "performance")
            for v in values
        ):
            # The negation word is the ban itself ("was cut off from TSMC") or the
            # comparison ("falls short of the H100"), not a denial of it. (Other values
            # hold their negation on purpose: "halt production", "awaiting approval", "has
            # not supplied".)
            continue
        if negation.label in {"stop", "local"}:
            if negation.label == "stop" and topic in lexicon.negation_stop_topics:
                return True
            window = _WORD.finditer(clause, negation.end)
            words = [w for _, w in zip(range(lexicon.negation_local_window), window, strict=False)]
            reach = words[-1].end() if words else negation.end
            # What it governs is the claim's value ("without TSMC"), or its cue when the
            # topic has none; another cue nearby ("without EUV lithography") is not it. A
            # verb of stopping governs its object ("halted manufacturing of the 910B").
            governed = parts if negation.label == "stop" else (values or cues)
            if any(negation.end <= part.start < reach for part in governed):
                return True
        elif negation.label == "before":
            # It reaches the predicate right after it ("have not shipped any H20"), not a
            # phrase further on ("… based on those licences").
            window = _WORD.finditer(clause, negation.end)
            words = [w for _, w in zip(range(BEFORE_WINDOW), window, strict=False)]
            reach = words[-1].end() if words else negation.end
            if any(part.start < reach and part.end > negation.start for part in parts):
                return True
        else:
            return True
    return False


# A plan or a schedule, not a stage reached: "will ship", "plans to", "due in", "next year".
_PLAN = re.compile(
    r"\b(?:will|would|plans? to|planned|planning to|expected to|expects? to|hopes? to|aims? to"
    r"|intends? to|set to|due (?:in|by|out)|on schedule|next (?:year|month|quarter)"
    r"|later this year|readies"
    # A schedule: "both scheduled to ship in 2H26", "volume production pencilled in for June".
    r"|(?<!as )scheduled|slated|pencil+ed in|on track to|on course to)\b|将|计划"
    # A stage pushed out is a delay: "pushing mass production into 2026".
    r"|\bpush(?:es|ed|ing)?\s+(?:back\s+)?(?:[\w-]+\s+){0,3}?(?:into|to|until)\s+(?:20\d\d|next)\b",
    re.IGNORECASE,
)
AVAILABILITY_STAGES = frozenset({"testing", "sampling", "shipping", "mass production"})
# Headline style writes the future as a bare infinitive after its subject: "Huawei to
# mass-produce Ascend 910C in Q1", "Nvidia to resume H20 shipments", "…clears tests, to
# ship for GB300". Only after a verb of starting is the stage reached ("begins to ship").
_HEADLINE_INFINITIVE = re.compile(
    r"(?:(?P<before>[\w'’.-]+)\s+|[,;:]\s*)to\s+(?:start|begin|resume|ship|sample|test|deliver"
    r"|supply|sell|make|produce|mass[- ]produce|roll out|ramp|put)\b",
    re.IGNORECASE,
)
_STARTING = frozenset(
    {
        "begin",
        "begins",
        "began",
        "beginning",
        "start",
        "starts",
        "started",
        "starting",
        "continue",
        "continues",
        "continued",
        "continuing",
    }
)


# What parts a plan word from a stage it does not govern: a relative clause ("a fraction of
# the 1mn H20s that Nvidia shipped"), a comma ("are sampling now, with general availability
# planned for Q3"), a semicolon or a dash.
_PREDICATE_BREAK = re.compile(
    r"[,;:(\u2013\u2014]|\b(?:that|which|who|whose|when|where|after|before|while|but|whereas)\b",
    re.IGNORECASE,
)
# After the stage, a new predicate joined by "and" is one more ("has sent HBM4 samples to
# Nvidia and aims to begin mass production": the samples are sent).
_AND = re.compile(r"\band\b", re.IGNORECASE)


def plan_governs(clause: str, stages: list[tuple[int, int]]) -> bool:
    """Whether a plan word of the clause is said of one of its stages (clause offsets): in
    the same predicate, before it ("will begin shipping", "hopes to deliver samples") or
    after it ("mass production is scheduled for next year"). No offsets, or Chinese (no
    word breaks to read): any plan word of the clause."""
    if not stages or _has_cjk(clause):
        return bool(_PLAN.search(clause))
    for plan in _PLAN.finditer(clause):
        for start, end in stages:
            if plan.end() <= start:
                if not _PREDICATE_BREAK.search(clause, plan.end(), start):
                    return True
            elif plan.start() >= end:
                between = clause[end : plan.start()]
                if not _PREDICATE_BREAK.search(between) and not _AND.search(between):
                    return True
            else:
                return True  # the stage is the plan ("readies mass production")
    return False


def _headline_plan(clause: str) -> bool:
    return any(
        (m["before"] or "").casefold() not in _STARTING
        for m in _HEADLINE_INFINITIVE.finditer(clause)
    )


# Background the article recalls only to doubt it: "That does not sit comfortably with
# reports earlier this year that SMIC's N+2 node was making the 910C", "the teardown
# contradicts claims that …". What the reports said is no claim of the article's. "Refutes"
# is left out: the lexicon reads it as a denial, so "Huawei refuted reports that TSMC made
# the 910B" is Huawei denying TSMC, a claim of its own.
_DOUBTED_REPORT = re.compile(
    r"\b(?:(?:does|do|did)\s+not\s+sit\s+(?:comfortably|well|easily)|sits?\s+(?:uneasily|awkwardly)"
    r"|(?:is|are|was|were)\s+at\s+odds|contradicts?|contradicted|cast(?:s|ing)?\s+doubt\s+on"
    r"|undercuts?|undermines?|undermined|runs?\s+counter\s+to|ran\s+counter\s+to|call(?:s|ed)?\s+into\s+question"
    r"|(?:is|are|was|were)\s+(?:hard|difficult)\s+to\s+(?:square|reconcile)|challenges?|challenged|debunks?|debunked)"
    r"\s+(?:with\s+)?(?:the\s+|those\s+|some\s+|earlier\s+|previous\s+|prior\s+|recent\s+)*"
    r"(?:reports?|claims?|accounts?|suggestions?|speculation|rumou?rs?|assertions?)\b(?:[^.;]{0,40}?\bthat\b)?",
    re.IGNORECASE,
)


# A delay denied: "dismissed reports that the MI450 had slipped", "brushed off talk that it
# is running late", "swats away delay talk", "denied any delay", "is not delayed".
_DELAY_DENIED = re.compile(
    r"(?<!not\s)(?<!n[’']t\s)(?<!never\s)"
    r"\b(?:den(?:y|ies|ied|ying)|dismiss(?:es|ed|ing)?|reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)"
    r"|brush(?:es|ed|ing)?\s+off|swat(?:s|ted|ting)?\s+away|push(?:es|ed|ing)?\s+back\s+on"
    r"|shrug(?:s|ged|ging)?\s+off|play(?:s|ed|ing)?\s+down)\s+(?:[\w'’-]+\s+){0,8}?"
    r"(?:delay(?:s|ed)?|slip(?:s|ped|page)?|slipping|running\s+late|behind\s+schedule"
    r"|postpone(?:d|ment)?|pushed\s+(?:back|out))\b"
    r"|\b(?:not|never|no|n[’']t)\s+(?:been\s+|be\s+|any\s+)?(?:delayed|slipped|a\s+delay|delay)\b",
    re.IGNORECASE,
)


def availability_or_plan(
    value: str,
    polarity: str,
    clause: str,
    heading: bool = False,
    stages: list[tuple[int, int]] | None = None,
    delay_denied: bool = False,
) -> str | None:
    """The topic of an availability reading: availability is a stage reached (or denied:
    "has not shipped", "halts production"); a plan, a schedule, a launch date or a delay
    ("will ship in Q3", "due in 2026", "has slipped into 2026", a headline's "Huawei to
    mass-produce the 910C") is development, the chip on its way (docs/vocabulary.md).
    None: a denied date or delay says nothing. `stages`: where the clause names the stage;
    a plan word elsewhere in the clause ("That would be a fraction of the H20s Nvidia
    shipped") is about something else. `delay_denied`: the sentence denies a delay ("AMD
    dismissed reports that the MI450 had slipped and said it ships in Q3"), so its schedule
    is the stage affirmed, to meet the report of the delay (a `shipping` denial)."""
    if value not in AVAILABILITY_STAGES:
        return "development" if polarity == "affirm" else None
    if (
        polarity == "affirm"
        and not delay_denied
        and (plan_governs(clause, stages or []) or (heading and _headline_plan(clause)))
    ):
        return "development"
    return "availability"


# ---------------------------------------------------------------------------------------
# Rules over a sentence's facts: each takes one candidate claim and keeps, changes or
# drops it (None). They run in order, after the topic lexicons proposed the claims.

CHIP_LEVEL_TOPICS = frozenset(
    {
        "development",
        "workload",
        "manufacturing",
        "memory",
        "performance",
        "software",
        "availability",
    }
)
VENDOR_LEVEL_TOPICS = frozenset({"business", "supply_chain"})
# Chip-level topics a chipless claim may take the main chip for. Not development (a chip in
# development that the story does not name is a new one: "a fourth-generation Trainium")
# nor software (a stack serves every chip of its vendor: "ROCm 7 adds PyTorch support").
MAIN_CHIP_TOPICS = CHIP_LEVEL_TOPICS - {"development", "software"}
SUPPLIER_KINDS = frozenset({"foundry", "memory"})


def rule_supplier_is_no_chip_subject(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A foundry or memory maker makes no chip-level claim of its own without a chip:
    "SK Hynix supplies the HBM3E of the B300" is the B300's memory, "Samsung's HBM4 uses a
    4nm die" is a supplier's product. Only its own availability news, when it opens the
    sentence ("SK Hynix began mass production of HBM4", "TSMC started volume production
    on N2"), and a memory maker's speed figures, stay; but what a foundry ships or stops
    shipping is its customers' chips ("TSMC to stop shipping advanced AI chips to Chinese
    customers" is a ban)."""
    if claim.chip or claim.topic not in CHIP_LEVEL_TOPICS:
        return claim
    kind = catalogue.vendor_kinds.get(claim.vendor)
    if kind not in SUPPLIER_KINDS:
        return claim
    if claim.topic == "availability" and kind == "foundry" and claim.value == "shipping":
        return None
    # A memory maker's own stacks' speed ("Micron says its HBM4 exceeds 2TB/s") is its
    # product's performance, when it opens the sentence and states a figure (not "Rival
    # SK hynix", "trailed SK hynix": a rival named).
    own_figure = kind == "memory" and claim.topic == "performance" and _DIGIT.search(claim.value)
    own_news = claim.topic in {"availability", "development"} or own_figure
    if own_news and facts.first_vendor == claim.vendor:
        return claim
    return None


# A figure about one product (a charge for it, its orders, units of it) names that chip; a
# figure about the company (revenue, a market share, capacity) does not.
_CHIP_FIGURE = re.compile(
    r"\b(?:charges?|hit|write-?downs?|writ(?:e|es|ing) off|inventory|orders?|ordered|units|"
    r"shipments|shipped|sold)\b",
    re.IGNORECASE,
)
_COMPANY_FIGURE = re.compile(
    r"\b(?:revenue|sales of \$|market share|share of|capacity|profits?|earnings|guidance|"
    r"buybacks?|valuation|funding|IPO|stake)\b",
    re.IGNORECASE,
)


def rule_vendor_level_topics_name_their_chip(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """Supply-chain claims are the vendor's, never a chip's (docs/vocabulary.md). A business
    figure keeps a chip when its clause names it ("100,000 of the 910C processors", "orders
    worth $16 billion for the chip"), or when it is about one product and the sentence
    names just that one chip of the vendor ("a $5.5 billion charge after … sales of its
    H20 now require a licence"); a company's figure (revenue, a market share) is chipless."""
    if claim.topic == "supply_chain":
        claim.chip = None
    elif claim.chip and claim.basis.get("counted_chip") == claim.chip:
        return claim
    elif claim.topic in VENDOR_LEVEL_TOPICS and claim.chip:
        start, end = claim.clause
        end = end or len(facts.text)
        in_clause = {
            c.subject.chip for c in facts.candidates if c.subject.chip and start <= c.start < end
        }
        named = {
            c.subject.chip
            for c in facts.candidates
            if c.subject.chip and not c.anaphor and c.subject.vendor == claim.vendor
        }
        clause = facts.text[start:end]
        about_one_product = (
            _CHIP_FIGURE.search(clause)
            and not _COMPANY_FIGURE.search(clause)
            and named <= {claim.chip}
        )
        if claim.chip not in in_clause and not about_one_product:
            claim.chip = None
        elif claim.chip in in_clause and len(named) > 1 and not about_one_product:
            # "$500 billion of Blackwell and Rubin orders": several chips, the company's.
            claim.chip = None
    return claim


_POSSESSIVE = re.compile(r"['’]s?\b")


def relative_antecedent(candidates: list[_Candidate], start: int, text: str) -> Subject | None:
    """The name a ", which …" clause starting at `start` hangs on: a relative pronoun
    stands for the noun right before its comma ("AMD's MI350 series, which …" is the
    MI350; "SK hynix makes the memory for Nvidia's B300, which began shipping" is the
    B300's shipping, not SK hynix's). None when the clause opens otherwise."""
    opening = _RELATIVE_CLAUSE_START.search(text, 0, start)
    if opening is None:
        return None
    named = [c for c in candidates if not c.anaphor and c.end <= opening.start()]
    if named and _ANTECEDENT_TAIL.fullmatch(text, named[-1].end, opening.start()):
        return named[-1].subject
    return None


def rule_customer_in_a_supplier_sentence(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """When a memory maker or foundry is the sentence's subject ("Samsung's HBM3E passed
    Nvidia's qualification tests", "Micron supplies HBM3E for the B300"), its customer
    gets a memory claim only for a chip the claim's clause names, and none of the supplier's
    own news (its sampling, testing, shipping) becomes the customer's."""
    first = facts.first_vendor
    kinds = catalogue.vendor_kinds
    if first is None or first == claim.vendor or kinds.get(first) not in SUPPLIER_KINDS:
        return claim
    if kinds.get(claim.vendor) in SUPPLIER_KINDS:
        return claim
    if claim.topic == "business":
        # "SK hynix remains Nvidia's main HBM supplier", "Samsung passed Nvidia's tests and
        # received purchase orders", "Micron supplies HBM3E for the GB300, and it expects its
        # HBM share to…": the supplier's standing, orders and share, not its customer's, when
        # the customer is named only as an owner ("Nvidia's") or through its chip. ("TSMC
        # said Nvidia ordered 300,000 H20s": Nvidia acts, and keeps its claim.)
        text = facts.text
        acting = [
            c
            for c in facts.candidates
            if c.subject.vendor == claim.vendor
            and not c.subject.chip
            and not c.anaphor
            and not _POSSESSIVE.match(text, c.end)
        ]
        counted = _BOUGHT_COUNT.search(claim.value) and any(
            span.vendor_slug == claim.vendor for span in catalogue.tagger.spans(claim.value)
        )
        if acting or counted:
            # (A count of the customer's own chips stays the customer's: "2.9 million
            # Ascend dies from TSMC".)
            return claim
        return _moved_to(claim, Subject(first), catalogue)
    if claim.topic == "memory":
        if claim.chip not in facts.named_chips:
            return None
        # "Micron supplies HBM3E for the B300 and has started sampling HBM4": the clause
        # that names no chip is the supplier's own product news, not the chip's memory.
        start, end = claim.clause
        # (A tail sharing the clause before it, "… SK hynix HBM, not CXMT stacks", names
        # the chip there.)
        start = claim.basis.get("tail_of_clause", start)
        in_clause = not end or any(
            c.subject.chip == claim.chip and not c.anaphor and start <= c.start < end
            for c in facts.candidates
        )
        return claim if in_clause else None
    if claim.basis.get("due_chip"):
        return claim  # "… goes into Nvidia's Rubin GPUs, due in 2026": Rubin's schedule
    if claim.topic in CHIP_LEVEL_TOPICS - {"manufacturing"}:
        # ("Samsung supplies HBM3E for AMD's MI350 series, which began shipping in June":
        # a relative clause about the customer's chip is that chip's own news.)
        antecedent = relative_antecedent(facts.candidates, claim.clause[0], facts.text)
        own = antecedent and antecedent.vendor == claim.vendor
        return claim if own and antecedent.chip in {None, claim.chip} else None
    return claim


# A figure of many chips at one site, not of the chip: "Together the chips deliver 3,579
# petaflops", "the operator aims for 20,000 petaflops when the centre is complete".
# Hardware named by its maker: "Nvidia hardware", "Huawei's Ascend chips", "Nvidia GPUs".
_HARDWARE_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:(?:(?-i:[A-Z0-9][\w-]*)|AI|high-end|advanced|latest|newest|new|older|"
    r"graphics|data-cent(?:er|re)|server|training|inference)\s+){0,2}?(?:hardware|GPUs?|chips?|"
    r"chipsets?|accelerators?|processors?|kit|cards?|servers?|silicon|parts|TPUs?)\b",
    re.IGNORECASE,
)
# A company's own hardware, named without a model: "its own TPUs", "its in-house chips".
_OWN_HARDWARE = re.compile(
    r"\b(?:its|their|our)\s+(?:[\w-]+\s+){0,2}?(?:own|in-house|self-developed|homegrown|"
    r"home-grown|custom)\s+(?:[\w-]+\s+){0,2}?(?:chips?|accelerators?|processors?|GPUs?|"
    r"TPUs?|silicon|parts)\b",
    re.IGNORECASE,
)
# Models a company trains or serves: its AI work, not what a chip is for.
_MODELS = re.compile(r"\bmodels?\b", re.IGNORECASE)
# Hardware a buyer holds without naming its maker: "enough high-end chips", "a stockpile
# of imported graphics processors".
_UNNAMED_HARDWARE = re.compile(r"\b(?:chips|GPUs|processors|accelerators|hardware)\b")
HARDWARE_MAKER_KINDS = frozenset({"designer", "idm", "cloud"})
BUYER_KINDS = frozenset({"cloud"})


def rule_a_buyers_work_on_anothers_chips_is_the_chips(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A cloud company at work on another maker's hardware ("Meta uses Nvidia GPUs to
    train its Llama models", "Tencent is testing servers based on Huawei's Ascend 910C for
    inference") says what that hardware is for and that it is being tested: the workload
    and the availability are the hardware's (docs/vocabulary.md: a customer's models on a
    chip are the chip's workload, chipless on the vendor when no chip is named), not the
    buyer's. A buyer that trains its models on chips it does not name ("enough high-end
    chips to keep training AI models") says nothing about any chip's purpose. A company at
    work on its own chips ("Google trains Gemini on its own TPUs") keeps its claim."""
    if claim.topic not in {"workload", "availability"} or claim.chip is not None:
        return claim
    kinds = catalogue.vendor_kinds
    if kinds.get(claim.vendor) not in BUYER_KINDS:
        return claim
    text = facts.text
    own = [
        c
        for c in facts.candidates
        if c.subject.vendor == claim.vendor
        and not c.anaphor
        and (c.subject.chip or _HARDWARE_AFTER.match(text, c.end))
    ]
    if own or _OWN_HARDWARE.search(text):
        return claim
    start, end = claim.clause
    end = end or len(text)
    makers: dict[str, set[str]] = {}
    for c in facts.candidates:
        vendor = c.subject.vendor
        if vendor == claim.vendor or c.anaphor or kinds.get(vendor) not in HARDWARE_MAKER_KINDS:
            continue
        if not start <= c.start < end:
            continue  # "… to keep training AI models as US curbs H20 sales": another clause
        if c.subject.chip:
            makers.setdefault(vendor, set()).add(c.subject.chip)
        elif _HARDWARE_AFTER.match(text, c.end):
            makers.setdefault(vendor, set())
    if len(makers) == 1:
        ((vendor, chips),) = makers.items()
        chip = next(iter(chips)) if len(chips) == 1 else None
        moved = _moved_to(claim, Subject(vendor, chip), catalogue)
        if chip is None:
            # "Nvidia hardware", "Nvidia GPUs": all its hardware, not the story's one chip.
            moved.basis["makers_hardware"] = True
        return moved
    if (
        not makers
        and claim.topic == "workload"
        and _MODELS.search(text)
        and _UNNAMED_HARDWARE.search(text)
        and not _names_a_model_of_its_own(facts)
    ):
        return None
    return claim


def _names_a_model_of_its_own(facts: SentenceFacts) -> bool:
    """A model number the catalogue does not know ("would launch the M100"): the company's
    own new chip, most often."""
    known = [(c.start, c.end) for c in facts.candidates if c.subject.chip and not c.anaphor]
    return any(
        not _NOT_A_MODEL.match(model[0])
        and not any(start <= model.start() < end for start, end in known)
        for model in _UNKNOWN_MODEL.finditer(facts.text)
    )


_FLEET_FIGURE = re.compile(
    r"\btogether,?\s+(?:the|these|those|its|their)\s+(?:[\w-]+\s+)?"
    r"(?:chips|accelerators|GPUs|processors|cards|units|servers)\b"
    r"|\b(?:the|an?)\s+(?:operator|carrier|(?:data|computing|compute)\s+cent(?:re|er)|centre|"
    r"center|site|campus|fleet)\b",
    re.IGNORECASE,
)


# A comparison that turns to a yardstick: "fabbed by TSMC on its 5nm process, a jump from
# the 7nm node used for Gaudi 2", "made on 3nm, compared with 5nm for the MI300X".
_TURN_TO_YARDSTICK = re.compile(
    r",\s*(?:a\s+(?:jump|step|move|shrink|leap)\s+(?:up\s+|down\s+)?from|up\s+from|down\s+from|"
    r"compared\s+(?:with|to)|versus|vs\.?|against|unlike|whereas|while)\b",
    re.IGNORECASE,
)


def rule_a_yardsticks_chip_keeps_only_its_own_values(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A chip named only after a turn to a comparison is the yardstick: "Each die is fabbed
    by TSMC on its 5nm process, a jump from the 7nm node used for Gaudi 2" says 7nm of the
    Gaudi 2, and TSMC and 5nm of the chip the story is about (unnamed here: the article's
    main chip, else none)."""
    if claim.topic not in {"manufacturing", "memory"} or not claim.chip or not claim.value:
        return claim
    text = facts.text
    turn = _TURN_TO_YARDSTICK.search(text)
    if turn is None:
        return claim
    named = [c.start for c in facts.candidates if c.subject.chip == claim.chip and not c.anaphor]
    if not named or min(named) < turn.end():
        return claim
    value = re.escape(claim.value)
    before = re.search(value, text[: turn.start()], re.IGNORECASE)
    after = re.search(value, text[turn.end() :], re.IGNORECASE)
    if before is None or after is not None:
        return claim
    claim.basis["chip_from"] = "a yardstick's chip left out"
    return replace(claim, chip=None)


def rule_a_sites_total_is_no_chips_performance(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A site's total compute is what many chips add up to where they are deployed, not
    what the chip delivers: "China Unicom deployed 16,384 PPUs. Together the chips deliver
    3,579 petaflops, and the operator aims for 20,000 petaflops when the centre is
    complete." Nor is a figure of the data centre business ("The Data Center segment
    contributed $39.1 billion, 10% more than in the prior quarter"). A vendor's own system
    stays ("a CloudMatrix 384 delivers 300 petaflops")."""
    if claim.topic != "performance" or not _DIGIT.search(claim.value):
        return claim
    start, end = claim.clause
    clause = facts.text[start:end] if end else facts.text
    return None if _FLEET_FIGURE.search(clause) else claim


# The memory's own bandwidth, said with its capacity or type: "216GB of HBM3E memory
# delivering 7 terabytes per second", "144GB of HiZQ 2.0 with 4 TB/s of bandwidth".
_MEMORY_BANDWIDTH = re.compile(
    r"(?:\bmemory|\bHBM\w*|\bGDDR\w*|\bLPDDR\w*|\bHi[A-Z]{2} ?\d(?:\.\d)?|\d\s?GB)\s+"
    r"(?:(?:memory|stacks?)\s+)?(?:with|delivering|running at|at|offering|providing|giving)\s+"
    r"(?:up to\s+|more than\s+|over\s+)?(?P<figure>\d[\d,.]*\s?(?:TB|GB)(?:/s|/sec|ps)\b|"
    r"\d[\d,.]*\s(?:terabytes|gigabytes) per second)",
    re.IGNORECASE,
)


def rule_memory_bandwidth_is_the_memorys(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """The bandwidth of a chip's memory, given with its capacity or type ("216GB of HBM3E
    memory delivering 7 terabytes per second"), describes the memory the chip carries, not
    a speed of the chip (its compute or its links: "700GB/s of chip-to-chip bandwidth"
    stays). A memory maker's figures for its own stacks stay too."""
    if claim.topic != "performance" or catalogue.vendor_kinds.get(claim.vendor) == "memory":
        return claim
    start, end = claim.clause
    clause = facts.text[start:end] if end else facts.text
    figures = {
        re.sub(r"\s", "", m["figure"]).casefold() for m in _MEMORY_BANDWIDTH.finditer(clause)
    }
    if not figures:
        return claim
    parts = claim.value.split(", ")
    kept = [p for p in parts if re.sub(r"\s", "", p).casefold() not in figures]
    if len(kept) == len(parts):
        return claim
    if not kept:
        return None
    return replace(claim, value=", ".join(kept))


def rule_a_yardstick_is_not_the_subject(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """ "Half the raw compute of the B300": the chip inside a comparison is what the
    subject is measured against, not the subject (which may be the article's main chip)."""
    if claim.topic != "performance" or not claim.value:
        return claim
    spans = catalogue.tagger.spans(claim.value)
    if any(s.chip is None and s.vendor_slug == claim.vendor for s in spans):
        # "Chinese processors still trail Nvidia's", "beats Nvidia's A800": the vendor
        # named inside the comparison is the yardstick, never the claim's subject.
        return None
    inside = {s.chip.slug for s in spans if s.chip is not None}
    if claim.chip in inside:
        claim.basis["yardstick"] = claim.chip
        claim.chip = None
    return claim


# A memory product's own availability: "CXMT delivered HBM3 samples to Huawei", "total HBM
# shipments", "shipping 12-layer HBM3E to Nvidia", "mass production of HBM4".
_MEMORY_PRODUCT_AVAILABILITY = re.compile(
    r"\b(?:HBM\w*|DRAM|high[- ]bandwidth memory)(?:\s[\w-]+){0,2}\s"
    r"(?:samples?|shipments?|deliveries)\b"
    r"|\b(?:sampl\w*|ship(?:s|ped|ping)?|deliver\w*|(?:mass |volume )?production)\s(?:of\s)?"
    r"(?:[\w-]+\s){0,2}(?:HBM\w*|DRAM)\b"
    # "CXMT's HBM3 will not ship in volume": the memory is what ships.
    r"|\b(?:HBM\w*|DRAM)\s(?:(?:will|would|could|has|have|had|did|does|is|are|not|yet|to|be|n[’']t)\s)"
    r"{0,3}(?:ship|ships|shipped|shipping|sample|sampled|sampling)\b"
    # "CXMT's HBM3 has not yet passed Huawei's qualification": the memory is what is tested.
    r"|\b(?:HBM\w*|DRAM)\s(?:(?:has|have|had|not|yet|n[’']t)\s){0,3}(?:passed|cleared|failed)\s"
    r"(?:[\w'’-]+\s){0,2}(?:qualification|tests?)\b",
    re.IGNORECASE,
)


def _availability_value(claim: ExtractedClaim) -> str | None:
    """The availability value a claim was read from, also when the reading became a plan
    (development): "would ramp HBM4 production" is still a production claim to check."""
    if claim.topic == "availability":
        return claim.value
    return claim.basis.get("availability_value")


def rule_memory_availability_is_the_memory_makers(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """Samples, shipments or production of HBM are the memory maker's news, never the
    customer's: "CXMT has delivered HBM3 samples to Huawei" says nothing of when a Huawei
    chip samples or ships."""
    if _availability_value(claim) is None or catalogue.vendor_kinds.get(claim.vendor) == "memory":
        return claim
    start, end = claim.clause
    clause = facts.text[start:end] if end else facts.text
    return None if _MEMORY_PRODUCT_AVAILABILITY.search(clause) else claim


# The memory itself at a stage, its maker's news even when a customer's chip is named:
# "its HBM3E 12-high stacks are now shipping in volume to AMD for the MI355X".
_PRODUCT_AT_A_STAGE = re.compile(
    r"\b(?:HBM\w*|stacks|memory|DRAM)\s+(?:[\w-]+\s+){0,2}?(?:is|are|has been|have been)\s+"
    r"(?:now\s+|already\s+)?(?:shipping|sampling|in (?:volume|mass) production)\b",
    re.IGNORECASE,
)


def rule_memory_shipped_for_a_chip_is_the_chips_memory(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A memory maker shipping its stacks for a named chip says what memory the chip uses
    (the chip's memory claim), not where the maker's product stands: "Micron, which was
    first to ship HBM3E for the H200", "it continues to ship HBM3 for the H20", "is now
    shipping HBM3E to AMD for the MI350 series". Its own news names no chip of another
    maker in the clause ("began shipping HBM4 samples to Nvidia and AMD") or has the
    memory itself at the stage ("its HBM3E stacks are shipping in volume for the MI355X")."""
    if claim.chip or _availability_value(claim) is None:
        return claim
    if catalogue.vendor_kinds.get(claim.vendor) != "memory":
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    if _PRODUCT_AT_A_STAGE.search(facts.text, start, end):
        return claim
    for candidate in facts.candidates:
        chip = candidate.subject.chip
        in_clause = chip and not candidate.anaphor and start <= candidate.start < end
        if in_clause and catalogue.chip_vendors.get(chip) != claim.vendor:
            return None
    return claim


# Chips of a maker as the clause's object: "have all tested Huawei's chips", "uses Enflame's
# accelerators for inference".
_OWNERS_CHIPS = re.compile(
    r"['’]s?\s+(?:[\w-]+\s+){0,2}?(?:chips?|accelerators?|processors?|GPUs?|cards?|parts|"
    r"hardware|silicon)\b"
)
_BUYER_TOPICS = frozenset({"availability", "workload"})


def rule_a_buyers_use_is_the_makers_chips(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A company testing, deploying or using another maker's chips speaks of those chips:
    "Alibaba, Baidu and Tencent have all tested Huawei's chips" is Huawei's chips in
    testing, "Tencent uses Enflame's accelerators mainly for inference" Enflame's workload
    (docs/vocabulary.md: a customer's use is the chip's), not the buyer's own chips."""
    if claim.chip or claim.topic not in _BUYER_TOPICS:
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    owners = []
    for candidate in facts.candidates:
        if candidate.anaphor or candidate.subject.chip or not start <= candidate.start < end:
            continue
        if _OWNERS_CHIPS.match(facts.text, candidate.end):
            owners.append(candidate.subject.vendor)
    if len(set(owners)) != 1 or owners[0] == claim.vendor:
        return claim
    return _moved_to(claim, Subject(owners[0]), catalogue)


# Memory as what is developed: "while it develops its own high-bandwidth memory", "HBM it
# developed itself", "CXMT is developing HBM3 for domestic AI accelerators".
_MEMORY_DEVELOPED = re.compile(
    r"\bdevelop(?:s|ed|ing)?\s+(?:(?:its|their)\s+own\s+|in-house\s+|[\w.-]+\s+){0,2}?"
    r"(?:HBM\w*|high[- ]bandwidth\s+memory|memory|DRAM)\b"
    r"|\b(?:HBM\w*|memory|DRAM)\s+(?:(?:that|which)\s+)?(?:it|they|[A-Z][\w-]+)\s+(?:has\s+|had\s+)?"
    r"developed\b",
    re.IGNORECASE,
)
# Other wording of a chip's development left in the clause once the memory is set aside.
_CHIP_DEVELOPMENT_WORDS = re.compile(
    r"\b(?:develop\w*|launch\w*|unveil\w*|roadmap|next-gen\w*|successor|tap\w*[- ]out)\b",
    re.IGNORECASE,
)


def rule_memory_developed_is_no_chip_development(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """Developing memory is the development of a memory product, not of a chip: "Huawei
    still relies on Samsung's HBM2E for the 910C, while it develops its own high-bandwidth
    memory" says nothing of a Huawei chip in development (its memory is the memory topic's).
    A memory maker's development of its stacks ("SK hynix has completed development of
    HBM4") is its own news and stays."""
    if claim.topic != "development" or catalogue.vendor_kinds.get(claim.vendor) == "memory":
        return claim
    start, end = claim.clause
    clause = facts.text[start:end] if end else facts.text
    if not _MEMORY_DEVELOPED.search(clause):
        return claim
    rest = _MEMORY_DEVELOPED.sub(" ", clause)
    return claim if _CHIP_DEVELOPMENT_WORDS.search(rest) else None


_MEMORY_WORDS = re.compile(r"\b(?:HBM\w*|memory|DRAM|GDDR\w*|LPDDR\w*|stacks?|NAND)\b", re.I)


def rule_a_suppliers_development_is_its_memorys(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """Development is a chip's (docs/vocabulary.md); a supplier has none of its own but its
    memory's. A memory maker's development is of its stacks ("SK hynix completed HBM4
    development", "Micron expects to ramp HBM4 production next quarter"), and a sentence
    about it names its memory; a contract to make a customer's next-generation chips, or a
    foundry's new process, is no chip of the supplier in development."""
    if claim.topic != "development":
        return claim
    kind = catalogue.vendor_kinds.get(claim.vendor)
    if kind == "foundry":
        return None
    if kind == "memory" and not _MEMORY_WORDS.search(facts.text):
        return None
    return claim


# A chip that is yet to come: "its successor", "its next-generation Ascend 950 series", "a
# new AI chip", "a cheaper Blackwell chip".
_NEW_CHIP = re.compile(
    r"\b(?:successors?|next[- ]gen(?:eration)?|new|newer|cheaper)\b", re.IGNORECASE
)


_TIME_OR_YARDSTICK_BEFORE = re.compile(
    r"\b(?:after|before|since|following|amid|than|over|against|replac\w*|versus|vs\.?|"
    r"unlike|like|rivals?|rivalling|rivaling)\s+(?:(?:the|its|their|[A-Z][\w-]*['’]s?)\s+)?$"
)


def rule_a_successor_is_not_the_chip_before_it(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A chip in development called new, next-generation or a successor is not the chip
    named before those words: "It plans to make 600,000 Ascend 910C chips, and it is
    preparing its next-generation Ascend 950 series", "Its successor, which sources call
    the MLU690" speak of a chip to come. It is the vendor's chip named after them, if
    any ("a new version of its Inferentia2 chip"), or none the catalogue knows."""
    if claim.topic != "development" or not claim.chip:
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    new = _NEW_CHIP.search(facts.text, start, end)
    if new is None:
        return claim
    if any(
        c.subject.chip == claim.chip
        and not c.anaphor
        and _APPOSED_NEW_CHIP.fullmatch(facts.text, c.end, new.start())
        for c in facts.candidates
    ):
        # "The Xiyun C600, the company's next-generation chip, has taped out": the chip
        # the apposition calls new is the one named right before it.
        return claim
    vendor = catalogue.chip_vendors.get(claim.chip, claim.vendor)
    after = sorted(
        (
            c
            for c in facts.candidates
            if c.subject.chip
            and not c.anaphor
            and c.start >= new.end()
            and catalogue.chip_vendors.get(c.subject.chip, c.subject.vendor) == vendor
            # "a cheaper Blackwell chip for China after H20 curbs", "a new chip faster than
            # the H20": a time or a yardstick, not the chip to come.
            and not _TIME_OR_YARDSTICK_BEFORE.search(facts.text, max(0, c.start - 40), c.start)
        ),
        key=lambda c: c.start,
    )
    chip = after[0].subject.chip if after else None
    if chip == claim.chip:
        return claim
    return replace(claim, chip=chip, basis={**claim.basis, "chip_from": "the chip to come"})


# An apposition that calls the chip just named new: "the C600, the company's next-generation
# chip", "the B30A, its new China part".
_APPOSED_NEW_CHIP = re.compile(
    r",\s+(?:the|its|their|a)\s+(?:(?:company|firm|group|chipmaker|startup)['’]s\s+)?"
    r"(?:[\w-]+\s+)?",
    re.IGNORECASE,
)
# The successor as a clause's own subject: "analysts expect the next generation to move to
# 3nm", "its successor will carry HBM3E", "its next-generation Ascend 950 will use…".
_SUCCESSOR_SUBJECT = re.compile(
    r"\b(?:the|its|their|a)\s+(?:next[- ]gen(?:eration)?|successors?|follow-on|next\s+chip)\b",
    re.IGNORECASE,
)
_SPEC_TOPICS = frozenset({"manufacturing", "memory", "performance", "workload", "software"})


def rule_a_successors_spec_is_not_the_chips(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A clause about the chip's unnamed successor gives the successor's spec, not the
    chip's: in "Ironwood is made on a 5nm-class process, and analysts expect the next
    generation to move to 3nm" the 3nm is no node of Ironwood, which the clause does not
    name (it takes Ironwood only as the sentence's subject), and in "…, while its
    next-generation Ascend 950 will use in-house HBM" the HBM is no memory of the 910C."""
    if claim.topic not in _SPEC_TOPICS or not claim.chip:
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    if not _SUCCESSOR_SUBJECT.search(facts.text, start, end):
        return claim
    named_here = any(
        c.subject.chip == claim.chip and not c.anaphor and start <= c.start < end
        for c in facts.candidates
    )
    return claim if named_here else None


_WORKLOAD_WORDS = {"training": r"\btrain\w*", "inference": r"\binferenc\w*"}
# A model's name right before the word that names its workload: "the S60 inference card".
_MODEL_BEFORE = re.compile(r"(?P<model>[\w.+-]+)\s+$")


def rule_a_workload_belongs_to_the_model_it_qualifies(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """One workload per model when a clause lists several: in "its products include the
    Yunsui T20 training card and the S60 inference card" inference qualifies the S60, not
    the T20; in "the MLU370 inference card alongside the Siyuan 590 training chip" training
    is the Siyuan 590's. A chip keeps a workload when one of its mentions is its own or
    qualifies no model; one that qualifies only another known chip goes to that chip."""
    pattern = _WORKLOAD_WORDS.get(claim.value)
    if claim.topic != "workload" or not claim.chip or pattern is None:
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    chips_ending = {
        c.end: c.subject
        for c in facts.candidates
        if c.subject.chip and not c.anaphor and start <= c.start < end
    }
    if claim.chip not in {subject.chip for subject in chips_ending.values()}:
        return claim
    mentions = list(re.finditer(pattern, facts.text[start:end], re.IGNORECASE))
    if not mentions:
        return claim  # read from other words ("serve", "推理"): nothing to tie to a model
    others: list[Subject] = []
    for mention in mentions:
        before = _MODEL_BEFORE.search(facts.text, start, start + mention.start())
        subject = chips_ending.get(before.end("model")) if before else None
        if subject is not None and subject.chip == claim.chip:
            return claim  # the chip's own: "the T20 training card"
        if subject is not None:
            others.append(subject)
        elif before is None or not _UNKNOWN_MODEL.fullmatch(before["model"]):
            return claim  # a mention that qualifies no model: "used for training"
    if not others or others[0].vendor != claim.vendor:
        return None
    return replace(claim, chip=others[0].chip, basis={**claim.basis, "chip_from": "qualified"})


_PRODUCTION_STAGE = re.compile(
    r"\b(?:mass|volume|full|high-volume)[- ]production\b|\bin production\b|\bmass[- ]produc\w*",
    re.IGNORECASE,
)


def rule_foundry_production_is_manufacturing(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """Production of a designer's chip in a clause that names a foundry is where the chip is
    made (manufacturing), not when it ships: "the current production of the 910C is
    unrelated to TSMC's fabs". A foundry's own volume production ("TSMC started volume
    production on N2") stays availability."""
    if _availability_value(claim) != "mass production":
        return claim
    if catalogue.vendor_kinds.get(claim.vendor) == "foundry":
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    stages = [m.span() for m in _PRODUCTION_STAGE.finditer(facts.text, start, end)]

    def same_predicate(c: _Candidate) -> bool:
        # "built on TSMC's N3P process and now in volume production": the foundry makes
        # it, and the production is a stage reached, two predicates.
        if not stages:
            return True
        return any(
            not _PREDICATE_BREAK.search(text) and not _AND.search(text)
            for text in (
                facts.text[min(c.end, s_end) : max(c.start, s_start)] for s_start, s_end in stages
            )
        )

    foundry_named = any(
        start <= c.start < end
        and not c.anaphor
        and catalogue.vendor_kinds.get(c.subject.vendor) == "foundry"
        and same_predicate(c)
        for c in facts.candidates
    )
    return None if foundry_named else claim


def rule_export_controls_name_what_they_cover(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A licence covers a product: "the licences do not cover Nvidia's Blackwell chips",
    "would rather spend than wait for export licences" name no chip and license nothing.
    One plainly granted without naming its chip ("pay 15% of China sales in return for
    export licences") is the story's main chip's, and nothing when the story has none.
    A chip designer as a whole is only banned (the Entity List, "Beijing's 2023 ban" of
    Micron). A foundry's or memory maker's licence is its plants' (tools shipped to its
    China fabs, a waiver, validated-end-user status), so it stands without a chip. A
    licence taken away ("revoked the H20 licence", "strips Samsung of its waivers") is a
    ban, not a licence. A licence requirement that names no chip ("the licence
    requirement would stay in place") is one on the story's chip: it takes the article's
    main chip of the vendor when there is one, else it stays the vendor's."""
    if claim.topic != "export_controls":
        return claim
    if claim.value == "banned":
        start, end = claim.clause
        clause = facts.text[start:end] if end else facts.text
        if claim.chip and _COMPANY_LISTED.search(clause):
            # The Entity List names companies: "dies it stockpiled before its 2023 addition
            # to the Entity List" is the company's ban, not one of its chips'.
            vendor = catalogue.vendor_names.get(claim.vendor, claim.vendor)
            chip_name = catalogue.chip_names.get(claim.chip, claim.chip)
            statement = claim.statement.replace(chip_name, vendor, 1).replace(
                f"{vendor} {vendor}", vendor, 1
            )
            return replace(claim, chip=None, statement=statement)
        if (
            claim.chip is None
            and catalogue.vendor_kinds.get(claim.vendor) not in SUPPLIER_KINDS
            and _LICENCE_WORD.search(clause)
            # "Huawei has been barred from buying chips made with US technology without a
            # licence": the company is what the rule bars, not one of its chips.
            and not _COMPANY_BARRED.search(clause)
        ):
            claim.basis["licence_takes_main_chip"] = True
        return claim
    if _LICENCE_TAKEN.search(facts.text):
        # "did not let them keep the waivers": a denied licence there is the same ban.
        if claim.polarity != "affirm":
            return None
        claim.value = "banned"
        return claim
    if claim.chip is None and not (
        catalogue.vendor_kinds.get(claim.vendor) in SUPPLIER_KINDS
        and _PLANT_LICENCE.search(facts.text)
    ):
        start, end = claim.clause
        clause = facts.text[start:end] if end else facts.text
        if (
            catalogue.vendor_kinds.get(claim.vendor) in SUPPLIER_KINDS
            or claim.polarity != "affirm"
            or _UNSETTLED_LICENCE.search(clause)
        ):
            return None
        # "Nvidia and AMD pay 15% of China sales in return for export licences" in a story
        # about the H20 and the MI308: a licence granted is for the story's chip of each
        # vendor. The article's rules give it the main chip, or drop it when there is none.
        claim.basis["licence_needs_chip"] = True
    return claim


# A licence that names no chip is the story's chip's only when it is plainly granted: not
# what licences leave out ("the licences do not cover Blackwell", "without a licence"), nor
# one promised, hoped for or still pending ("had been assured that licences would be
# granted", "Beijing was still finalizing their licences").
_UNSETTLED_LICENCE = re.compile(
    r"\b(?:not|no|never|none|without|would|will|could|may|might|should|expect\w*|hop\w*|"
    r"believ\w*|assur\w*|promis\w*|pending|await\w*|still|finali[sz]\w*|seek\w*|sought|"
    r"appl(?:y|ies|ied|ying) for|wait\w*|if|whether|unless|until)\b|n[’']t\b",
    re.IGNORECASE,
)
_COMPANY_BARRED = re.compile(
    r"\b(?:barred|banned|blocked|restricted|prohibited|cut off)\s+(?:[\w-]+\s+){0,3}?from\s+"
    r"(?:buying|acquiring|obtaining|accessing|purchasing|receiving|getting|sourcing)\b",
    re.IGNORECASE,
)
_COMPANY_LISTED = re.compile(r"\b(?:Entity List|blacklist\w*)\b", re.IGNORECASE)
# A grant refused after a licence requirement: "…, and none has been granted".
_GRANTED = re.compile(r"\b(?:granted|issued|approved)\b", re.IGNORECASE)
_LICENCE_WORD = re.compile(r"\blicen[cs](?:e|es|ing)\b", re.IGNORECASE)


# What a supplier's licence covers: its plants and the tools shipped to them, not a chip
# ("a US decision to license Blackwell-class parts" licenses no foundry).
_PLANT_LICENCE = re.compile(
    r"\b(?:waivers?|VEU|validated end[- ]users?|equipment|tools?|plants?|fabs?|"
    r"facilit(?:y|ies)|factor(?:y|ies))\b",
    re.IGNORECASE,
)


# A licence or waiver taken away: "revokes the waivers", "strips Samsung and SK hynix of
# the waivers", "its VEU status was withdrawn" (not "ended the ban and granted licences").
_LICENCE_TAKEN = re.compile(
    r"\b(?:revok(?:e|es|ed|ing)|revocation of|strip(?:s|ped|ping)?|remov(?:e|es|ed|ing)|"
    r"rescind(?:s|ed|ing)?|withdr(?:aw|aws|ew|awn|awing)|pull(?:s|ed|ing)?)"
    r"(?:\s+(?!bans?\b|but\b)[\w'’.,-]+){0,8}?\s+(?:waivers?|validated end[- ]users?|VEU|"
    r"licen[cs]es?)\b"
    r"|\b(?:waivers?|licen[cs]es?|VEU status|validated end[- ]user status)\s+(?:was\s+|were\s+|"
    r"has\s+been\s+|have\s+been\s+|had\s+been\s+|would\s+be\s+|will\s+be\s+)?"
    r"(?:revoked|rescinded|withdrawn|removed|pulled)\b",
    re.IGNORECASE,
)


def rule_listed_buyers_place_no_orders_of_their_own(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """ "Groups including ByteDance, Alibaba and Tencent placed large orders for H20s",
    "ByteDance, Alibaba and Tencent have been cleared to buy more than 400,000 H200 chips":
    the companies listed are the buyers; the orders or volumes are news of what they buy
    (another vendor's chip), not a business claim of each buyer. It is the seller's: the
    claim moves to the chip bought (a customer buying is business of the one who sells)."""
    if claim.topic != "business" or claim.chip:
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    in_clause = [c for c in facts.candidates if start <= c.start < end]
    bought = [
        c.subject
        for c in in_clause
        if c.subject.chip
        and c.subject.vendor != claim.vendor
        and not _YARDSTICK_BEFORE.search(facts.text[max(0, c.start - 40) : c.start])
    ]
    listed = any(c.listed and c.subject.vendor == claim.vendor for c in facts.candidates)
    if not listed:
        # "Microsoft will deploy hundreds of thousands of Nvidia's GB300 GPUs": a count of
        # another vendor's chips, the buyer naming none of its own, is the seller's volume.
        own_chip = any(c.subject.chip and c.subject.vendor == claim.vendor for c in in_clause)
        buys = _BUYING.search(facts.text[start:end])
        if bought and buys and not own_chip and _BOUGHT_COUNT.search(claim.value):
            return _moved_to(claim, bought[0], catalogue)
        # "Alibaba and ByteDance have placed orders for its H20 chips": "its" after a plural
        # subject is not the buyers'; the chip's maker, named before, is whose news it is.
        plural = any(
            c.subject.vendor == claim.vendor and _AND_ANOTHER.match(facts.text, c.end)
            for c in in_clause
        )
        its_chip = [
            c.subject
            for c in in_clause
            if c.subject.chip
            and c.subject.vendor != claim.vendor
            and _ITS_BEFORE.search(facts.text[max(0, c.start - 5) : c.start])
        ]
        if plural and its_chip and buys and not own_chip:
            return _moved_to(claim, its_chip[0], catalogue)
        # "Meta is in talks to spend billions of dollars on Google's TPUs": the deal is the
        # seller's news (the buyer's own budget, "to spend $72 billion on capital", names no
        # seller and stays the buyer's).
        sellers = [
            c.subject
            for c in in_clause
            if c.subject.vendor != claim.vendor
            and _SPENT_ON.search(facts.text[max(start, c.start - 80) : c.start])
            and _POSSESSIVE.match(facts.text, c.end)
        ]
        if sellers and not own_chip:
            return _moved_to(claim, sellers[0], catalogue)
        return claim
    if bought:
        moved = _moved_to(claim, bought[0], catalogue)
        if moved.polarity == "affirm" and _AWAY_FROM.search(facts.text[start:end]):
            # "shifted orders away from Nvidia's H20": the seller lost them.
            moved.polarity = "deny"
            # The statement in the business "deny" form (claims.toml [topics.business.statement]).
            moved.statement = moved.statement.replace(": business ", ": not ", 1)
        return moved
    return None if claim.value == "orders" else claim


# Free-text values as a plain reader writes them (docs/vocabulary.md "Figures in digits"):
# a multiple in words is "Nx" ("four times the performance" → "4x the performance", "twice
# the compute" → "2x the compute"), a round million or billion in words is its digit ("up
# to a million TPUs" → "1 million TPUs"; "half a million" stays: it is no 1), and a phrase
# cut off before its object loses the dangling word ("… Trillium for").
_NUMBER_WORDS = {
    "one": "1", "a": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "twice": "2",
}  # fmt: skip
_MULTIPLE_IN_WORDS = re.compile(
    r"\b(?:(twice)|(two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)\s?times)\b"
    r"(?=\s+(?:the|as|that|what|more|less|faster|slower|better|higher|greater|(?-i:[A-Z])))",
    re.IGNORECASE,
)
_ROUND_IN_WORDS = re.compile(
    r"(?<!\bhalf )\b(a|one|two|three|four|five|six|seven|eight|nine|ten)\s(million|billion)\b",
    re.IGNORECASE,
)
_DANGLING_WORD = re.compile(
    r"(?:,?\s+(?:for|with|in|at|on|by|to|from|and|or|of|the|its|their|a|an))+\s*$",
    re.IGNORECASE,
)


# A share in words is a percentage ("a quarter of the proceeds" → "25% of the proceeds",
# "more than half of its revenue" → "more than 50% of its revenue", "one in five dies" →
# "20% of dies"). Only a share of something: "half the compute of the B300" is a multiple,
# and "the first half of the year", "third-quarter revenue" are periods.
_SHARES = {
    "half": "50", "third": "33", "quarter": "25", "fifth": "20", "tenth": "10",
    "two-thirds": "67", "three-quarters": "75", "two": "50", "three": "33", "four": "25",
    "five": "20", "ten": "10",
}  # fmt: skip
_SHARE_IN_WORDS = re.compile(
    r"(?<![\w-])(?:(?<!first )(?<!second )(?:(?:a|one)[- ])?(half)"
    r"|(?:a|one)[- ](third|quarter|fifth|tenth)|(two[- ]thirds|three[- ]quarters))\s+of\s+"
    r"|(?<![\w-])one in (two|three|four|five|ten)\s+(?:of\s+)?(?=\w)",
    re.IGNORECASE,
)


def _as_share(match: re.Match[str]) -> str:
    word = next(group for group in match.groups() if group)
    return f"{_SHARES[word.casefold().replace(' ', '-')]}% of "


# A moving figure is its latest value: "revenue rose from $1bn to $1.5bn" is `$1.5bn`.
_FROM_TO = re.compile(r"\s*to\s*$", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s*$", re.IGNORECASE)


def _latest_figures(values: list[Match], clause: str) -> list[Match]:
    """The values without the starting figure of a "from … to …" move."""
    starts = {
        id(first)
        for first, then in itertools.pairwise(values)
        if _FROM_TO.fullmatch(clause[first.end : then.start])
        and _FROM.search(clause[max(0, first.start - 12) : first.start])
    }
    return [value for value in values if id(value) not in starts]


def _as_multiple(match: re.Match[str]) -> str:
    word = match[1] or match[2]
    return f"{word if word[0].isdigit() else _NUMBER_WORDS[word.casefold()]}x"


def free_text_value(value: str) -> str:
    """A business or performance value with its figures in digits and no dangling word."""
    value = _DANGLING_WORD.sub("", value)
    value = _MULTIPLE_IN_WORDS.sub(_as_multiple, value)
    value = _SHARE_IN_WORDS.sub(_as_share, value)
    return _ROUND_IN_WORDS.sub(lambda m: f"{_NUMBER_WORDS[m[1].casefold()]} {m[2]}", value)


_AWAY_FROM = re.compile(r"\baway from\b", re.IGNORECASE)
# A sum with no figure: "billions of dollars", "tens of billions of yuan".
_AMOUNT_IN_WORDS = re.compile(
    r"(?:hundreds of |tens of )?(?:billions|millions|trillions) of (?:dollars|yuan|euros|won)",
    re.IGNORECASE,
)
# A subject with another after it ("Alibaba and ByteDance"), and "its" right before a chip.
_AND_ANOTHER = re.compile(r"\s+and\s+(?-i:[A-Z])")
_ITS_BEFORE = re.compile(r"\bits\s+$", re.IGNORECASE)
# A count of units as a business value: "hundreds of thousands", "16,384 units", "1.2
# million chips" (not money: "$2 billion", "80亿元").
_BOUGHT_COUNT = re.compile(
    r"^(?:(?:hundreds|tens) of thousands|(?:several|a few) (?:hundred )?thousand"
    r"|(?:more than |about |some |over )?\d[\d,.]*(?:\s(?:thousand|million))?(?![\d%])"
    r"(?!\s?(?:billion|yuan|won|euros?|dollars))\b)"
)
# Verbs of a buyer's count ("will deploy 40,000 H20s"), not a maker's ("SMIC could turn
# out a few hundred thousand 910B-class chips": the foundry's own output).
_BUYING = re.compile(
    r"\b(?:buy|buys|bought|buying|purchas\w*|order(?:s|ed|ing)?|deploy\w*|us(?:e|es|ed|ing)"
    r"|install\w*|rent\w*|acquir\w*|cleared to buy)\b",
    re.IGNORECASE,
)
# Money spent on a named seller's products: "to spend billions of dollars on Google's".
_SPENT_ON = re.compile(
    r"\b(?:spend|spends|spent|spending|invest|invests|invested|investing)\b[^.;]{0,60}?\bon\s+$",
    re.IGNORECASE,
)
# A chip named as a yardstick ("matches Nvidia's H20", "more than the H20") is not bought.
_YARDSTICK_BEFORE = re.compile(
    r"\b(?:than|match(?:es|ed|ing)?|rivals?|rivalling|versus|vs\.?|like|against|beats?|"
    r"outperforms?|compared (?:with|to)|on par with)\s+(?:[\w'’-]+\s+)?$",
    re.IGNORECASE,
)


def _moved_to(claim: ExtractedClaim, subject: Subject, catalogue: Catalogue) -> ExtractedClaim:
    """The claim made about another subject; its statement names the new one (the
    statement starts with the subject's name, see ClaimExtractor.statement)."""

    def name(vendor: str, chip: str | None) -> str:
        text = catalogue.vendor_names.get(vendor, vendor)
        if chip:
            chip_name = catalogue.chip_names.get(chip, chip)
            text = f"{text} {chip_name}" if not chip_name.startswith(text) else chip_name
        return text

    old = name(claim.vendor, claim.chip)
    new = name(subject.vendor, subject.chip)
    statement = claim.statement
    if statement.startswith(old):
        statement = new + statement[len(old) :]
    claim.basis["buyer"] = claim.vendor
    return replace(claim, vendor=subject.vendor, chip=subject.chip, statement=statement)


# A percentage's unit, and a percentage ("17%", "4.5 per cent"), for the patterns below.
_PERCENT_UNIT = r"(?:%|percent|per cent)"
_PERCENTAGE = rf"\d+(?:\.\d+)?\s?{_PERCENT_UNIT}"

_STAKE = re.compile(
    r"\b(?:owns?|owned|owning|holds?|held|holding)\b[^.;]{0,30}?"
    rf"(?P<share>{_PERCENTAGE})",
    re.IGNORECASE,
)


def rule_a_count_names_its_chip(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A count of one of the vendor's own chips is that chip's volume (docs/vocabulary.md:
    business names the chip its figure is about): "beginning with 18,000 GB300 superchips"
    is the GB300's. A count of two chips ("300,000 Siyuan 590 and 690 units") stays the
    company's, and so does a foundry's output of a customer's chip ("SMIC could make a few
    hundred thousand 910B chips a year" is SMIC's capacity)."""
    if claim.topic != "business" or not _BOUGHT_COUNT.search(claim.value):
        return claim
    spans = [s for s in catalogue.tagger.spans(claim.value) if s.chip is not None]
    if not spans:
        return claim
    # "18,000 GB300 Grace Blackwell Ultra superchips" names one chip in two ways; "Siyuan
    # 590 and Siyuan 690" names two.
    between = [claim.value[a.end : b.start] for a, b in itertools.pairwise(spans)]
    if any(re.search(r"\band\b|[,/&]|\bor\b", gap) for gap in between):
        return claim
    chip = spans[0].chip
    if chip.vendor_slug != claim.vendor:
        return claim
    if claim.chip != chip.slug:
        claim = _moved_to(claim, Subject(chip.vendor_slug, chip.slug), catalogue)
    # (rule_vendor_level_topics_name_their_chip keeps it: the count says which chip.)
    claim.basis["counted_chip"] = chip.slug
    return claim


def rule_a_stake_is_its_owners(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """ "Baidu owns about 59 per cent of Kunlunxin" is Baidu's stake; in "Sugon owns
    roughly 28% of Hygon" the owner is no vendor of the catalogue, and the company owned,
    named after the stake, did not make the claim."""
    if claim.topic != "business" or not claim.value.endswith(" stake"):
        return claim
    share = claim.value.removesuffix(" stake")
    stakes = [m.start() for m in _STAKE.finditer(facts.text) if m["share"] == share]
    if not stakes:
        return claim
    owners = [
        c
        for c in facts.candidates
        if c.subject.vendor == claim.vendor
        and c.start < stakes[0]
        and not _A_COMPANYS_PERSON.match(facts.text, c.end)
    ]
    return claim if owners else None


# "The company's founder … holds roughly 28% of the stock": the person owns it, not the
# company named as their employer.
_A_COMPANYS_PERSON = re.compile(
    r"(?:['’]s)?\s+(?:co-?)?(?:founders?|chairman|chairwoman|chair|chief executive|CEO|"
    r"president|executives?|employees|staff|management|managers)\b",
    re.IGNORECASE,
)


_LIST_CUT = re.compile(r", (?P<last>[^,]+)$")


def rule_a_cut_list_of_customers_ends_with_and(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """ "used by China Merchants Bank, China Southern Power Grid and a major internet
    company": the names read as the list "China Merchants Bank and China Southern Power
    Grid", as a reader would write the ones named."""
    if claim.topic != "business" or not claim.value.startswith("customers include "):
        return claim
    if " and " not in claim.value:
        value = _LIST_CUT.sub(r" and \g<last>", claim.value)
        claim.statement = claim.statement.replace(claim.value, value)
        claim.value = value
    return claim


# A count of units: "100,000 of the 910C processors", "hundreds of thousands of 910B units".
_UNIT_VOLUME = re.compile(
    r"\b(?:\d[\d,.]*(?:mn|bn|k)?(?![\w-])(?:\s(?:thousand|million|billion))?"
    r"|(?:hundreds|tens) of thousands|(?:several|a few) hundred thousand|millions)"
    r"\s(?:of\s)?(?:[\w+-]+\s){0,4}(?:chips|chipsets|units|processors|packages|cards|GPUs|"
    r"accelerators|dies|wafers|servers|racks|systems|SuperPoDs|superpods|clusters"
    # A model counted in its plural: "the roughly 1mn H20s", "300,000 910Cs".
    r"|(?-i:[A-Z]*\d+[A-Z]*s))\b",
    re.IGNORECASE,
)


def rule_a_volume_is_business_not_availability(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """ "Huawei has shipped hundreds of thousands of 910B units", "plans to ship 600,000
    dies": the count is the news, a business claim; no availability claim beside it."""
    if _availability_value(claim) is None:
        return claim
    start, end = claim.clause
    clause = facts.text[start:end] if end else facts.text
    counts = [
        m for m in _UNIT_VOLUME.finditer(clause) if not _MODEL_NUMBER.search(clause, 0, m.start())
    ]
    return None if counts else claim


# A buyer testing another maker's chip: "Alibaba, Baidu and Tencent have all tested
# Huawei's chips", "has been testing servers based on Huawei's Ascend 910C". (Not the
# passive "is being tested by Nvidia": there the tester follows.)
_TESTING_VERB = re.compile(
    r"\b(?:test(?:s|ed|ing)?|trial(?:s|l?ed|l?ing)|evaluat(?:e|es|ed|ing)|qualif(?:y|ies|ied|ying))\b"
    r"(?!\s+by\b)",
    re.IGNORECASE,
)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+\s+)?$", re.IGNORECASE)
# How far after the verb the tested chip or its maker may stand ("servers based on").
_TESTED_REACH = 40


def rule_a_buyers_testing_is_the_chips(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """Testing is a stage of the chip tested (docs/vocabulary.md: availability is the
    chip's), so a buyer's testing of another maker's chip is that maker's claim: "Tencent
    has been testing Huawei's Ascend 910C" is the 910C in testing, not a Tencent chip."""
    if claim.topic != "availability" or claim.value != "testing":
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    verb = _TESTING_VERB.search(facts.text, start, end)
    if verb is None:
        return claim
    if verb[0].casefold().endswith("ed") and _PASSIVE_BEFORE.search(
        facts.text, start, verb.start()
    ):
        return claim  # "was tested at Nvidia's labs": the chip before is the one tested
    after = sorted(
        (
            c
            for c in facts.candidates
            if verb.end() <= c.start < min(end, verb.end() + _TESTED_REACH) and not c.anaphor
        ),
        key=lambda c: c.start,
    )
    if not after or after[0].subject.vendor == claim.vendor:
        return claim
    tested = after[0].subject
    # "Huawei's Ascend 910C": the maker named, then its chip.
    for candidate in after[1:]:
        if candidate.subject.vendor == tested.vendor and candidate.subject.chip:
            tested = candidate.subject
            break
    return _moved_to(claim, tested, catalogue)


# A chip with a schedule ("the MI450 due next year", "Nvidia's Rubin GPUs, due in the
# second half of 2026"): the lexicon's development cue of the same shape; the chip named
# right before it is the one due.
_DUE = re.compile(
    r"(?:(?-i:[A-Z][\w-]*\d[\w-]*)|\b(?:chips?|GPUs?|TPUs?|processors?|accelerators?|generation"
    r"|series|family|part))\s*,?\s+(?:which\s+is\s+|is\s+|are\s+|now\s+|still\s+)?"
    r"(?:due|expected|slated|scheduled|will\s+arrive|to\s+arrive|arrives)\b",
    re.IGNORECASE,
)
# What may stand between the chip's name and the schedule: "Rubin GPUs", "Ascend 950 series".
_DUE_GAP = re.compile(r"^(?:\s+(?:[\w-]+\s+)?)?$")
_COUNT_BEFORE = re.compile(r"\d[\d,.]*\s+(?:[\w-]+\s+)?$")


def rule_the_chip_due_is_the_one_named_before(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A schedule said of a named chip is that chip's development, whoever the sentence
    is about: "SK hynix said its HBM4 will go into Nvidia's Rubin GPUs, due in the second
    half of 2026" is Rubin on its way, not SK hynix's."""
    if claim.topic != "development":
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    for due in _DUE.finditer(facts.text):
        if not (start < due.end() and due.start() < end):
            continue  # ("the MI400, due in 2026": the schedule's clause starts at the comma)
        named = [
            c
            for c in facts.candidates
            if not c.anaphor
            and (
                c.start <= due.start() < c.end
                or (c.end <= due.start() and _DUE_GAP.match(facts.text[c.end : due.start()]))
            )
            and catalogue.vendor_kinds.get(c.subject.vendor) not in SUPPLIER_KINDS
        ]
        # "a system with 8,192 Ascend 950DT chips, due in Q4": a count of chips is a
        # system's make-up, and the system is what is due.
        named = [c for c in named if not _COUNT_BEFORE.search(facts.text, 0, c.start)]
        if not named:
            if catalogue.vendor_kinds.get(claim.vendor) == "foundry":
                # "the next generation, the Ascend 950 series, due next year" in a story
                # about its foundry: a chip on its way is never the foundry's.
                return None
            continue
        subject = max(named, key=lambda c: (c.end, c.subject.chip is not None)).subject
        if (subject.vendor, subject.chip) == (claim.vendor, claim.chip):
            return claim
        if subject.vendor == claim.vendor and subject.chip is None:
            return claim
        claim = _moved_to(claim, subject, catalogue)
        # (rule_customer_in_a_supplier_sentence keeps it: the schedule names its chip.)
        claim.basis["due_chip"] = subject.chip or subject.vendor
        return claim
    return claim


# A development verb and its object: "on track to launch the MI450 series", "previewed
# the MI400", "would release its 950PR".
_DEVELOPMENT_VERB = re.compile(
    r"\b(?:launch|unveil|introduc|releas|preview|debut|develop)(?:e|es|ed|ing|s)?\s+"
    r"(?:(?:the|its|their|a|an)\s+)?(?:new\s+|next-generation\s+)?$",
    re.IGNORECASE,
)


def rule_the_chip_launched_is_the_verbs_object(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A development verb names its chip in its object: "She said the MI355X was being
    deployed, and that the company was on track to launch the MI450 series" is the MI450
    on its way, not the MI355X the sentence opened with."""
    if claim.topic != "development" or "availability_value" in claim.basis:
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    objects = [
        c
        for c in facts.candidates
        if start <= c.start < end
        and c.subject.chip
        and not c.anaphor
        and _DEVELOPMENT_VERB.search(facts.text, max(start, c.start - 40), c.start)
    ]
    if not objects:
        return claim
    subject = min(objects, key=lambda c: c.start).subject
    if (subject.vendor, subject.chip) == (claim.vendor, claim.chip):
        return claim
    if any(
        c.subject.chip == claim.chip and c.subject.vendor == claim.vendor and not c.anaphor
        for c in objects
    ):
        return claim  # the claim's own chip is launched too
    return _moved_to(claim, subject, catalogue)


# What may stand between a chip's name and its relative clause's comma: "Nvidia's
# Blackwell parts, which began shipping", "AMD's MI350 series, which …".
_LOOSE_ANTECEDENT_TAIL = re.compile(
    r"(?:['’]s)?(?:\s+(?-i:[A-Z][\w-]*))?"
    r"(?:\s+(?:series|family|chips?|processors?|GPUs?|TPUs?|accelerators?|line|parts?|platform))?"
)


def rule_a_relative_clause_speaks_of_its_antecedent(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """A stage or a plan in a ", which …" clause is the chip the clause hangs on, whoever
    the sentence is about: "Braga will fall short of Nvidia's Blackwell parts, which began
    shipping in volume last year" is Nvidia's shipping, not Microsoft's."""
    if claim.topic not in {"availability", "development"}:
        return claim
    opening = _RELATIVE_CLAUSE_START.search(facts.text, 0, claim.clause[0])
    if opening is None:
        return claim
    named = [c for c in facts.candidates if not c.anaphor and c.end <= opening.start()]
    if not named:
        return claim
    last = max(named, key=lambda c: (c.end, c.subject.chip is not None))
    if not _LOOSE_ANTECEDENT_TAIL.fullmatch(facts.text, last.end, opening.start()):
        return claim
    subject = last.subject
    if subject.vendor == claim.vendor and (subject.chip is None or subject.chip == claim.chip):
        return claim
    if catalogue.vendor_kinds.get(subject.vendor) in SUPPLIER_KINDS:
        return claim  # a supplier's product news is the supplier rules' question
    return _moved_to(claim, subject, catalogue)


# A product's model number is no count: "sampling Atlas 350 accelerator cards" (a name
# before a bare number), unlike "About 350 cards" at the head of a sentence.
_MODEL_NUMBER = re.compile(r"(?<=\S)\s(?-i:[A-Z][\w-]*)\s$")


# A supply chain's origin has two values: not relying on one is relying on the other.
_OTHER_ORIGIN = {"domestic": "foreign", "foreign": "domestic"}


def rule_a_denied_origin_is_the_other(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """ "The company no longer depends on foreign suppliers" says its supply chain is
    domestic: a denied origin is stated as the other one affirmed, so that it meets the
    reports that say the same (and those that say the opposite) as one question."""
    other = _OTHER_ORIGIN.get(claim.value)
    if claim.topic != "supply_chain" or claim.polarity != "deny" or other is None:
        return claim
    statement = claim.statement.replace(f"does not rely on {claim.value}", f"relies on {other}", 1)
    return replace(claim, polarity="affirm", value=other, statement=statement)


# An ended or absent relationship, as the lexicon's "supplier relationship" value reads it.
_ENDED_RELATIONSHIP = re.compile(
    r"\b(?:no|stopped all|halted all|ended (?:its|all)) (?:business|transactions|dealings|"
    r"shipments|supplies)(?: relationship)? (?:with|to)\b",
    re.IGNORECASE,
)


def rule_an_ended_relationship_is_denied_business_with_the_counterparty(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """ "SK Hynix said it stopped all transactions with Huawei", "has no business
    relationship with Huawei": every wording of the relationship states its absence, so the
    claim is a denial, of business with the company named after it (the question a reader
    asks: does SK hynix do business with Huawei?). The counterparty is never the claim's own
    vendor: "Sophgo said it had no business relationship with Huawei" is Sophgo's (no vendor
    of the catalogue), not Huawei's."""
    if claim.topic != "business" or claim.value != "supplier relationship":
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    match = _ENDED_RELATIONSHIP.search(facts.text, start, end)
    if match is None:
        return claim
    named = [
        c
        for c in facts.candidates
        if not c.anaphor and c.subject.chip is None and match.end() <= c.start < end
    ]
    if named and named[0].subject.vendor == claim.vendor:
        return None
    value = "business relationship"
    if named:
        counterparty = named[0].subject.vendor
        value = f"business with {catalogue.vendor_names.get(counterparty, counterparty)}"
    subject = claim.statement.split(": ", 1)[0]
    return replace(claim, polarity="deny", value=value, statement=f"{subject}: no {value}")


def rule_self_sufficiency_is_a_chinese_vendors_question(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """Domestic or foreign is the question of Chinese chipmakers' self-sufficiency (every
    label of it is a Chinese company's): a vendor of another country makes no such claim.
    Microsoft's "homegrown AI accelerator" is its own design, and "Beijing's campaign to
    shift spending to domestic suppliers" beside Nvidia's H20 is China's market, not where
    Nvidia's parts come from. A vendor of no known country keeps its claim."""
    if claim.topic != "supply_chain":
        return claim
    country = catalogue.vendor_countries.get(claim.vendor)
    return claim if country in (None, _SELF_SUFFICIENCY_COUNTRY) else None


_ENTITY_LIST = re.compile(r"\bentity\s+list\b|实体清单", re.IGNORECASE)


def rule_the_entity_list_lists_companies(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """The Entity List names companies, not chips: "Biren, whose BR100 was made by TSMC,
    lost access to the foundry after it was added to the Entity List" bans Biren, whatever
    chip the sentence names (and no main chip of the article takes the claim back)."""
    if claim.topic != "export_controls" or claim.value != "banned":
        return claim
    start, end = claim.clause
    if not _ENTITY_LIST.search(facts.text, start, end or len(facts.text)):
        return claim
    return replace(claim, chip=None, basis={**claim.basis, "company_listed": True})


def rule_a_foundry_barred_from_its_customer_bans_the_customer(
    claim: ExtractedClaim, facts: SentenceFacts, catalogue: Catalogue
) -> ExtractedClaim | None:
    """ "TSMC has not been allowed to make chips for Huawei since 2020": the ban is on the
    customer the clause names (Huawei cut off from its foundry), not on the foundry's
    business. (With no customer named, "TSMC to stop shipping AI chips to Chinese
    customers", the foundry's own restriction stays its claim.)"""
    if (
        claim.topic != "export_controls"
        or claim.value != "banned"
        or catalogue.vendor_kinds.get(claim.vendor) != "foundry"
    ):
        return claim
    start, end = claim.clause
    end = end or len(facts.text)
    customers = [
        c
        for c in facts.candidates
        if not c.anaphor
        and start <= c.start < end
        and catalogue.vendor_kinds.get(c.subject.vendor) not in SUPPLIER_KINDS
        and _FOUNDRY_CUSTOMER.search(facts.text, 0, c.start)
    ]
    if not customers:
        return claim
    return _moved_to(claim, Subject(customers[0].subject.vendor), catalogue)


SENTENCE_RULES = (
    rule_a_volume_is_business_not_availability,
    rule_a_buyers_testing_is_the_chips,
    rule_the_chip_due_is_the_one_named_before,
    rule_a_relative_clause_speaks_of_its_antecedent,
    rule_the_chip_launched_is_the_verbs_object,
    rule_the_entity_list_lists_companies,
    rule_self_sufficiency_is_a_chinese_vendors_question,
    rule_an_ended_relationship_is_denied_business_with_the_counterparty,
    rule_a_denied_origin_is_the_other,
    rule_memory_availability_is_the_memory_makers,
    rule_memory_shipped_for_a_chip_is_the_chips_memory,
    rule_a_buyers_use_is_the_makers_chips,
    rule_memory_developed_is_no_chip_development,
    rule_a_suppliers_development_is_its_memorys,
    rule_a_successor_is_not_the_chip_before_it,
    rule_a_successors_spec_is_not_the_chips,
    rule_a_workload_belongs_to_the_model_it_qualifies,
    rule_foundry_production_is_manufacturing,
    rule_export_controls_name_what_they_cover,
    rule_a_foundry_barred_from_its_customer_bans_the_customer,
    rule_listed_buyers_place_no_orders_of_their_own,
    rule_a_stake_is_its_owners,
    rule_a_count_names_its_chip,
    rule_a_cut_list_of_customers_ends_with_and,
    rule_supplier_is_no_chip_subject,
    rule_customer_in_a_supplier_sentence,
    rule_a_buyers_work_on_anothers_chips_is_the_chips,
    rule_vendor_level_topics_name_their_chip,
    rule_a_yardstick_is_not_the_subject,
    rule_a_yardsticks_chip_keeps_only_its_own_values,
    rule_a_sites_total_is_no_chips_performance,
    rule_memory_bandwidth_is_the_memorys,
)


# A designer's own memory product by name ("HiBL 1.0", "HiZQ 2.0").
_MEMORY_PRODUCT = re.compile(r"Hi[A-Z]{2} ?\d")


def rule_specific_memory_type_wins(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """ "HBM2E stacks … high-bandwidth memory": the generic HBM adds nothing to HBM2E.
    "its first in-house HBM, called HiBL 1.0": the designer's own memory is the value
    (tests/chips/test_extractor_patterns.py); the product's name stands only alone."""
    specific = {
        (c.vendor, c.chip, c.polarity)
        for c in claims
        if c.topic == "memory" and "HBM" in c.value.upper() and c.value.upper() != "HBM"
    }
    in_house = {
        (c.vendor, c.chip, c.polarity)
        for c in claims
        if c.topic == "memory" and c.value == "in-house HBM"
    }
    return [
        c
        for c in claims
        if not (
            c.topic == "memory"
            and (
                (c.value.upper() == "HBM" and (c.vendor, c.chip, c.polarity) in specific)
                or (_MEMORY_PRODUCT.match(c.value) and (c.vendor, c.chip, c.polarity) in in_house)
            )
        )
    ]


# Where memory comes from or how hard it is to get: "still relies on high-bandwidth memory
# stockpiled from Samsung", "has struggled to source HBM", "without a steady source of HBM".
_MEMORY_SOURCING = re.compile(
    r"\b(?:rel(?:y|ies|ied|ying|iance)|depend\w*|lean(?:s|ed|ing)?\s+on|sourc\w*|"
    r"suppl(?:y|ies|ied|ier|iers|ying)|stockpil\w*|struggl\w*|scrambl\w*|secur(?:e|es|ed|ing)|"
    r"procur\w*|shortage|inventor(?:y|ies)|bought|buy(?:s|ing)?)\b",
    re.IGNORECASE,
)


def rule_generic_hbm_is_no_claim_beside_its_source(
    claims: list[ExtractedClaim], facts: SentenceFacts
) -> list[ExtractedClaim]:
    """ "High-bandwidth memory" with no type says what a chip uses only when nothing else is
    said of its memory: beside a supplier, a product or a capacity ("128GB of HiBL 1.0, a
    lower-cost HBM") it adds nothing, and in a sentence about where memory comes from or
    how hard it is to get ("still relies on HBM stockpiled from Samsung", "has struggled to
    source high-bandwidth memory") the news is the source, a supply chain, not the memory.
    A denial stays ("uses GDDR7 instead of HBM")."""

    def generic(c: ExtractedClaim) -> bool:
        return c.topic == "memory" and c.polarity == "affirm" and c.value.upper() == "HBM"

    described = {(c.vendor, c.chip) for c in claims if c.topic == "memory" and not generic(c)}
    kept = []
    for c in claims:
        if generic(c):
            start, end = c.clause
            clause = facts.text[start:end] if end else facts.text
            if (c.vendor, c.chip) in described or _MEMORY_SOURCING.search(clause):
                continue
        kept.append(c)
    return kept


# What persists despite a pitch: "will still launch with HBM from foreign suppliers", "would
# not end its reliance on foreign suppliers", "foreign parts remain key".
_PERSISTING = re.compile(r"\b(?:still|not\s+end|remain\w*|continu\w*)\b", re.IGNORECASE)


def rule_what_still_holds_beats_the_pitch(
    claims: list[ExtractedClaim], facts: SentenceFacts
) -> list[ExtractedClaim]:
    """ "The C600, which MetaX pitches as home-grown, will still launch with HBM from foreign
    suppliers", "a home-grown chip would not end Alibaba's reliance on foreign suppliers":
    one clause that reads both domestic and foreign, with what persists said of the
    foreign side, is a foreign supply chain; the home-grown words are the pitch it belies."""
    foreign = {
        (c.vendor, c.clause)
        for c in claims
        if c.topic == "supply_chain" and c.polarity == "affirm" and c.value == "foreign"
    }
    kept = []
    for c in claims:
        if (
            c.topic == "supply_chain"
            and c.polarity == "affirm"
            and c.value == "domestic"
            and (c.vendor, c.clause) in foreign
        ):
            start, end = c.clause
            if _PERSISTING.search(facts.text, start, end or len(facts.text)):
                continue
        kept.append(c)
    return kept


def rule_a_suppliers_own_memory_names_the_supplier(
    claims: list[ExtractedClaim], facts: SentenceFacts, suppliers: frozenset[str]
) -> list[ExtractedClaim]:
    """ "Vera Rubin accelerators fitted with Samsung's HBM4", "Samsung's 12-layer HBM3E
    clears Nvidia tests, to ship for GB300": the type named as the supplier's own product
    is what the supplier makes; what the sentence says of the chip is who supplies it."""
    supplied = {
        (c.vendor, c.chip, c.polarity): c.value
        for c in claims
        if c.topic == "memory" and c.value.casefold() in suppliers
    }
    kept = []
    for c in claims:
        supplier = supplied.get((c.vendor, c.chip, c.polarity))
        if (
            supplier
            and c.topic == "memory"
            and c.value.upper().startswith(("HBM", "GDDR", "LPDDR"))
            and re.search(
                rf"\b{re.escape(supplier)}(?:\s+Electronics)?['’]s\s+(?:[\w-]+\s+){{0,2}}"
                rf"{re.escape(c.value)}",
                facts.text,
                re.IGNORECASE,
            )
        ):
            continue
        kept.append(c)
    return kept


def rule_a_denied_supply_names_its_supplier(
    claims: list[ExtractedClaim], suppliers: frozenset[str]
) -> list[ExtractedClaim]:
    """ "Samsung's HBM3E is not to be used in the B300": what is denied is the supplier,
    not the memory type (the B300 does use HBM3E, from others)."""
    denied = {
        (c.vendor, c.chip)
        for c in claims
        if c.topic == "memory" and c.polarity == "deny" and c.value.casefold() in suppliers
    }
    return [
        c
        for c in claims
        if not (
            c.topic == "memory"
            and c.polarity == "deny"
            and (c.vendor, c.chip) in denied
            and c.value.casefold() not in suppliers
        )
    ]


# A supplier's bid for a customer's business, not a supply: "racing to supply HBM4 to
# Nvidia", "seeking a share of the Rubin orders by offering HBM4", "hopes to supply HBM3E
# for the B300", "competing with SK hynix to win HBM4 orders".
_BID = re.compile(
    r"\b(?:rac(?:e|es|ed|ing)|vy(?:ing)|vie[sd]?|compet(?:e|es|ed|ing)|seek(?:s|ing)?|sought"
    r"|hop(?:e|es|ed|ing)|tr(?:y|ies|ied|ying)|bid(?:s|ding)?|jockey(?:s|ed|ing)?"
    r"|scrambl(?:e|es|ed|ing)|fight(?:s|ing)?|court(?:s|ed|ing)|woo(?:s|ed|ing)?)\b"
    r"(?:\s+[\w'’-]+){0,8}?\s+(?:to|by)\s+(?:supply|supplying|win|winning|offer|offering"
    r"|provide|providing|secure|securing|land|landing|qualify|become|sell|selling)\b",
    re.IGNORECASE,
)


def rule_a_bid_names_no_supplier(
    claims: list[ExtractedClaim], facts: SentenceFacts, suppliers: frozenset[str]
) -> list[ExtractedClaim]:
    """A memory maker bidding for a chip's memory is not yet its supplier: "Samsung and SK
    hynix are racing to supply HBM4 for Nvidia's Rubin" says the Rubin uses HBM4 (the type
    stays) but names neither maker as its source, and the orders it would win are none yet
    ("competing to win HBM4 orders")."""

    def bid(claim: ExtractedClaim) -> bool:
        start, end = claim.clause
        return bool(_BID.search(facts.text[start:end] if end else facts.text))

    return [
        c
        for c in claims
        if not (
            c.polarity == "affirm"
            and (
                (c.topic == "memory" and c.value.casefold() in suppliers)
                or (c.topic == "business" and c.value == "orders")
            )
            and bid(c)
        )
    ]


def rule_a_yardsticks_schedule_is_an_aside(
    claims: list[ExtractedClaim], facts: SentenceFacts
) -> list[ExtractedClaim]:
    """ "Huawei claimed the Atlas 950 will offer 6.7 times the compute of the Vera Rubin
    NVL144 system that Nvidia plans to ship next year": the chip another vendor's figure is
    measured against is the yardstick; when it ships is said in passing, no claim of its
    own."""
    yardsticks = []
    for c in claims:
        if c.topic != "performance":
            continue
        for candidate in facts.candidates:
            if (
                candidate.subject.chip
                and candidate.subject.vendor != c.vendor
                and not candidate.anaphor
                and facts.text[candidate.start : candidate.end] in c.value
            ):
                yardsticks.append((candidate.subject.chip, c.clause))
    return [
        c
        for c in claims
        if not (c.topic in {"development", "availability"} and (c.chip, c.clause) in yardsticks)
    ]


_RAISING = re.compile(r"\b(?:IPO|initial public offering|rais(?:e|es|ed|ing)|proceeds)\b")
_MONEY = re.compile(
    r"(?:[$¥€£]|\b(?:yuan|dollars|euros|won|CNY|RMB|HKD)\b|亿元|万元)", re.IGNORECASE
)


def rule_a_listing_takes_its_amount(
    claims: list[ExtractedClaim], facts: SentenceFacts
) -> list[ExtractedClaim]:
    """ "Moore Threads soars in Shanghai debut after 8 billion yuan IPO": one claim, "8
    billion yuan IPO", not a bare "listing" beside a bare "8 billion yuan" (the amount is
    what the listing raised when the sentence speaks of an IPO or of money raised)."""
    if not _RAISING.search(facts.text):
        return claims
    kept = list(claims)
    for listing in claims:
        if listing.topic != "business" or listing.value != "listing":
            continue
        amounts = [
            c
            for c in claims
            if c is not listing
            and c.topic == "business"
            and (c.vendor, c.polarity) == (listing.vendor, listing.polarity)
            and _MONEY.search(c.value)
        ]
        if not amounts:
            continue
        amount = amounts[0]
        value = f"{amount.value.split(', ')[0]} IPO"
        amount.statement = amount.statement.replace(amount.value, value)
        amount.value = value
        kept = [c for c in kept if c is not listing]
    return kept


_SAYS_IPO = re.compile(r"\b(?:IPOs?|initial public offerings?)\b|首次公开发行")
_SAYS_LISTING = re.compile(r"\blist(?:ing|ings|ed|s)?\b|上市", re.IGNORECASE)


def rule_an_ipo_is_named_an_ipo(
    claims: list[ExtractedClaim], facts: SentenceFacts
) -> list[ExtractedClaim]:
    """ "Kunlunxin files confidentially for Hong Kong IPO": the listing event keeps the word
    the sentence gives it, `IPO`, as a reader writes it ("Hong Kong IPO filing"); a
    sentence that speaks of a listing, or of both, keeps `listing`."""
    if not _SAYS_IPO.search(facts.text) or _SAYS_LISTING.search(facts.text):
        return claims
    for claim in claims:
        if claim.topic == "business" and claim.value == "listing":
            claim.statement = claim.statement.replace("listing", "IPO")
            claim.value = "IPO"
    return claims


# Shares moving on a first day of trading: "soared more than 400% on their first day of
# trading", "debuted in Shanghai with gains of more than 400%".
_SHARES_MOVED = re.compile(
    r"\b(?:soar|jump|surg|climb|rall|gain|doubl|tripl)\w*\b[^.;]{0,60}?\b(?:debut|first day"
    r" of trading)|\bdebut\w*\b[^.;]{0,50}?\bwith gains\b",
    re.IGNORECASE,
)


def rule_a_peers_trading_debut_is_market_colour(
    claims: list[ExtractedClaim], facts: SentenceFacts, main: Subject | None
) -> list[ExtractedClaim]:
    """ "Moore Threads and MetaX both soared more than 400% on their first day of trading"
    in a story about another company's IPO: how a peer's shares traded is the market's
    mood (a share price is no business claim, docs/vocabulary.md), not news of the peer's
    business. The story's own company's debut stays its listing ("Shares of Moore Threads
    jumped fivefold on their first day of trading" in the Moore Threads story)."""
    if main is None or not _SHARES_MOVED.search(facts.text):
        return claims
    return [
        c
        for c in claims
        if not (c.topic == "business" and c.value in {"listing", "IPO"} and c.vendor != main.vendor)
    ]


# Share moves and market values (docs/vocabulary.md "A share move or a market value is no
# claim"): "Shares of Nvidia fell 6%", "AMD's fell roughly 7%", "SMIC climbed about 10% in Hong
# Kong", "giving it a market value of about 500 billion yuan". share_moves reads who moved and
# how, so that a move is not read as another topic (SMIC as a foundry, "slipped" as a delay);
# its values ("shares down about 7%", "shares more than double", "market value about 500
# billion yuan") are the business values an outside reading gives them, should the convention
# change (tests/chips/tuning7/README.md).
_SHARE_UP = (
    r"(?:rose|rise[sn]?|rising|jump(?:ed|s)?|jumping|climb(?:ed|s)?|climbing|gain(?:ed|s)?|"
    r"gaining|soar(?:ed|s)?|soaring|surg(?:ed|es?)|surging|advanc(?:ed|es?)|rall(?:ied|ies|y)|"
    r"spiked|leapt|leaped|popped|added|(?:edged|closed|opened|ended|traded|were|was|finished) "
    r"up|up)"
)
_SHARE_DOWN = (
    r"(?:fell|fall(?:s|en)?|falling|dropped|drops?|dropping|slid|slides?|sliding|slipped|"
    r"slips?|slipping|lost|los(?:es|ing)|declin(?:ed|es?)|tumbl(?:ed|es?)|plung(?:ed|es?)|"
    r"sank|sinks?|slump(?:ed|s)?|shed|sheds|retreated|(?:edged|closed|opened|ended|traded|"
    r"were|was|finished) down|down)"
)
# A verb that says the shares moved without the figure ("soared in their debut").
_SHARE_VERB_ALONE = (
    r"(?:rose|jumped|climbed|gained|soared|surged|rallied|fell|dropped|slid|slipped|"
    r"tumbled|plunged|sank|slumped|declined)"
)
_SHARE_HEDGE = (
    r"(?:about|around|nearly|almost|roughly|some|more than|over|as much as|up to|less than|"
    r"just over|just under)"
)
# An optional hedge before a move's figure: "about 5%", "more than fivefold".
_SHARE_HEDGED = rf"(?:(?P<hedge>{_SHARE_HEDGE})\s+)?"
_SHARE_FIGURE = (
    rf"(?P<figure>\d+(?:\.\d+)?)\s?{_PERCENT_UNIT}(?!\w)(?!\s+(?:of\b|stake|market|share|points))"
)
_SHARE_MOVES = (
    # "fell 6%", "closed up 1.2 percent", "fell by the daily limit of 10%", "up 82 per cent".
    re.compile(
        rf"\b(?P<verb>{_SHARE_UP}|{_SHARE_DOWN})\s+(?:by\s+)?(?:the\s+)?(?:daily\s+limit\s+of\s+)?"
        rf"{_SHARE_HEDGED}{_SHARE_FIGURE}",
        re.IGNORECASE,
    ),
    # "opened 3.3% lower", "closed more than 400% higher".
    re.compile(
        rf"{_SHARE_HEDGED}{_SHARE_FIGURE}\s+(?P<verb>higher|lower)\b",
        re.IGNORECASE,
    ),
    # "debuted with gains of more than 400%".
    re.compile(
        rf"\bwith (?P<verb>gains|losses) of\s+{_SHARE_HEDGED}{_SHARE_FIGURE}",
        re.IGNORECASE,
    ),
    # "have more than doubled", "tripled this year" (base form, as growth is written).
    re.compile(
        r"\b(?:(?P<hedge>more than|roughly|nearly|almost|about|over)\s+)?"
        r"(?P<multiple>doubl|tripl|quadrupl)(?:ed|es|e|ing)\b",
        re.IGNORECASE,
    ),
    # "jumped more than fivefold", "rose 5-fold".
    re.compile(
        rf"\b(?P<verb>{_SHARE_UP}|{_SHARE_DOWN})\s+{_SHARE_HEDGED}"
        r"(?P<fold>[a-z]+fold|\d+(?:\.\d+)?-fold)\b",
        re.IGNORECASE,
    ),
    # "closed limit-up", "hit the daily limit".
    re.compile(
        r"\blimit[- ](?P<limit>up|down)\b|\bhit (?:the |its |their )?(?:daily |upper )+limit\b",
        re.IGNORECASE,
    ),
    # "climbed to records", "rose to a record high".
    re.compile(
        rf"\b(?P<verb>{_SHARE_UP})\s+to\s+(?:a\s+)?(?:new\s+|fresh\s+)?(?:all-time\s+)?"
        r"(?P<record>records?)\b",
        re.IGNORECASE,
    ),
)
_SHARE_MOVE_ALONE = re.compile(rf"\b(?P<verb>{_SHARE_VERB_ALONE})\b", re.IGNORECASE)
# Whose shares: "Nvidia shares", "Baidu's Hong Kong-listed shares", "Hygon's stock", "its
# shares", "the company's shares" (after the name or reference); "Shares of X" (before it);
# "Cambricon, whose shares"; "AMD's fell" (the noun left out).
_LISTED = r"(?:[\w.]+(?: [A-Z][\w.]*)?-listed\s+)"
_SHARES_AFTER_OWNER = re.compile(
    rf"^(?:['’]s?)?\s+{_LISTED}?(?:shares|stock)\b|^,\s+whose\s+{_LISTED}?shares\b",
    re.IGNORECASE,
)
_SHARES_BEFORE_OWNER = re.compile(r"\bshares (?:of|in) (?:[\w-]+ ){0,4}$", re.IGNORECASE)
_OWNER_ELIDED = re.compile(rf"^['’]s\s+(?={_SHARE_UP}\b|{_SHARE_DOWN}\b)", re.IGNORECASE)
# A company as the subject of a move ("SMIC climbed about 10% in Hong Kong", "Moore Threads
# and MetaX both soared more than 400%"): only where the sentence speaks of trading.
_OWNER_MOVING = re.compile(
    rf"^\)?(?:\s+\(?(?-i:[A-Z])[\w&.-]*\)?){{0,3}}(?:,\s+(?:which|who)\s[^,;]{{1,40}},)?(?P<also>\s+(?:also|both|each|all))?\s+"
    rf"(?=(?:{_SHARE_UP}|{_SHARE_DOWN}|debuted|closed limit|hit the daily)\b)",
    re.IGNORECASE,
)
_TRADING = re.compile(
    r"\b(?:shares|stocks?|trading|traded|limit[- ]up|daily limit|debut\w*|listed|bourse)\b"
    r"|\bin (?:Hong Kong|Shanghai|Shenzhen|Seoul|Taipei|Tokyo|New York)\b",
    re.IGNORECASE,
)
# Names listed before an owner share its move: "Hygon and chip foundry SMIC also fell".
_CO_OWNER_JOIN = re.compile(
    r"^(?:\s+(?-i:[A-Z])[\w&.()-]*){0,3}\s*(?:,|,?\s+and)\s+(?:[a-z][\w-]*\s+){0,3}$"
)
_BARE_SHARES = re.compile(r"^\s*(?:The\s+)?(?:shares|stock)\b(?!\s+(?:of|in)\b)", re.IGNORECASE)
# Where one owner's moves end: another subject ("…, while AMD's fell"), an index ("and
# the broader index slid 4%"), or another measure ("…, reported that its revenue jumped").
_SHARES_REGION_END = re.compile(
    r";|(?:,\s*|\s+)(?:and|while|but|whereas)\s+(?=the\b|(?-i:[A-Z]))"
    r"|\b(?:revenue|sales|profit|income|earnings|output|margins?|orders|shipments|production"
    r"|index|benchmark|Kospi)\b",
    re.IGNORECASE,
)
# Market values: "a market value of about 577 billion yuan", "a market capitalization of
# about NT$43.8 trillion", "a market value larger than Intel's", "its market value has more
# than tripled", "lifted Alphabet towards a $4tn valuation".
_MONEY_FIGURE = (
    r"(?:(?:US|HK|NT|A|C|S)?\$|[¥€£₩])?\s?\d+(?:[.,]\d+)*\s?(?:trillion|billion|million|tn|bn|mn)?"
    r"(?:\s+(?:yuan|won|yen|dollars|euros|Taiwan dollars|Hong Kong dollars))?"
)
_MARKET_VALUE_WORDS = r"market (?:value|valuation|capitali[sz]ation|cap)"
_MARKET_VALUES = (
    re.compile(
        rf"\b{_MARKET_VALUE_WORDS} of (?P<figure>(?:(?:{_SHARE_HEDGE}|close to)\s+)?"
        rf"{_MONEY_FIGURE})",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_MARKET_VALUE_WORDS} (?P<figure>(?:larger|bigger|greater|higher|smaller|lower) "
        r"than (?:that of )?[\w.'’-]+(?: [A-Z][\w.'’-]*)?)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_MARKET_VALUE_WORDS} (?:has |had |have )?(?:(?P<hedge>more than|nearly|roughly|"
        r"almost|about) )?(?P<multiple>doubl|tripl|quadrupl)\w*",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?P<prep>towards?|near|to) an? (?:record )?(?P<figure>[$€¥£]?\d+(?:\.\d+)?\s?"
        r"(?:tn|trillion|bn|billion)(?: yuan| dollars)?) (?:market )?valuation\b",
        re.IGNORECASE,
    ),
    # "股价大幅上涨", "总市值一度超过千亿元".
    re.compile(
        r"股价(?:较发行价)?(?P<zh>大幅上涨|大涨|上涨|暴涨|飙升|涨停|大幅下跌|大跌|下跌|跌停)"
    ),
    re.compile(
        r"(?:总)?市值(?:一度)?(?P<zhverb>突破|超过|破|达到|达)(?P<zhfigure>[\d.]*[千百万亿]+元?)"
    ),
)
_MULTIPLE = {"doubl": "double", "tripl": "triple", "quadrupl": "quadruple"}
_DOWNWARD = re.compile(rf"^(?:{_SHARE_DOWN}|lower|losses)$", re.IGNORECASE)


def _share_move_value(match: re.Match[str]) -> str:
    """ "fell about 7%" is "shares down about 7%", "more than doubled" "shares more than
    double", "closed limit-up" "shares limit-up", "rose to records" "shares up to a record"."""
    groups = match.groupdict()
    hedge = f"{groups['hedge'].casefold()} " if groups.get("hedge") else ""
    if groups.get("multiple"):
        return f"shares {hedge}{_MULTIPLE[groups['multiple'].casefold()]}"
    if groups.get("limit"):
        return f"shares limit-{groups['limit'].casefold()}"
    if "limit" in match[0].casefold():
        return "shares limit-up"
    direction = "down" if _DOWNWARD.match(groups.get("verb") or "") else "up"
    if groups.get("record"):
        return "shares up to a record"
    if groups.get("fold"):
        return f"shares {direction} {hedge}{groups['fold'].casefold()}"
    if groups.get("figure"):
        return f"shares {direction} {hedge}{groups['figure']}%"
    return f"shares {direction}"


def _market_value(match: re.Match[str]) -> str:
    groups = match.groupdict()
    if groups.get("zh"):
        return f"股价{groups['zh']}"
    if groups.get("zhverb"):
        return f"市值{groups['zhverb']}{groups['zhfigure']}"
    if groups.get("multiple"):
        hedge = f"{groups['hedge'].casefold()} " if groups.get("hedge") else ""
        return f"market value {hedge}{_MULTIPLE[groups['multiple'].casefold()]}"
    prep = f"{groups['prep'].casefold()} " if groups.get("prep") else ""
    return f"market value {prep}{' '.join(groups['figure'].split()).rstrip('.,')}"


def _moves_in(text: str, start: int, end: int, alone: bool) -> list[tuple[int, int, str]]:
    """The share moves stated between start and end, each once; a verb without its figure
    ("soared in their debut") only when `alone` allows it and no figure is given."""
    if stop := _SHARES_REGION_END.search(text, start, end):
        end = stop.start()
    found: list[tuple[int, int, str]] = []
    for pattern in _SHARE_MOVES:
        for match in pattern.finditer(text, start, end):
            if not any(s < match.end() and match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), _share_move_value(match)))
    if not found and alone and (verb := _SHARE_MOVE_ALONE.search(text, start, end)):
        found.append((verb.start(), verb.end(), _share_move_value(verb)))
    return sorted(found)


def share_moves(
    text: str, owners: list[tuple[int, int, str]], fallback: str | None
) -> list[tuple[str, str, tuple[int, int]]]:
    """Each (vendor, value, span) of a share move or a market value the sentence states.

    `owners` are the sentence's vendor names and resolved references (start, end, vendor),
    `fallback` the company a bare "Shares fell 3%" or "The stock rose" is about (the
    story's). Whose shares moved is the name before "shares" or "stock" (or after "shares
    of"), a name the move follows directly where the sentence speaks of trading ("SMIC
    climbed 10% in Hong Kong"), and the names listed with it ("Moore Threads and MetaX both
    soared"); a market value is the nearest name before it."""
    owners = sorted(owners)
    trading = bool(_TRADING.search(text))
    phrases: list[tuple[int, int, str, bool]] = []  # (start, region start, vendor, alone)
    if fallback and (bare := _BARE_SHARES.match(text)):
        phrases.append((bare.start(), bare.end(), fallback, True))
    for index, (start, end, vendor) in enumerate(owners):
        after = text[end:]
        if found := _SHARES_AFTER_OWNER.match(after):
            phrases.append((start, end + found.end(), vendor, True))
        elif _SHARES_BEFORE_OWNER.search(text[max(0, start - 60) : start]):
            phrases.append((start, end, vendor, True))
        elif trading and (found := _OWNER_ELIDED.match(after)):
            phrases.append((start, end + found.end(), vendor, True))
        elif trading and (found := _OWNER_MOVING.match(after)):
            phrases.append((start, end + found.end(), vendor, bool(found["also"])))
            # The names listed just before it moved with it.
            for earlier_start, earlier_end, other in reversed(owners[:index]):
                if not _CO_OWNER_JOIN.match(text[earlier_end:start]):
                    break
                phrases.append((earlier_start, end + found.end(), other, bool(found["also"])))
                start = earlier_start
    phrases.sort()
    claims: list[tuple[str, str, tuple[int, int]]] = []
    for number, (start, region, vendor, alone) in enumerate(phrases):
        later = [s for s, _, v, _ in phrases[number + 1 :] if s >= region and v != vendor]
        end = min(later, default=len(text))
        for _, move_end, value in _moves_in(text, region, end, alone):
            claims.append((vendor, value, (start, move_end)))
    for pattern in _MARKET_VALUES:
        for match in pattern.finditer(text):
            before = [v for s, _, v in owners if s < match.start()]
            vendor = before[-1] if before else fallback
            if vendor:
                claims.append((vendor, _market_value(match), (match.start(), match.end())))
    unique: dict[tuple[str, str], tuple[str, str, tuple[int, int]]] = {}
    for claim in claims:
        unique.setdefault((claim[0], claim[1].casefold()), claim)
    return list(unique.values())


# A table row's label naming more than one product: "Huawei Ascend (910C plus 950 series)",
# "Cambricon (MLU590 plus successors)", "Biren BR104 and BR166".
_SEVERAL_IN_A_ROW = re.compile(r"\b(?:plus|and|successors?|others)\b|&|,", re.IGNORECASE)


def rule_a_row_of_several_chips_is_the_companys(
    claims: list[ExtractedClaim], facts: SentenceFacts, catalogue: Catalogue
) -> list[ExtractedClaim]:
    """ "Huawei Ascend (910C plus 950 series): 1.1mn" in a note's unit table counts a
    company's chips of two generations: the figure is Huawei's, no one chip's (docs/
    vocabulary.md "`business` names the chip its figure is about")."""
    if not _is_table_line(facts.text):
        return claims
    label = facts.text[: facts.text.find(":")]
    if not _SEVERAL_IN_A_ROW.search(label):
        return claims
    kept = []
    for claim in claims:
        if claim.topic == "business" and claim.chip is not None:
            claim = _moved_to(claim, Subject(claim.vendor), catalogue)
            claim.basis.pop("buyer", None)
        kept.append(claim)
    return kept


# A table row keyed by a year, as notes give estimates ("2025E: 7.1", "2024A: 5.0", "FY26E:
# 1.2mn"), and a line that ends a sentence (a heading does not).
_YEAR_ROW = re.compile(
    r"^(?:[-•*–]\s*)?(?:FY)?(?:\d{4}|\d{2})[AEF]?:\s*(?P<figure>(?:~|about )?"
    r"(?:(?:US)?\$)?\d[\d,.]*\s?(?:%|million|mn|bn|billion|k|m)?)(?:\s*\([^()]{1,60}\))?\s*\.?$"
)
_SENTENCE_FULL_STOP = re.compile(r"[.!?]\s*$|[.!?]\s+[A-Z]")

# What a buyer does with chips: the nouns that name chips, the qualifiers and verbs that
# make them someone else's, and the words that make them the buyer's own.
_CHIP_NOUN = (
    r"(?:chips?|processors?|accelerators?|GPUs?|graphics\s+processors?|silicon|ASICs?|"
    r"NPUs?|cards?|hardware|parts?)"
)
_BOUGHT_CHIPS = re.compile(
    # "domestic chips", "other chips", "compliant chips", "US-made accelerators"
    r"\b(?:domestic|local|locally[- ]made|home-grown\s+Chinese|foreign|other|rival|"
    r"third-party|outside|compliant|imported|American|U\.?S\.?(?:-made)?|Chinese|"
    r"Chinese-made|Korean|Taiwanese)[\s-]+(?:[\w-]+\s+){0,2}?" + _CHIP_NOUN + r"\b"
    # "stockpiled enough graphics processors", "had many options for inference chips",
    # "could turn to other chips", "buys accelerators from"
    r"|\b(?:stockpil\w*|buy(?:s|ing)?|bought|purchas\w*|order(?:s|ed|ing)?|rent(?:s|ed|ing)?|"
    r"leas(?:e|es|ed|ing)|procur\w*|sourc(?:e|es|ed|ing)|turn(?:s|ed|ing)?\s+to|"
    r"switch(?:es|ed|ing)?\s+to|options?[\"”’']?\s+for)\b[^.;]{0,60}?\b" + _CHIP_NOUN + r"\b",
    re.IGNORECASE,
)
_OWN_CHIPS = re.compile(
    # (Not a bare "custom" or "homegrown": "other chips, including custom ASICs" are not
    # the buyer's own.)
    r"\b(?:in-house|self-developed|self-designed|proprietary|"
    r"(?:its|their)\s+own|(?:its|their)\s+(?:[\w-]+\s+){0,3}?" + _CHIP_NOUN + r")\b",
    re.IGNORECASE,
)
# Chip-level topics a buyer's sentence lends it: what the chips are for, that they are
# available.
BUYER_TOPICS = frozenset({"workload", "availability"})
# The companies that buy accelerators by trade (clouds and platforms), who design some of
# their own too: which chips a sentence of theirs speaks of is the question.
BUYER_KINDS = frozenset({"cloud"})


def rule_a_buyers_chips_are_not_its_own(
    claims: list[ExtractedClaim], facts: SentenceFacts, catalogue: Catalogue
) -> list[ExtractedClaim]:
    """A company that buys, stockpiles or weighs other makers' chips makes no claim about
    chips of its own: "Tencent has stockpiled enough graphics processors to keep training
    its models", "the company had many options for inference chips", "Tencent could turn
    to other chips, including compliant chips available in China", "it uses Enflame's
    accelerators for inference" say what a buyer does, not what a chip of Tencent's is
    for or that it ships. Kept when the sentence names a chip of the buyer's own (a chip,
    a product line, "its own accelerators", "its in-house chip", "Alibaba's chips").
    Only for the companies that buy by trade (clouds), and only chip-level claims with no
    chip: a named chip is what the claim is about."""
    text = facts.text
    if not text or _has_cjk(text):
        return claims
    kept = []
    for claim in claims:
        if (
            claim.chip
            or claim.topic not in BUYER_TOPICS
            or claim.family is not None
            or catalogue.vendor_kinds.get(claim.vendor) not in BUYER_KINDS
        ):
            kept.append(claim)
            continue
        start, end = claim.clause
        clause = text[start : end or len(text)]
        bought = _BOUGHT_CHIPS.search(clause) or _someone_elses_chips(claim.vendor, facts)
        if bought and not (_OWN_CHIPS.search(text) or _owners_chips(claim.vendor, facts)):
            continue
        kept.append(claim)
    return kept


_OWNED_CHIP_AFTER = re.compile(r"(?:['’]s?)?\s+(?:[\w-]+\s+){0,2}?" + _CHIP_NOUN + r"\b")


def _owners_chips(vendor: str, facts: SentenceFacts) -> bool:
    """Whether the sentence names chips as this vendor's: "Alibaba's chips", "Huawei
    accelerators", "Baidu's Kunlun chips"."""
    return any(
        c.subject.vendor == vendor and not c.anaphor and _OWNED_CHIP_AFTER.match(facts.text, c.end)
        for c in facts.candidates
    )


def _someone_elses_chips(vendor: str, facts: SentenceFacts) -> bool:
    """Whether the sentence names another vendor's chips by their maker ("Enflame's
    accelerators", "Nvidia GPUs")."""
    return any(
        c.subject.vendor != vendor
        and not c.anaphor
        and not c.subject.chip
        and _OWNED_CHIP_AFTER.match(facts.text, c.end)
        for c in facts.candidates
    )


# A company named with its share in a ranking: "followed by Micron with 21% and Samsung
# with 17%".
_WITH_SHARE = re.compile(
    r"\s+with\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?"
    rf"({_PERCENTAGE})(?!\s+(?:of|stake)\b)",
    re.IGNORECASE,
)
_SHARE_WORDS = re.compile(r"\b(?:market|share|shares)\b", re.IGNORECASE)


def rule_each_company_ranked_takes_its_share(
    claims: list[ExtractedClaim], facts: SentenceFacts, catalogue: Catalogue
) -> list[ExtractedClaim]:
    """ "SK Hynix held 62% of the HBM market, followed by Micron with 21% and Samsung with
    17%": a market share the sentence gives its leader, it gives each company it ranks
    after it too; each is that company's own business figure."""
    leaders = [
        c
        for c in claims
        if c.topic == "business" and _PERCENT.search(c.value) and _SHARE_WORDS.search(c.value)
    ]
    if not leaders:
        return []
    leader = leaders[0]
    added: list[ExtractedClaim] = []
    for candidate in facts.candidates:
        share = _WITH_SHARE.match(facts.text, candidate.end)
        if candidate.anaphor or share is None or candidate.start < leader.clause[0]:
            continue
        if any(c.topic == "business" and c.vendor == candidate.subject.vendor for c in claims):
            continue
        moved = _moved_to(
            replace(leader, basis=dict(leader.basis)), Subject(candidate.subject.vendor), catalogue
        )
        value = f"{share[1]} share"
        moved.statement = moved.statement.replace(leader.value, value, 1)
        moved.value = value
        moved.basis.pop("buyer", None)
        moved.basis["ranked_after"] = leader.vendor
        added.append(moved)
    return added


def apply_rules(
    claims: list[ExtractedClaim],
    facts: SentenceFacts,
    catalogue: Catalogue,
    memory_suppliers: frozenset[str] = frozenset(),
) -> list[ExtractedClaim]:
    kept: dict[tuple, ExtractedClaim] = {}
    for claim in claims:
        for rule in SENTENCE_RULES:
            claim = rule(claim, facts, catalogue)
            if claim is None:
                break
        if claim is not None:
            kept.setdefault(claim.key(), claim)
    found = list(kept.values())
    found += rule_a_ban_covers_each_chip_it_lists(found, facts, catalogue)
    found = rule_specific_memory_type_wins(found)
    found = rule_a_listing_takes_its_amount(found, facts)
    found = rule_an_ipo_is_named_an_ipo(found, facts)
    found += rule_each_company_ranked_takes_its_share(found, facts, catalogue)
    found = rule_generic_hbm_is_no_claim_beside_its_source(found, facts)
    found = rule_what_still_holds_beats_the_pitch(found, facts)
    found = rule_a_denied_supply_names_its_supplier(found, memory_suppliers)
    found = rule_a_yardsticks_schedule_is_an_aside(found, facts)
    found = rule_a_suppliers_own_memory_names_the_supplier(found, facts, memory_suppliers)
    found += rule_the_supplier_is_the_memory_source(found, facts, catalogue)
    found += rule_reliance_on_a_foreign_supplier(found, facts, catalogue)
    found = rule_a_foundrys_dies_are_their_designers_volume(found, catalogue)
    return rule_a_bid_names_no_supplier(found, facts, memory_suppliers)


# What may stand between two chips one ban lists: "stop buying the RTX Pro 6000D and to
# avoid the H20" (not "bans the H20 but allows the H200", nor "the H20 rather than the H100").
_BAN_LIST_JOIN = re.compile(r"^[\s,]*(?:and|or)\b|^\s*,", re.IGNORECASE)
_BAN_LIST_BREAK = re.compile(
    r"\b(?:allow\w*|permit\w*|licen[cs]\w*|spar\w*|except\w*|but|not|than|like|unlike|"
    r"instead|while|whereas|versus|vs)\b",
    re.IGNORECASE,
)


def rule_a_ban_covers_each_chip_it_lists(
    claims: list[ExtractedClaim], facts: SentenceFacts, catalogue: Catalogue
) -> list[ExtractedClaim]:
    """ "told companies to stop buying Nvidia's RTX Pro 6000D and to avoid the H20": a
    ban's clause that lists several chips of the vendor bans each of them, not just the
    first one named after the cue. So does a licence denied ("the MI350 and MI400 chips
    would not be included": neither is licensed)."""
    found: list[ExtractedClaim] = []
    have = {c.key() for c in claims}
    for claim in claims:
        left_out = claim.value == "licensed" and claim.polarity == "deny"
        if claim.topic != "export_controls" or not claim.chip:
            continue
        if claim.value != "banned" and not left_out:
            continue
        start, end = claim.clause
        end = end or len(facts.text)
        named = [
            c
            for c in facts.candidates
            if c.subject.chip
            and not c.anaphor
            and start <= c.start < end
            and c.subject.vendor == claim.vendor
        ]
        own = [c for c in named if c.subject.chip == claim.chip]
        if not own:
            continue
        previous = own[0]
        for other in named:
            if other.start <= previous.start:
                continue
            between = facts.text[previous.end : other.start]
            if (
                not _BAN_LIST_JOIN.search(between)
                or _BAN_LIST_BREAK.search(between)
                or len(_WORD.findall(between)) > 6
            ):
                break
            previous = other
            chip = other.subject.chip
            listed = replace(claim, chip=chip, basis={**claim.basis, "chip_from": "a listed chip"})
            old_name = catalogue.chip_names.get(claim.chip, claim.chip or "")
            new_name = catalogue.chip_names.get(chip, chip or "")
            listed.statement = claim.statement.replace(old_name, new_name, 1)
            if listed.key() not in have:
                have.add(listed.key())
                found.append(listed)
    return found


def rule_the_supplier_is_the_memory_source(
    claims: list[ExtractedClaim], facts: SentenceFacts, catalogue: Catalogue
) -> list[ExtractedClaim]:
    """ "Micron, which counts Nvidia as a customer, supplies HBM3E for the B300": the
    memory maker the sentence opens with is the named chip's memory supplier, even when
    it stands in another clause than the memory type."""
    supplier = facts.first_vendor
    if supplier is None or catalogue.vendor_kinds.get(supplier) != "memory":
        return []
    name = catalogue.vendor_names.get(supplier, supplier)
    makers = {
        catalogue.vendor_names.get(vendor, vendor).casefold()
        for vendor, kind in catalogue.vendor_kinds.items()
        if kind == "memory"
    }
    # A clause that names its own supplier keeps it: in "X to hold half the market;
    # Samsung yet to ship HBM3E for the B300" the denial is Samsung's, not X's.
    supplied = {c.key()[:4] for c in claims if c.topic == "memory" and c.key()[4] in makers}
    added: list[ExtractedClaim] = []
    seen = {c.key() for c in claims}
    for claim in claims:
        if claim.topic != "memory" or claim.vendor == supplier or not claim.chip:
            continue
        if claim.key()[:4] in supplied:
            continue
        key = (claim.vendor, claim.chip, "memory", claim.polarity, name.casefold())
        if key in seen or any(k[:4] == key[:4] and k[4] == name.casefold() for k in seen):
            continue
        seen.add(key)
        added.append(
            replace(
                claim,
                value=name,
                statement=claim.statement.replace(claim.value, name, 1),
                basis={**claim.basis, "value_from": "the supplier the sentence opens with"},
            )
        )
    return added


def rule_a_memory_qualification_is_the_customers_memory(
    claims: list[ExtractedClaim],
    facts: SentenceFacts,
    catalogue: Catalogue,
    statement: Callable[[ExtractedClaim, Subject, str], str],
) -> list[ExtractedClaim]:
    """A memory maker passing (or not yet passing) a chipmaker's qualification is the
    question of who supplies that chipmaker's memory (docs/vocabulary.md: a supplier
    supplying a chip is memory on the chip, a denied supply is the customer's question):
    "Samsung has passed Nvidia's HBM4 qualification tests" is Nvidia's memory from Samsung,
    "Samsung's HBM3E has not yet passed Nvidia's qualification for the B300" the B300's
    memory from Samsung denied; the maker keeps no bare "qualification" of its own."""
    kinds = catalogue.vendor_kinds
    result = list(claims)
    for claim in claims:
        if claim.topic != "business" or claim.value != "qualification":
            continue
        if kinds.get(claim.vendor) != "memory":
            continue
        start, end = claim.clause
        end = end or len(facts.text)
        if facts.first_vendor != claim.vendor and not any(
            start <= c.start < end and c.subject.vendor == claim.vendor for c in facts.candidates
        ):
            # "… stockpiled SK hynix memory, and CXMT's HBM3 has not passed Huawei's
            # qualification": the maker qualifying is one the clause names (here one the
            # catalogue does not know) or the sentence's subject, not one an earlier clause
            # named.
            result = [c for c in result if c is not claim]
            continue
        named = [
            c
            for c in facts.candidates
            if start <= c.start < end and not c.anaphor and kinds.get(c.subject.vendor) != "memory"
        ]
        if not named:
            # "… supplying HBM4 to Nvidia this month after passing the US chip giant's
            # final qualification tests": the customer named before, described again.
            named = [
                c
                for c in facts.candidates
                if c.start < start
                and not c.anaphor
                and kinds.get(c.subject.vendor)
                not in {
                    "memory",
                    "foundry",
                }
            ]
        if not named:
            continue
        customer = named[0].subject.vendor
        chip = next(
            (c.subject.chip for c in named if c.subject.vendor == customer and c.subject.chip), None
        )
        supplier = catalogue.vendor_names.get(claim.vendor, claim.vendor)
        subject = Subject(customer, chip)
        result = [
            c
            for c in result
            if c is not claim
            and not (
                c.topic == "memory"
                and (c.vendor, c.chip) == (customer, chip)
                and c.value.casefold() == supplier.casefold()
            )
            # The qualification is no testing stage of the maker's own.
            and not (
                c.topic == "availability"
                and c.value == "testing"
                and c.vendor == claim.vendor
                and c.clause == claim.clause
            )
        ]
        result.append(
            replace(
                claim,
                vendor=customer,
                chip=chip,
                topic="memory",
                value=supplier,
                statement=statement(claim, subject, supplier),
                basis={**claim.basis, "qualified_supplier": claim.vendor},
            )
        )
    return result


_DIE_COUNT = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundreds|thousands|millions)\b)"
    r".*\b(?:dies|chips|processors)\b",
    re.IGNORECASE,
)


def rule_a_foundrys_dies_are_their_designers_volume(
    claims: list[ExtractedClaim], catalogue: Catalogue
) -> list[ExtractedClaim]:
    """Dies a foundry made for a designer are the designer's volume (docs/vocabulary.md:
    volumes are business), not the foundry's: in "a stockpile of roughly 2.9 million dies
    that TSMC fabricated for Sophgo" beside the 910C made by TSMC, the count is the
    910C's; "as many as two million TSMC-made dies may have reached Huawei" is Huawei's.
    The designer is the one the sentence gives that foundry as its maker."""
    result = []
    for claim in claims:
        foundry = catalogue.vendor_names.get(claim.vendor, claim.vendor)
        made_here = [
            c
            for c in claims
            if c.topic == "manufacturing"
            and c.polarity == "affirm"
            and c.value.casefold() == foundry.casefold()
        ]
        if (
            claim.topic == "business"
            and catalogue.vendor_kinds.get(claim.vendor) == "foundry"
            and _DIE_COUNT.search(claim.value)
            and made_here
        ):
            maker = made_here[0]
            moved = _moved_to(claim, Subject(maker.vendor, maker.chip), catalogue)
            if moved.key() not in {c.key() for c in claims}:
                result.append(moved)
            continue
        result.append(claim)
    return result


# Leaning on a supply: "relies on a stockpile of HBM2E from Samsung", "HBM2E drawn from its
# Samsung stockpile", "memory stockpiled from SK hynix". Not "no longer relies on".
_RELIANCE = re.compile(
    r"\b(?:rel(?:y|ies|ied|ying)\s+on|depend(?:s|ed|ing)?\s+on|drawn\s+from|"
    r"stockpiled\s+from|sourced\s+from|bought\s+from|imported\s+from)\b",
    re.IGNORECASE,
)
_RELIANCE_NEGATED = re.compile(
    r"\b(?:no\s+longer|not|never|n[’']t|without|less|stopp(?:ed|ing)|ceased?|end(?:ed|ing|s)?|"
    r"rather\s+than|instead\s+of)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# A reliance that is over: "Until now, Huawei relied on memory made by SK hynix".
_RELIANCE_PAST = re.compile(
    r"\b(?:until\s+(?:now|recently|last\s+\w+)|used\s+to|previously|formerly|once|had)\b",
    re.IGNORECASE,
)
# The reach of the supplier after the reliance cue, in characters.
_RELIANCE_REACH = 90
# domestic/foreign is the question of Chinese chipmakers' self-sufficiency: every label
# of it is a Chinese company's (docs/vocabulary.md), and "Nvidia relies on TSMC" is
# manufacturing, not a foreign dependence anyone disputes.
_SELF_SUFFICIENCY_COUNTRY = "CN"


def rule_reliance_on_a_foreign_supplier(
    claims: list[ExtractedClaim], facts: SentenceFacts, catalogue: Catalogue
) -> list[ExtractedClaim]:
    """ "Huawei still relies on a stockpile of HBM2E from Samsung for the 910C": a Chinese
    company leaning on a foundry's or memory maker's supply from abroad is a `foreign`
    supply chain, though no word says "foreign". Derived from the sentence's own claim on
    that company (its memory or manufacturing claim), so it keeps its origin and hedges.
    Not in a headline: a headline's shorthand ("relies on Samsung HBM2E stockpile") says
    too little of whose supply and when to open a dispute on its own."""
    if facts.heading or any(c.topic == "supply_chain" for c in claims):
        return []
    countries = catalogue.vendor_countries
    for cue in _RELIANCE.finditer(facts.text):
        if _RELIANCE_NEGATED.search(
            facts.text[max(0, cue.start() - 30) : cue.start()]
        ) or _RELIANCE_PAST.search(facts.text[: cue.start()]):
            continue
        foreign_supplier = any(
            cue.end() <= c.start < cue.end() + _RELIANCE_REACH
            and not c.anaphor
            and catalogue.vendor_kinds.get(c.subject.vendor) in SUPPLIER_KINDS
            and countries.get(c.subject.vendor, _SELF_SUFFICIENCY_COUNTRY)
            != _SELF_SUFFICIENCY_COUNTRY
            for c in facts.candidates
        )
        subjects = [
            c.subject.vendor
            for c in facts.candidates
            if c.start < cue.start()
            and catalogue.vendor_kinds.get(c.subject.vendor) not in SUPPLIER_KINDS
            and countries.get(c.subject.vendor) == _SELF_SUFFICIENCY_COUNTRY
        ]
        if not foreign_supplier or not subjects:
            continue
        vendor = subjects[-1]
        base = next((c for c in claims if c.vendor == vendor), None)
        if base is None:
            return []
        name = catalogue.vendor_names.get(vendor, vendor)
        return [
            replace(
                base,
                chip=None,
                topic="supply_chain",
                polarity="affirm",
                value="foreign",
                statement=f"{name}: relies on foreign technology",
                basis={**base.basis, "value_from": "reliance on a foreign supplier"},
            )
        ]
    return []


# A sentence naming the vendor's coming product, one the catalogue does not know ("Huawei's
# next chip, the Ascend 950, will deliver about 6% of …"): not the story's main chip. (A
# story's own "next AI chip", unnamed, is its main chip: "Microsoft's next AI chip delayed".)
_ANOTHER_CHIP = re.compile(
    r"\b(?:next|next-generation|future|forthcoming|successor)\s+(?:[\w-]+\s+)?"
    r"(?:chips?|processors?|accelerators?|GPUs?|parts?),\s+(?:the\s+|dubbed\s+|called\s+)?"
    r"(?-i:[A-Z])",
    re.IGNORECASE,
)


# The story's chip given its name: "The chip, provisionally known as the B30A", "a new
# processor dubbed the PPU", "people in the supply chain refer to the part as the B40". The
# text just before the chip's name.
_NAMING = re.compile(
    r"(?:\b(?:the|a|an|its)\s+(?:new\s+|cheaper\s+|latest\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:chips?|chipsets?|parts?|designs?|processors?|accelerators?|GPUs?|products?|cards?)"
    r",?\s+(?:(?:tentatively|provisionally|internally|informally|currently)\s+)?"
    r"(?:called|dubbed|named|known\s+(?:internally\s+|informally\s+)?as|code-?named)"
    r"|\brefer(?:s|red)?\s+to\s+(?:it|the\s+(?:new\s+)?(?:chip|part|design|processor|product|card))"
    r"\s+as)\s+(?:the\s+)?[\"“‘']?$",
    re.IGNORECASE,
)
# A chip in development other than the story's own: its successor, the next generation.
_OTHER_DEVELOPMENT = re.compile(
    r"\b(?:successors?|next[- ]gen(?:eration)?|next|future|another|second|third|fourth|fifth)\b",
    re.IGNORECASE,
)


_PERCENT = re.compile(rf"\d\s?{_PERCENT_UNIT}", re.IGNORECASE)
# A share of sales handed to a government for export licences: "pay the US government 15%
# of the revenue", "give the U.S. government 15%", "with the U.S. government taking a 25% cut".
_US_GOVERNMENT = r"\b(?:U\.?S\.?|US|American|federal) government\b"
_LICENCE_FEE = re.compile(
    r"\b(?:pay|pays|paid|paying|give|gives|giving|hand|hands|handing|share|sharing)\b[^.;]{0,30}?"
    rf"{_US_GOVERNMENT}"
    rf"|{_US_GOVERNMENT}[^.;]{{0,30}}?\b(?:receive|receives|"
    r"receiving|collect|collects|collecting|take|takes|taking|get|gets|getting)\b",
    re.IGNORECASE,
)


def rule_chipless_claim_takes_the_main_chip(
    claim: ExtractedClaim,
    main_chips: dict[str, str],
    named_chips: dict[str, str] | None = None,
) -> ExtractedClaim:
    """A chip-level claim naming no chip ("the company is targeting a yield of 60%") is
    about the article's single main chip of that vendor, when there is exactly one.

    A chip in development that the story does not name is most often a new one, not the
    main chip; but when the story gives its new chip a name ("The chip, provisionally
    known as the B30A"), "Nvidia is developing a new AI chip for China" and "hopes to hand
    samples to customers next month" are about that chip (`named_chips`), unless the
    sentence speaks of another one to come (a successor, the next generation)."""
    # A plan or a delay read from availability words ("has been delayed") is still about
    # the chip on its way, not a new one.
    planned = "availability_value" in claim.basis
    # A licence (or a licence requirement) that names no chip is the story's chip's too.
    licence = bool(
        claim.basis.get("licence_needs_chip") or claim.basis.pop("licence_takes_main_chip", False)
    )
    main = main_chips.get(claim.vendor)
    if claim.chip is not None or main is None or _ANOTHER_CHIP.search(claim.quote):
        return claim
    if (
        claim.topic == "business"
        and _PERCENT.search(claim.value)
        and _LICENCE_FEE.search(claim.quote)
    ):
        # "Nvidia and AMD agreed to give the U.S. government 15% of the revenue from sales
        # of certain chips to China": the fee buys the licence of the story's chip, so the
        # share is of that chip's sales (docs/vocabulary.md: business names the chip its
        # figure is about).
        claim.chip = main
        claim.basis["chip_from"] = "the main chip, whose licence the revenue share pays for"
        return claim
    named = (named_chips or {}).get(claim.vendor)
    if (
        claim.topic == "development"
        and named == main
        and not _OTHER_DEVELOPMENT.search(claim.quote)
        and (claim.family is None or main in claim.family)
    ):
        claim.chip = main
        claim.basis["chip_from"] = "the chip the story names as its new one"
        return claim
    if claim.basis.get("company_listed"):
        return claim  # the Entity List lists the company, not its chip
    if claim.basis.get("makers_hardware"):
        return claim  # "trains its models on Nvidia GPUs": chipless on the vendor
    if claim.family is not None:
        # "Huawei's latest Ascend", "its Blackwell chips": the product line is the main
        # chip's, or it is another line (or a product of the line the catalogue does not
        # know: "Kunlun M100") and the claim is not the main chip's. (Not a chip being
        # developed: a line's new chip is most often not the one the story is about.)
        if main in claim.family and (claim.topic in MAIN_CHIP_TOPICS or planned or licence):
            claim.chip = main
            claim.basis["chip_from"] = "the main chip, of the product line named"
        return claim
    if claim.topic in MAIN_CHIP_TOPICS or planned or licence:
        claim.chip = main
        claim.basis["chip_from"] = "main chip of the article"
    return claim


def rule_chipless_echo_takes_the_chip(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """A chip-level claim naming no chip that says what the article says of exactly one of
    the vendor's chips ("the regulator asked about backdoor risks" in a story on the H20's
    backdoors) is that chip's claim, its name left to the sentence before: chipless, it
    would stand for all the vendor's chips and dispute their chipless claims elsewhere."""
    chips_saying: dict[tuple, set[str]] = {}
    for claim in claims:
        if claim.chip is not None and claim.topic in CHIP_LEVEL_TOPICS and claim.value:
            chips_saying.setdefault(_said(claim), set()).add(claim.chip)
    for claim in claims:
        if claim.chip is not None or claim.topic not in CHIP_LEVEL_TOPICS:
            continue
        chips = chips_saying.get(_said(claim), set())
        if claim.family is not None:
            # A product line named ("the Kunlun M100", "its Blackwell chips") keeps only
            # its own chips.
            chips = chips & claim.family
        if len(chips) == 1:
            (claim.chip,) = chips
            claim.basis["chip_from"] = "the article's claim of that chip"
    return claims


# The software value a sentence gives a model it names only as "the new model" or "the
# adaptation" (chips/lexicons/claims.toml, [topics.software.values.model]).
STORY_MODEL = "the story's model"
MODEL_GROUP = "model"


def rule_a_model_is_named_as_the_story_names_it(
    claims: list[ExtractedClaim], story_models: list[str]
) -> list[ExtractedClaim]:
    """A model a chip runs is named with its version when the story gives one
    (docs/vocabulary.md): "Huawei's chips run DeepSeek's new model" in a story on V3.2-Exp
    is `DeepSeek V3.2-Exp`, and "the adaptation ran on the MLU590" or "it completed
    adaptation" is the story's one model. `story_models`: the model values the article
    names, in order. A bare family with no one version of it in the story stays as it is;
    an unnamed model with no one model in the story names nothing, and its claim goes."""
    versioned = {m.casefold(): m for m in story_models if _DIGIT.search(m)}
    named = {m.casefold(): m for m in story_models if m != STORY_MODEL}
    kept = []
    for claim in claims:
        if claim.topic != "software":
            kept.append(claim)
            continue
        value = claim.value
        if value == STORY_MODEL:
            only = versioned if len(versioned) == 1 else named if len(named) == 1 else {}
            if not only:
                continue
            value = next(iter(only.values()))
        elif value.casefold() in named and not _DIGIT.search(value):
            family = value.casefold() + " "
            versions = [m for k, m in versioned.items() if (k + " ").startswith(family)]
            if len(versions) == 1:
                value = versions[0]
        if value != claim.value:
            statement = claim.statement.replace(claim.value, value, 1)
            claim = replace(claim, value=value, statement=statement)
            claim.basis["model_from"] = "the story's model"
        kept.append(claim)
    return kept


def _said(claim: ExtractedClaim) -> tuple[str, str, str, str]:
    return (claim.vendor, claim.topic, claim.polarity, claim.value.casefold())


def apply_article_rules(
    claims: list[ExtractedClaim],
    main_chips: dict[str, str],
    named_chips: dict[str, str] | None = None,
) -> list[ExtractedClaim]:
    """Rules that need the whole article; duplicates they create collapse into one."""
    kept: dict[tuple, ExtractedClaim] = {}
    claims = rule_chipless_echo_takes_the_chip(claims)
    for claim in claims:
        claim = rule_chipless_claim_takes_the_main_chip(claim, main_chips, named_chips)
        if claim.basis.pop("licence_needs_chip", False) and claim.chip is None:
            # A licence that names no chip, in a story with no main chip of the vendor,
            # licenses nothing ("the licences will not extend to its newest products").
            continue
        if claim.chip is not None and claim.basis.get("yardstick") == claim.chip:
            # "… is comparable to the H20" in a story about the H20: the sentence measured
            # another chip against it; the claim is not the main chip's.
            continue
        key = (*claim.key(), claim.headline, claim.quote)
        kept.setdefault(key, claim)
    found = list(kept.values())
    origins = {c.key(): c for c in found if not c.headline and c.origin}
    for claim in found:
        rule_headline_takes_the_storys_origin(claim, origins)
    return found


BACKDOOR = "backdoor"


def rule_a_backdoor_aside_is_no_claim(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """A vendor's stock line that its chips have no backdoors, said once in a story about
    something else ("Nvidia halts H20 production …: the H20 is not a military product and
    has no backdoors"), is background; the question is a claim where the story is about
    it: its headline raises it, or more than one of its sentences does."""
    quotes = {
        (c.quote, c.headline) for c in claims if c.topic == "software" and c.value == BACKDOOR
    }
    if len(quotes) != 1 or next(iter(quotes))[1]:
        return claims
    if all(c.quote == next(iter(quotes))[0] for c in claims):
        return claims  # the story says nothing else: it is about the backdoor
    return [c for c in claims if not (c.topic == "software" and c.value == BACKDOOR)]


def rule_headline_takes_the_storys_origin(
    claim: ExtractedClaim, origins: dict[tuple, ExtractedClaim]
) -> ExtractedClaim:
    """A headline rarely names its source; the story that says the same thing does
    ("Alibaba reportedly develops…" ← "…, The Wall Street Journal reported")."""
    if claim.headline and not claim.origin and claim.key() in origins:
        story = origins[claim.key()]
        claim.origin = story.origin
        claim.basis["origin"] = story.origin
        claim.basis["origin_kind"] = story.basis.get("origin_kind", "named")
        claim.basis["origin_from"] = "the story's claim"
    return claim


# ---------------------------------------------------------------------------------------
# Sentences


def split_sentences(text: str, lexicon: Lexicon | None = None) -> list[Sentence]:
    """Sentences of a text, paragraph by paragraph; headings are sentences of their own."""
    lexicon = lexicon or load_lexicon()
    sentences: list[Sentence] = []
    for raw_line in text.splitlines():
        line = " ".join(raw_line.split())
        if not line:
            continue
        related = bool(lexicon.related.find(line))
        heading = not re.search(r"[.!?。！？”\"’')]$", line)
        for piece in _split_line(line):
            sentences.append(Sentence(piece, heading=heading, related=related))
    return sentences


def _split_line(line: str) -> list[str]:
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        end = match.end()
        if match[0].startswith(".") and _ends_with_abbreviation(line[start : match.start() + 1]):
            continue
        pieces.append(line[start:end].strip())
        start = end
    if line[start:].strip():
        pieces.append(line[start:].strip())
    return [piece for piece in pieces if piece]


def _ends_with_abbreviation(text: str) -> bool:
    words = text.split()
    if not words:
        return False
    last = words[-1].rstrip(".").lstrip("(\"“'").casefold()
    # "U.S." and single initials ("J.") are abbreviations; so are the listed words.
    return last in ABBREVIATIONS or len(last) == 1 or bool(re.fullmatch(r"(?:\w\.)+\w", last))


def _is_table_line(text: str) -> bool:
    """ "SK hynix: 54%": a short line, yet a company and its figure."""
    colon = text.find(":")
    return (
        colon > 0
        and bool(_TABLE_LABEL.fullmatch(text, 0, colon))
        and bool(_FIGURE_AFTER_COLON.match(text, colon))
    )


def is_boilerplate(sentence: Sentence, lexicon: Lexicon) -> bool:
    text = sentence.text
    if text.endswith("?") or (
        len(_WORD.findall(text)) < 4 and not _has_cjk(text) and not _is_table_line(text)
    ):
        return True
    return bool(lexicon.boilerplate.find(text)) and not sentence.related


def _may_cue(topic: TopicLexicon, clause: str) -> bool:
    """False when ClaimExtractor._topic_cues would find no cue of the topic in the clause
    (it finds cues only among these matches), without building what it filters them by."""
    return finds_any((topic.cues, topic.value_cues, topic.weak_cues), clause)


# The general business fallback (docs/vocabulary.md: revenue, orders, investment, volumes
# are business; business always says what). A company's figure in a clause that no topic's
# cue claimed is still its business: "Nvidia's data centre business, which brought in $18.4
# billion", "the roughly 1mn H20s that Nvidia shipped", "AMD granted OpenAI a warrant for up
# to 160 million AMD shares". Only figures that cannot be a year, a model number or a node:
# an amount of money, a count in the thousands or millions of something, a percentage of a
# business measure.
_FALLBACK_MONEY = (
    r"(?:(?:US|HK|NT|A|C|S)?\$\s?\d+(?:[.,]\d+)*"
    r"|\b(?:CNY|RMB|USD|EUR|KRW|JPY|TWD)\s?\d+(?:[.,]\d+)*|[¥€₩£]\s?\d+(?:[.,]\d+)*)"
    r"(?:\s?(?:trillion|billion|million|bn|mn|tn|m|b)\b)?"
    r"|\b\d+(?:[.,]\d+)?\s?(?:trillion|billion|million|bn|mn|tn)\s(?:yuan|renminbi|RMB|won|yen|"
    r"euros?|dollars|NT dollars|Taiwan dollars)\b"
    r"|\b(?:tens|hundreds) of (?:billions|millions) of (?:dollars|yuan)\b"
)
# (Counts of things a chip business sells or holds, not of parameters, users or developers;
# a model's plural counts too: "1mn H20s".)
_FALLBACK_COUNT = (
    r"\b(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s?(?:million|mn|billion|bn|k))"
    r"\s(?:[\w-]+\s){0,3}?(?:chips|chipsets|units|GPUs|TPUs|NPUs|accelerators|processors|"
    r"dies|wafers|cards|servers|racks|systems|boards|modules|stacks|packages|superchips|"
    r"SuperPoDs|pods|shares|(?-i:[A-Z]+\d+\w*s))\b"
)
_FALLBACK_PERCENT = rf"\b{_PERCENTAGE}"
_FALLBACK_FIGURE = re.compile(
    rf"(?:up to |more than |less than |fewer than |about |around |roughly |nearly |some |over )?"
    rf"(?:{_FALLBACK_MONEY}|{_FALLBACK_COUNT}|{_FALLBACK_PERCENT})",
    re.IGNORECASE,
)
# A percentage is a company's business only beside what it measures.
_BUSINESS_MEASURE = re.compile(
    r"\b(?:revenue|sales|share|margins?|profits?|income|earnings|spending|capex|orders|"
    r"shipments|proceeds|bookings|backlog|savings|costs?)\b",
    re.IGNORECASE,
)
_ENDS_IN_PERCENT = re.compile(rf"{_PERCENT_UNIT}$", re.IGNORECASE)
# What a figure measures, for the value: the nearest such word in the clause.
_WHAT_A_FIGURE_MEASURES = re.compile(
    r"\b(?:revenue|sales|margins?|profits?|income|earnings|loss|spending|capex|investment|"
    r"shipments|orders|deal|contract|warrant|savings|charge|write-down|funding|proceeds|"
    r"share|business|guidance|forecast|estimate|bookings|backlog|costs?)\b",
    re.IGNORECASE,
)
# Figures that are no one company's business: a market's or a sector's size, share prices,
# market values and indices, a fine or a subsidy someone else sets.
_NOT_A_COMPANYS_FIGURE = re.compile(
    r"\b(?:market|industry|sector|economy|nationwide|worldwide|global)\b(?![^.;]{0,3}\bshare)"
    r"|\b(?:shares|stock|stocks|index|Nasdaq|S&P)\b(?:\s+[\w-]+){0,3}?\s+(?:rose|fell|jumped|"
    r"climbed|dropped|gained|slid|tumbled|surged|soared|sank|plunged|rallied|were up|were down|"
    r"closed|traded|added|shed)\b"
    r"|\bmarket (?:value|cap|capitali[sz]ation)\b|\bshare price\b|\bvalued\b|\bvaluation\b"
    r"|\b(?:was|is|were|are|be|now|been) worth\b"
    # Money returned to shareholders is no figure of the business.
    r"|\b(?:buybacks?|buy-backs?|repurchases?|dividends?)\b"
    r"|\b(?:fine|fined|penalty|subsid\w+|grants?|tariffs?|fund)\b",
    re.IGNORECASE,
)


# "Nvidia's data centre business, which brought in $18.4 billion": a company's unit right
# before a relative clause is what the clause's figure belongs to.
_UNIT_BEFORE_RELATIVE = re.compile(
    r"['’]s (?:[\w-]+ ){0,3}(?:business|unit|division|segment|arm|group)\s*,\s*(?:which|that)\s*",
    re.IGNORECASE,
)


def _owns_the_relative_clause(text: str, name_end: int, clause_start: int) -> bool:
    return bool(_UNIT_BEFORE_RELATIVE.fullmatch(text, name_end, clause_start))


# A figure of the company itself, for a sentence that names no company: its revenue,
# spending, profit or loss, its IPO or fund raising, its orders.
_COMPANY_FIGURE = re.compile(
    r"\b(?:revenue|sales|profits?|net income|earnings|(?:net |operating )?loss(?:es)?|"
    r"spending|R&D|research and development|capex|capital expenditure|gross margin|"
    r"IPO|initial public offering|listing|offering|tranche|oversubscribed|raised|proceeds|"
    r"funding round|financing round|orders|backlog|bookings)\b",
    re.IGNORECASE,
)
# A figure with an amount: money, a percentage, a multiple.
_AN_AMOUNT = re.compile(
    r"[$¥€£]\s?\d|\d(?:[.,]\d+)?\s*(?:%|percent|per cent|(?:million|billion|trillion)\b|"
    r"(?:yuan|dollars|won|yen)\b)|\boversubscribed\b|\b\d+(?:\.\d+)? times\b",
    re.IGNORECASE,
)
# A figure of a market, a country or an economy, not of a company.
_AN_ECONOMYS_FIGURE = re.compile(
    r"\b(?:market|industry|sector|economy|GDP|nationwide|worldwide|global|country|"
    r"nation|government|exports|imports|customs|the state|industrywide)\b"
    r"|\b(?:China|Chinese|U\.?S\.?|American|Taiwan|Korea|Japan)(?:'s)?\s+(?:[\w-]+\s+){0,2}"
    r"(?:chipmakers|companies|firms|makers|designers|spending|sales|imports|exports)\b",
    re.IGNORECASE,
)


def names_a_company_figure(text: str) -> bool:
    """Whether a sentence naming no company states a company's business figure ("The IPO
    raised 8 billion yuan", "Revenue rose 12% to $1.2 billion"), not a market's or an
    economy's ("China's AI chip market grew 40%")."""
    return bool(
        _COMPANY_FIGURE.search(text)
        and _AN_AMOUNT.search(text)
        and not _AN_ECONOMYS_FIGURE.search(text)
        and not _NOT_A_COMPANYS_FIGURE.search(text)
    )


def business_fallback_values(clause: str, ignored: list[Match]) -> list[Match]:
    """The figure of a clause no topic's cue claimed, as a business value that says what it
    measures ("data centre business, which brought in $18.4 billion" → "business … $18.4
    billion"); nothing when the clause is a market's, a share price's or has no figure."""
    if _NOT_A_COMPANYS_FIGURE.search(clause):
        return []
    found = []
    for figure in _FALLBACK_FIGURE.finditer(clause):
        match = Match(figure.start(), figure.end(), figure[0], figure[0])
        if any(_overlap(match, i) for i in ignored):
            continue
        if _ENDS_IN_PERCENT.search(figure[0]) and not _BUSINESS_MEASURE.search(clause):
            continue  # a bare percentage: of what?
        found.append(match)
    if not found:
        return []
    figure = found[0]
    measures = [
        m for m in _WHAT_A_FIGURE_MEASURES.finditer(clause) if -60 <= m.start() - figure.start <= 40
    ]
    start, end = figure.start, figure.end
    if measures:
        nearest = min(measures, key=lambda m: abs(m.start() - figure.start))
        start, end = min(start, nearest.start()), max(end, nearest.end())
    value = " ".join(clause[start:end].split())[:120]
    return [Match(figure.start, figure.end, value, figure.text)]


def _overlap(a: Match, b: Match) -> bool:
    return a.start < b.end and b.start < a.end


_CJK_CHAR = re.compile("[\u4e00-\u9fff]")


def _has_cjk(text: str) -> bool:
    # One search in C: a loop over the characters was ~4 % of claim extraction.
    return _CJK_CHAR.search(text) is not None


def clean_text(text: str, lexicon: Lexicon | None = None) -> str:
    """The main text to tag for mentions: no boilerplate lines, no links to other stories."""
    lexicon = lexicon or load_lexicon()
    kept = []
    for line in text.splitlines():
        stripped = " ".join(line.split())
        if not stripped:
            kept.append("")
            continue
        if lexicon.related.find(stripped) or lexicon.boilerplate.find(stripped):
            continue
        kept.append(stripped)
    return "\n".join(kept)


def _clauses(text: str, lexicon: Lexicon | None = None) -> list[tuple[int, int]]:
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text)]
    starts = lexicon.clause_starts if lexicon is not None else None
    if starts is not None:
        # "… on the Entity List and cannot buy …": a second predicate with its own polarity.
        breaks += [(m.start(), m.end()) for m in starts.finditer(text)]
    if lexicon is not None:
        # "SMIC, which makes most Ascend chips, declined to comment": the refusal is its own
        # clause; the relative clause before it still says who makes the chips.
        for refusal in lexicon.no_claim.find(text):
            comma = _COMMA_BEFORE.search(text, 0, refusal.start)
            if comma is not None:
                breaks.append((comma.start(), refusal.start))
                continue
            # "… shipped fewer than 100,000 Gaudi accelerators, a number Intel declined to
            # comment on": an appositive that refuses starts at its comma; what came
            # before it still stands.
            aside = _REFUSING_APPOSITIVE.search(text, max(0, refusal.start - 40), refusal.start)
            if aside is not None:
                breaks.append((aside.start(), refusal.start))
    spans, start = [], 0
    for break_start, break_end in sorted(breaks):
        if break_start < start:
            continue
        if _TABLE_LABEL.fullmatch(text, 0, break_start) and _FIGURE_AFTER_COLON.match(
            text, break_start
        ):
            # "Revenue: $13.3 billion", "SK hynix: 54%": a table's or a list's label and
            # its figure are one statement, not two clauses.
            continue
        if break_start > start:
            spans.append((start, break_start))
        start = break_end
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# ---------------------------------------------------------------------------------------
# Extraction


# A contrast set off by a comma: "The H20's memory, rather than its raw compute, made…".
_PARENTHETICAL_CONTRAST = re.compile(r",\s*(?:rather than|instead of)\b", re.IGNORECASE)


def _end_parenthetical_contrasts(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "The H20's memory bandwidth, rather than its raw compute, made it popular for
    inference": a contrast set off by commas reaches only its own words; what follows the
    closing comma is the sentence's predicate again, a clause of its own that the contrast
    does not flip ("made by SMIC rather than TSMC, the company said" is no such aside)."""
    result: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(spans):
        comma = text.find(",", start, end)
        # (The previous clause may keep the comma that opens the aside.)
        between = text[max(0, spans[index - 1][1] - 2) : start] if index else ""
        aside = _PARENTHETICAL_CONTRAST.search(between)
        if aside and 0 < comma - start <= 80 and text[comma + 1 : end].strip():
            result += [(start, comma), (comma + 1, end)]
        else:
            result.append((start, end))
    return result


# A sentence that judges the previous one's figure: "Cambricon said that figure was not
# accurate", "Those numbers are wrong, the company said".
_FIGURE_DENIED = re.compile(
    r"\b(?:that|this|the|those|these|such) (?:figure|number|estimate|forecast|projection)s? "
    r"(?:was|were|is|are)(?: also| still)? (?:not (?:accurate|true|correct)|inaccurate|untrue|"
    r"false|wrong|incorrect|baseless|groundless)\b",
    re.IGNORECASE,
)
# A denial of reports or forecasts, the figure unnamed: "recent reports about its production
# capacity forecasts were misleading and untrue". It denies the figure the previous
# sentence stated or, opening a story, the one its headline names.
_REPORTS_DENIED = re.compile(
    r"\b(?:reports?|forecasts?|projections?|estimates?|figures?|numbers?)\s+(?:were|was|are|is)"
    r"(?:\s+(?:also|both|all))?\s+(?:misleading|untrue|false|inaccurate|incorrect|groundless|"
    r"baseless|fabricated|not (?:accurate|true|correct))\b",
    re.IGNORECASE,
)
# How far into a story a denial of reports still refers to its headline's figure.
HEADLINE_DENIAL_REACH = 2
# The main verb after a relative aside closes: "Sales in the unit, which houses its AI
# chips, jumped 66%" ("and", "but", "the" … start no predicate).
_PREDICATE_AFTER_ASIDE = re.compile(
    r",\s+(?:rose|fell|grew|sank|shrank|swelled|climbed|jumped|surged|soared|slumped|"
    r"dropped|declined|increased|decreased|doubled|tripled|more than doubled|reached|"
    r"totall?ed|hit|was|were|is|are|has|have|had|will|accounted)\b",
    re.IGNORECASE,
)


def _predicates_after_asides(
    text: str, spans: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], dict[int, str]]:
    """ "Sales in the data centre unit, which houses its AI chips, jumped 66%": the verb
    after a relative aside is the subject's. That predicate is read once more with its
    subject, the aside blanked out (offsets kept), so a figure reaches the cue before the
    aside. Returns the spans and, by index, the blanked clause texts."""
    result: list[tuple[int, int]] = []
    masked: dict[int, str] = {}
    for index, (start, end) in enumerate(spans):
        gap = text[spans[index - 1][1] : start] if index else ""
        predicate = _PREDICATE_AFTER_ASIDE.search(text, start, min(end, start + 100))
        if not (index and _RELATIVE_OPENING.fullmatch(gap) and predicate):
            result.append((start, end))
            continue
        head_start = spans[index - 1][0]
        # (The relative clause keeps its whole span: what it said before still stands.)
        result.append((start, end))
        masked[len(result)] = (
            text[head_start : spans[index - 1][1]]
            + " " * (predicate.start() + 1 - spans[index - 1][1])
            + text[predicate.start() + 1 : end]
        )
        result.append((head_start, end))
    return result, masked


class ClaimExtractor:
    def __init__(self, catalogue: Catalogue, lexicon: Lexicon | None = None) -> None:
        self.catalogue = catalogue
        self.lexicon = lexicon or load_lexicon()
        # The last sentence's value mentions: asked for again by every reference in it.
        self._value_cache: tuple[str, dict[str, list[tuple[int, int]]]] | None = None
        # The last sentence's subjects: its claims are read, then it is remembered (2 asks).
        self._candidates_cache: tuple[str, tuple[_Candidate, ...]] | None = None
        # Article state, set by extract(): the outlet as an origin when it is first-party,
        # the people the story names (name → full name, employer) and the last one named.
        self._outlet: str | None = None
        self._outlet_origin: str | None = None
        self._publisher: set[str] = set()
        # The outlet or firm the story last cited ("The Information reported"): "the report
        # said" later is theirs. The speaker of a quotation the previous sentence closed.
        self._last_cited: str | None = None
        self._quote_speaker: str | None = None
        # The company that spoke last ("the spokesperson said" after "an Nvidia spokesperson").
        self._last_company: str | None = None
        self._origin_span: tuple[int, int] | None = None
        self._people: dict[str, tuple[str, str | None]] = {}
        self._last_person: tuple[str, str | None] | None = None
        # The subjects of the last few sentences, nearest last (references resolve to them).
        self._recent: list[Subject] = []
        self._founded: str | None = None
        # Whether each of those sentences named no other vendor ("Samsung's memory business
        # has benefited …"): a supplier alone in its sentence is no ambiguous antecedent of
        # a reference in a sentence that names no customer either ("the company's profit").
        self._recent_alone: list[bool] = []
        self._families = self._chip_families()
        memory = self.lexicon.topics.get("memory")
        # Memory values that name a supplier ("samsung", "sk hynix"), not a memory type.
        self._memory_suppliers = frozenset(
            value
            for value, group in (memory.value_groups if memory else {}).items()
            if group == "supplier"
        )

    # Public API -------------------------------------------------------------------------

    def extract(
        self,
        title: str,
        text: str,
        reliability: float | None = None,
        source: str | None = None,
    ) -> list[ExtractedClaim]:
        """Every claim of an article (title + main text), in text order, without duplicates.

        `source`: the outlet's name; a first-party outlet (a vendor's newsroom, a research
        firm publishing its own findings) is the origin of what it states unattributed."""
        lexicon = self.lexicon
        reliability = (
            lexicon.confidence["default_reliability"] if reliability is None else reliability
        )
        title_sentence = Sentence(" ".join(title.split()), heading=True)
        # Extracted text often repeats the headline as its first line: that line is
        # the headline, handled below, not a sentence of the story.
        headline = title_sentence.text.casefold()
        every = [
            s
            for s in split_sentences(text, lexicon)
            if " ".join(s.text.split()).casefold() != headline
        ]
        body = [s for s in every if not is_boilerplate(s, lexicon)]
        # "Start with Huawei. The company obtained …": a sentence too short to claim
        # anything still says whom the next reference means.
        kept = {id(s) for s in body}
        short = {
            id(s)
            for s in every
            if id(s) not in kept and not s.text.endswith("?") and len(_WORD.findall(s.text)) < 4
        }
        main = self.main_subject(title, [s for s in body if not s.related][:3])
        headline_hedge = self._hedge_factor(lexicon.hedges.find(title_sentence.text))
        self._outlet = self.lexicon.origins.get(source or "", source)
        self._outlet_origin = self.first_party_origin(source)
        self._publisher = {name for name in (self._outlet, self._outlet_origin) if name}
        if wire := _WIRE_DATELINE.search(text[:200]):
            # "SAN FRANCISCO (Reuters) -": a wire's story, whoever republishes it.
            self._publisher.add(lexicon.origins.get(wire["wire"], wire["wire"]))
        self._last_cited = None
        self._quote_speaker = None
        self._last_company = None
        self._people = self.people(main, [title_sentence, *body])
        self._last_person = None
        self._recent, self._recent_alone = [], []
        self._founded = None
        claims: list[ExtractedClaim] = []
        carried: str | None = None
        previous: list[ExtractedClaim] = []
        # Early sentences denying reports with no figure before them: the headline's.
        denies_headline: list[tuple[Sentence, int]] = []
        # The company a table's heading names ("Estimates (AMD data centre GPU revenue,
        # $bn)"): its rows keyed by year ("2025E: 7.1") are that company's figures.
        table_company: str | None = None
        cursor = 0
        number = -1
        for sentence in every:
            if id(sentence) in short:
                self._remember_subject(sentence)
                continue
            if id(sentence) not in kept:
                continue
            number += 1
            # '"…," Nvidia said. "While we …"': a quotation that goes on after its
            # attribution is still its speaker's.
            opens_quote = sentence.text.lstrip()[:1] in {'"', "“"}
            self._quote_speaker = carried if opens_quote else None
            found = self.sentence_claims(sentence, main, reliability, headline_hedge)
            if doubted := _DOUBTED_REPORT.search(sentence.text):
                found = [c for c in found if c.clause[1] <= doubted.start()]
            year_row = _YEAR_ROW.match(sentence.text)
            at = text.find(sentence.text, cursor)
            if at >= 0:
                if text[cursor:at].strip():
                    # A line between (a heading too short to be read, "Risks"): another table.
                    table_company = None
                cursor = at + len(sentence.text)
            if year_row and table_company and not found:
                found = [self._year_row_claim(sentence.text, year_row, table_company, reliability)]
            if not year_row:
                table_company = self._table_heading_company(sentence.text)
            reports_denied = _REPORTS_DENIED.search(sentence.text)
            if _FIGURE_DENIED.search(sentence.text) or reports_denied:
                denied = self._figures_denied(sentence.text, main, previous, found)
                replaced = {id(old) for old, _ in denied}
                claims = [c for c in claims if id(c) not in replaced]
                found = [*(new for _, new in denied), *found]
                if reports_denied and not found and number < HEADLINE_DENIAL_REACH:
                    denies_headline.append((sentence, len(claims)))
            claims.extend(found)
            previous = found
            carried = None
            if _QUOTE_ATTRIBUTION.search(sentence.text):
                said_by = self.find_origin(sentence.text, main)
                carried = said_by if said_by != ANONYMOUS else None
            self._last_person = self._person_in(sentence.text) or self._last_person
            self._remember_subject(sentence)
        # The headline comes before the story: no reference in it reaches into the body.
        self._recent, self._recent_alone = [], []
        # The headline is a claim of its own (readers see it first), kept with a lower
        # confidence and marked as a headline's even when the text says the same.
        if title_sentence.text and not is_boilerplate(title_sentence, lexicon):
            factor = lexicon.confidence.get("headline_factor", 0.85)
            headline_claims = self.sentence_claims(
                title_sentence, main, reliability, headline_hedge
            )
            for sentence, position in reversed(denies_headline):
                # "Cambricon calls reports of tripled output false": a figure in words, and
                # already denied, goes over as the body sentence's denial.
                denied = self._figures_denied(
                    sentence.text, main, headline_claims, [], from_headline=True
                )
                for _, new in reversed(denied):
                    new.basis.pop("denied_by_next_sentence", None)
                    new.basis["denied_from_headline"] = True
                    claims.insert(position, new)
            for claim in headline_claims:
                claim.headline = True
                claim.basis["headline"] = True
                claim.basis["headline_factor"] = factor
                claim.confidence = round(claim.confidence * factor, 3)
                claims.append(claim)
        story = [s for s in body if not s.related]
        named_chips = self.named_chips([title_sentence, *story[:NAMING_REACH]])
        main_chips = {**self.main_chips(title_sentence, story), **named_chips}
        claims = rule_a_model_is_named_as_the_story_names_it(
            claims, self.models_named([title_sentence, *story])
        )
        return apply_article_rules(
            rule_a_backdoor_aside_is_no_claim(claims), main_chips, named_chips
        )

    def models_named(self, sentences: list[Sentence]) -> list[str]:
        """The AI models an article names (software values of the `model` group), in order."""
        software = self.lexicon.topics.get("software")
        if software is None:
            return []
        found: dict[str, str] = {}
        for sentence in sentences:
            for match in software.values.find(sentence.text):
                if software.group_of(match.label) == MODEL_GROUP:
                    found.setdefault(match.label.casefold(), match.label)
        return list(found.values())

    def _figures_denied(
        self,
        text: str,
        main: Subject | None,
        previous: list[ExtractedClaim],
        found: list[ExtractedClaim],
        from_headline: bool = False,
    ) -> list[tuple[ExtractedClaim, ExtractedClaim]]:
        """ "The reports said it planned to deliver 500,000 accelerators. Cambricon said that
        figure was not accurate": the figures the previous sentence stated are denied, in
        the denying sentence's words and by its speaker (by the claim it replaces)."""
        if any(c.topic == "business" for c in found):
            return []
        origin = self.find_origin(text, main)
        origin = None if origin == ANONYMOUS else origin
        denied: list[tuple[ExtractedClaim, ExtractedClaim]] = []
        for claim in previous:
            if claim.topic != "business" or (claim.polarity != "affirm" and not from_headline):
                continue
            if not from_headline and not _DIGIT.search(claim.value):
                continue
            subject = Subject(claim.vendor, claim.chip)
            new = replace(
                claim,
                polarity="deny",
                quote=text,
                origin=(origin or "")[:200],
                statement=self.statement(subject, claim.topic, "deny", claim.value, origin, False),
                clause=(0, len(text)),
                basis={**claim.basis, "origin": origin or "", "denied_by_next_sentence": True},
            )
            denied.append((claim, new))
        return denied

    def main_chips(self, title: Sentence, body: list[Sentence]) -> dict[str, str]:
        """Each vendor's single main chip in this article: the first chip of it that the
        headline names as a subject ("NVIDIA's B30A … With Half the Compute of B300"),
        else the only one the lead (first three sentences) names. None when in doubt: a
        chip named only further down is a predecessor, a rival or an aside."""
        main: dict[str, str] = {}
        for candidate in self._explicit_candidates(title.text):
            chip = candidate.subject.chip
            if chip and candidate.strong and not self._compared(title.text, candidate.start):
                main.setdefault(candidate.subject.vendor, chip)
        named: dict[str, set[str]] = {}
        unknown: set[str] = set()
        for sentence in [title, *body[:3]]:
            for span in self.catalogue.tagger.spans(sentence.text):
                if span.chip is None:
                    continue
                if is_unknown_variant(sentence.text, span.end):
                    # "NVIDIA Unveils Rubin CPX": the story's product is not in the catalogue.
                    unknown.add(span.chip.vendor_slug)
                else:
                    named.setdefault(span.chip.vendor_slug, set()).add(span.chip.slug)
        for vendor, chips in named.items():
            if len(chips) == 1 and vendor not in unknown:
                main.setdefault(vendor, next(iter(chips)))
        return main

    def named_chips(self, sentences: list[Sentence]) -> dict[str, str]:
        """The chip each vendor's new product is named as, early in the story ("The chip,
        provisionally known as the B30A", "refer to the part as the B40"): the story is
        about it, whatever predecessor or rival the lead measures it against."""
        named: dict[str, set[str]] = {}
        for sentence in sentences:
            for chip in self._chips_given_a_name(sentence.text):
                vendor = self._chip_vendor(chip)
                if vendor:
                    named.setdefault(vendor, set()).add(chip)
        return {vendor: next(iter(chips)) for vendor, chips in named.items() if len(chips) == 1}

    def _chips_given_a_name(self, text: str) -> list[str]:
        return [
            span.chip.slug
            for span in self.catalogue.tagger.spans(text)
            if span.chip is not None and _NAMING.search(text, max(0, span.start - 120), span.start)
        ]

    def main_subject(self, title: str, lead: list[Sentence]) -> Subject | None:
        """The most-mentioned vendor (and its chip) of the headline and lead, as a subject."""
        vendors: Counter[str] = Counter()
        chips: Counter[str] = Counter()
        order: dict[str, int] = {}
        for index, sentence in enumerate([Sentence(title, heading=True), *lead]):
            first_chip = True
            for candidate in self._explicit_candidates(sentence.text):
                weight = 2 if candidate.strong else 1
                vendors[candidate.subject.vendor] += weight
                order.setdefault(candidate.subject.vendor, len(order))
                if candidate.subject.chip and candidate.strong:
                    # The headline's first chip is what the story is about ("NVIDIA's B30A
                    # … Outpacing the H20").
                    chips[candidate.subject.chip] += 2 if index == 0 and first_chip else 1
                    first_chip = False
        if not vendors:
            return None
        vendor = max(vendors, key=lambda slug: (vendors[slug], -order[slug]))
        chip_slugs = [
            slug for slug in chips if self._chip_vendor(slug) == vendor and chips[slug] >= 2
        ]
        chip = max(chip_slugs, key=lambda slug: chips[slug]) if chip_slugs else None
        return Subject(vendor, chip)

    def sentence_claims(
        self,
        sentence: Sentence,
        main: Subject | None,
        reliability: float = 0.7,
        headline_hedge: float = 1.0,
    ) -> list[ExtractedClaim]:
        lexicon = self.lexicon
        text = sentence.text
        candidates = self._explicit_candidates(text)
        if not sentence.related:
            candidates += self._anaphora(text, candidates, main)
        first_person = [] if sentence.related else self._first_person_in_quotes(text)
        # "Revenue for the quarter came to $1.2 billion": a company figure in a sentence that
        # names no company is the story's main company's (business only, see below).
        implicit = (
            not candidates
            and not first_person
            and main is not None
            and not sentence.related
            and not sentence.heading
            and names_a_company_figure(text)
            and not self.lexicon.anaphora.find(text)
        )
        if implicit:
            assert main is not None
            candidates = [_Candidate(0, 0, Subject(main.vendor), True, anaphor=True)]
        if not candidates and not first_person:
            return []
        candidates.sort(key=lambda c: c.start)
        opening = next((c.subject.vendor for c in candidates if c.anaphor and c.start < 16), None)
        origin = self.find_origin(text, main, opening)
        said_at = self._origin_span
        anonymous = origin == ANONYMOUS
        origin = None if anonymous else origin
        origin_from = "sentence" if origin else ""
        if origin is None and self._quote_speaker and not anonymous:
            origin, origin_from = self._quote_speaker, "quotation"
        if first_person:
            candidates = self._speakers_company(first_person, candidates, origin, anonymous)
            if not candidates:
                return []
        vendors = self.catalogue.vendor_names.values()
        if origin and origin in vendors:
            self._last_company = origin
        elif origin and self._person_named(origin) is None:
            self._last_cited = origin
        # Who vouches for the sentence, for its confidence: the origin, or the publisher
        # itself when it speaks in its own name.
        speaker = origin
        if origin and self._is_publisher(origin):
            # docs/vocabulary.md: the publisher is never the origin. "TrendForce expects" in
            # TrendForce's report, "NVIDIA today announced" in NVIDIA's newsroom, "DigiTimes
            # understands" are the article's own word, not a source it cites.
            origin, origin_from = None, "publisher"
        elif origin is None and self._outlet_origin and not sentence.related and not anonymous:
            # A vendor's newsroom or a research firm states its own findings: no origin, but
            # the firm vouches for them.
            speaker, origin_from = self._outlet_origin, "first-party outlet"
        rel = reliability
        if speaker:
            origin_rel = lexicon.origin_reliability.get(
                speaker, lexicon.confidence["named_origin_reliability"]
            )
            rel = (reliability + origin_rel) / 2
        floor = lexicon.confidence["reliability_floor"]
        reliability_factor = floor + (1 - floor) * rel
        value_spans = self._value_mentions(text)
        claims: dict[tuple, ExtractedClaim] = {}
        spans = _clauses(text, lexicon)
        opening = _LEADING_CONTRAST.match(text) or _OPENING_CONDITION.match(text)
        if opening and spans and spans[0][1] > opening.end():
            spans = [(0, opening.end() - 1), (opening.end(), spans[0][1]), *spans[1:]]
        spans = _end_parenthetical_contrasts(text, spans)
        spans, masked = _predicates_after_asides(text, spans)
        clauses = [masked.get(index, text[start:end]) for index, (start, end) in enumerate(spans)]
        negation_cues = [self._negations(clause) for clause in clauses]
        # Flips of a whole clause's polarity, from outside it.
        flipped = [False] * len(clauses)
        contrasted = [
            bool(index and _CONTRAST.search(text[spans[index - 1][1] : start]))
            for index, (start, _) in enumerate(spans)
        ]
        for index, contrast in enumerate(contrasted):
            # "built on 18A rather than at TSMC": the contrasted clause is what is not so.
            if contrast:
                flipped[index] = not flipped[index]
        # Clauses whose flip is a licence refused ("…, and no such licences have been granted").
        licence_refused = [False] * len(clauses)
        for index, clause in enumerate(clauses[1:], start=1):
            # "A report said TSMC makes it, which Baidu denied": the denial is the claim's.
            if lexicon.retro_denials.find(clause):
                flipped[index - 1] = not flipped[index - 1]
                licence_refused[index - 1] = bool(
                    _GRANTED.search(clause)
                    and _LICENCE_WORD.search(clauses[index - 1] + " " + clause)
                )
        # Each topic's exceptions in the whole sentence, looked for once a clause may cue it.
        exceptions: dict[str, list[Match]] = {}
        for index, ((clause_start, clause_end), clause) in enumerate(
            zip(spans, clauses, strict=True)
        ):
            if lexicon.no_claim.find(clause) or (opening and index == 0):
                continue
            hedges = lexicon.hedges.find(clause)
            hedge = self._hedge_factor(hedges)
            # The writer's own clause around a speaker's words is nobody's.
            writers = origin_from == "sentence" and _writers_clause(
                text, said_at, clause_start, clause_end
            )
            clause_origin, clause_origin_from = (None, "") if writers else (origin, origin_from)
            shares_cue = contrasted[index] or bool(index and _NEGATED_TAIL.match(clause))
            named_tail = bool(index and not shares_cue and _NEGATED_NAME.match(clause))
            for topic in lexicon.topics.values():
                if implicit and topic.name != "business":
                    continue  # the main company is a subject for its business figures only
                # (Business is the last topic read: a clause still unclaimed may hold a
                # company's figure, the general fallback below.)
                # (An availability claim beside a count gives way to business: see
                # rule_a_volume_is_business_not_availability.)
                unclaimed = topic.name == "business" and not any(
                    c.clause == (clause_start, clause_end)
                    and not (
                        (c.topic == "availability" or "availability_value" in c.basis)
                        and _UNIT_VOLUME.search(clause)
                    )
                    for c in claims.values()
                )
                if not (shares_cue or named_tail) and not _may_cue(topic, clause) and not unclaimed:
                    continue  # most topics have no cue in a clause: the same answer, sooner
                # Exceptions see the whole sentence: "Tested:" loses its colon to the clause break.
                if topic.name not in exceptions:
                    exceptions[topic.name] = topic.exceptions.find(text)
                ignored = [
                    Match(m.start - clause_start, m.end - clause_start, m.label, m.text)
                    for m in exceptions[topic.name]
                    if m.start < clause_end and m.end > clause_start
                ]
                cues, values = self._topic_cues(topic, clause, ignored)
                fallback = not values and unclaimed
                if fallback:
                    cues = values = business_fallback_values(clause, ignored)
                borrowed = False
                if (
                    not cues
                    and (shares_cue or named_tail)
                    and self._cued_before(topic, clauses, index)
                ):
                    borrowed = True
                    # "… made by SMIC rather than by TSMC": the contrast shares the cue, also
                    # across a clause between ("made by TSMC before 2024, not by SMIC").
                    cues = [Match(0, 0, topic.name, "")]
                    # (The topic's exceptions hold there too: "… N+3, rather than a true
                    # 5nm node" describes the process, it denies no node of the chip.)
                    values = [
                        v
                        for v in self._topic_values(topic, clause)
                        if not any(_overlap(v, i) for i in ignored)
                    ]
                    if named_tail and not values:
                        continue
                if not cues:
                    continue
                collective = topic.name != "export_controls" and bool(
                    _COLLECTIVE_SUBJECT.match(clause)
                )
                if collective and topic.name != "business":
                    continue
                if not values and index:
                    values = self._antecedent_values(topic, text, spans, index)
                if not values:
                    values = self._pronoun_values(topic, candidates, spans[index], cues, clause)
                if collective:
                    # The country's plan is nobody's; what it gives a company named right
                    # after it is that company's ("new fabs dedicated to Huawei").
                    values = [
                        v
                        for v in values
                        if any(
                            0 <= c.start - (clause_start + v.end) <= 2
                            for c in candidates
                            if not c.anaphor
                        )
                    ]
                    if not values:
                        continue
                if topic.require_value and not values:
                    continue
                negated = flipped[index] != negation_reaches(
                    negation_cues[index], topic.name, cues, values, clause, lexicon
                )
                anchor = clause_start + min(cue.start for cue in cues)
                excluded = value_spans.get(topic.name, [])
                choice = self._choose(
                    candidates, anchor, (clause_start, clause_end), excluded, topic.name, text
                )
                if choice is None and fallback:
                    owners = [
                        c
                        for c in candidates
                        if not c.anaphor and _owns_the_relative_clause(text, c.end, clause_start)
                    ]
                    choice = (owners[-1].subject, True) if owners else None
                tail_of: dict[str, int] = {}
                if choice is None and (borrowed or shares_cue or named_tail):
                    # "The bulk of its 910C dies come from TSMC, not SMIC": a tail that
                    # shares an earlier clause's cue shares that clause's subject too (also
                    # one with a cue of its own: "… is SK hynix HBM, not CXMT stacks").
                    earlier = [
                        c
                        for c in claims.values()
                        if c.topic == topic.name and c.clause[1] <= clause_start
                    ]
                    if earlier:
                        choice = (Subject(earlier[-1].vendor, earlier[-1].chip), False)
                        # (Where that subject is named, for the rules that look for it.)
                        tail_of = {"tail_of_clause": earlier[-1].clause[0]}
                if choice is None:
                    continue
                chosen, local = choice
                if fallback and not any(
                    not c.anaphor
                    and c.subject.vendor == chosen.vendor
                    and (
                        clause_start <= c.start < clause_start + values[0].end
                        or _owns_the_relative_clause(text, c.end, clause_start)
                    )
                    for c in candidates
                ):
                    # The figure is a company's when the clause names it first, as subject
                    # or possessor ("Nvidia's share … 95 percent", "AMD granted … a warrant"):
                    # not "a $160 million ring smuggling Nvidia chips", not "the company's"
                    # (a reference may mean a company outside the catalogue).
                    continue
                # "AMD and Amazon have reserved capacity": each named subject makes the claim.
                for subject in self._co_listed(candidates, chosen, excluded, text):
                    subject = self._with_chip(
                        subject, candidates, text, anchor, (clause_start, clause_end), topic.name
                    )
                    own_names = {
                        subject.vendor,
                        self.catalogue.vendor_names.get(subject.vendor, ""),
                    }
                    figures = _latest_figures(values, clause) if topic.join_values else values
                    for value in self._claim_values(topic.join_values, figures, own_names):
                        claim_topic = topic.name
                        confidence = self.lexicon.confidence["base"] * hedge * reliability_factor
                        if main is not None and subject.vendor == main.vendor:
                            weight = lexicon.confidence["headline_hedge_weight"]
                            confidence *= 1 - weight * (1 - headline_hedge)
                        polarity = "deny" if negated else "affirm"
                        own_values = [v for v in values if v.label == value]
                        # "bars it from buying U.S. technology without a licence": the
                        # negation may reach one of the clause's values (the licence), not
                        # another (the ban) it does not govern.
                        if (
                            negated
                            and not flipped[index]
                            and not topic.join_values
                            and 0 < len(own_values) < len(values)
                            and not negation_reaches(
                                negation_cues[index], topic.name, cues, own_values, clause, lexicon
                            )
                        ):
                            polarity = "affirm"
                        if licence_refused[index] and value == "banned":
                            # "barred without a licence, and no such licences have been
                            # granted": the licence refused is the one the ban requires, so
                            # the refusal denies the licence and leaves the ban standing.
                            polarity = (
                                "deny"
                                if negation_reaches(
                                    negation_cues[index],
                                    topic.name,
                                    cues,
                                    own_values,
                                    clause,
                                    lexicon,
                                )
                                else "affirm"
                            )
                        read_as: dict[str, str] = {}
                        if claim_topic == "availability":
                            stages = [
                                (v.start, v.end)
                                for v in own_values
                                if clause[v.start : v.end].casefold() == v.text.casefold()
                            ]
                            reading = availability_or_plan(
                                value,
                                polarity,
                                clause,
                                sentence.heading,
                                stages,
                                delay_denied=bool(_DELAY_DENIED.search(text)),
                            )
                            if reading is None:
                                continue
                            if reading != claim_topic:
                                read_as = {"availability_value": value}
                                claim_topic, value = reading, ""
                        claim = ExtractedClaim(
                            vendor=subject.vendor,
                            chip=subject.chip,
                            topic=claim_topic,
                            polarity=polarity,
                            value=value[:200],  # the model's column width
                            statement=self.statement(
                                subject, claim_topic, polarity, value, clause_origin, hedge < 0.95
                            ),
                            quote=text,
                            origin=(clause_origin or "")[:200],
                            confidence=round(min(max(confidence, 0.0), 1.0), 3),
                            hedges=tuple(h.text for h in hedges),
                            local=local,
                            clause=(clause_start, clause_end),
                            basis={
                                "hedges": [h.text for h in hedges],
                                "hedge_factor": round(hedge, 3),
                                "origin": clause_origin or "",
                                "origin_kind": self.origin_kind(clause_origin),
                                "origin_from": clause_origin_from,
                                "outlet_reliability": reliability,
                                "headline": False,
                                **read_as,
                                **tail_of,
                            },
                        )
                        affirmed = (*claim.key()[:3], "affirm", claim.key()[4])
                        generic_of_affirmed = any(
                            k[:3] == claim.key()[:3] and k[3] == "affirm" and claim.key()[4] in k[4]
                            for k in claims
                        )
                        if contrasted[index] and (affirmed in claims or generic_of_affirmed):
                            # "its own HBM, rather than HBM bought from Samsung": what the
                            # contrast denies is the supplier, not the HBM just affirmed.
                            continue
                        previous = claims.get(claim.key())
                        if previous is None or (claim.local and not previous.local):
                            claims[claim.key()] = claim
        facts = SentenceFacts(
            text=text,
            heading=sentence.heading,
            candidates=candidates,
            named_chips=frozenset(
                c.subject.chip for c in candidates if c.subject.chip and not c.anaphor
            ),
            value_spans=tuple(span for spans in value_spans.values() for span in spans),
        )
        found = apply_rules(list(claims.values()), facts, self.catalogue, self._memory_suppliers)
        found = rule_a_memory_qualification_is_the_customers_memory(
            found,
            facts,
            self.catalogue,
            lambda claim, subject, value: self.statement(
                subject, "memory", claim.polarity, value, claim.origin, claim.hedges != ()
            ),
        )
        found = rule_a_peers_trading_debut_is_market_colour(found, facts, main)
        found = self._no_chip_claims_from_share_moves(found, text, candidates, main)
        found = rule_a_row_of_several_chips_is_the_companys(found, facts, self.catalogue)
        if found:
            lines = self.families_named(text)
            for claim in found:
                claim.family = lines.get(claim.vendor)
                if claim.family is None and self._names_an_unknown_model(text, claim.clause):
                    # "Kunlunxin would launch the M100, optimized for inference", "Huawei's
                    # Kirin 9030 is built on N+3": a product the catalogue does not know is
                    # what the clause speaks of, not the story's main chip.
                    claim.family = frozenset()
            found = rule_a_buyers_chips_are_not_its_own(found, facts, self.catalogue)
        return found

    def _no_chip_claims_from_share_moves(
        self,
        claims: list[ExtractedClaim],
        text: str,
        candidates: list[_Candidate],
        main: Subject | None,
    ) -> list[ExtractedClaim]:
        """A company whose shares the sentence moves (see share_moves) is no foundry of
        another's chips ("Hygon closed limit-up, while SMIC climbed 10%" is no SMIC-made
        Hygon chip), and its slipping or jumping is no chip of its under way ("Cambricon
        slipped 0.8 per cent in Shanghai" is no delay)."""
        if not claims or not _TRADING.search(text):
            return claims
        owners = [(c.start, c.end, c.subject.vendor) for c in candidates]
        moved = {
            vendor for vendor, _, _ in share_moves(text, owners, main.vendor if main else None)
        }
        if not moved:
            return claims
        names = {self.catalogue.vendor_names.get(v, v).casefold() for v in moved}
        return [
            c
            for c in claims
            if not (c.topic == "manufacturing" and c.value.casefold() in names)
            and not (c.topic == "development" and c.vendor in moved and c.chip is None)
        ]

    def _table_heading_company(self, text: str) -> str | None:
        """The one company a short line without a full stop names: a table's heading."""
        if _SENTENCE_FULL_STOP.search(text) or len(_WORD.findall(text)) > 12:
            return None
        vendors = {c.subject.vendor for c in self._explicit_candidates(text)}
        return vendors.pop() if len(vendors) == 1 else None

    def _year_row_claim(
        self, text: str, row: re.Match[str], vendor: str, reliability: float
    ) -> ExtractedClaim:
        """ "2025E: 7.1" under "Estimates (AMD data centre GPU revenue, $bn)": AMD's figure
        for the year, as the heading counts it (the heading says what)."""
        lexicon = self.lexicon
        floor = lexicon.confidence["reliability_floor"]
        confidence = lexicon.confidence["base"] * (floor + (1 - floor) * reliability)
        value = row["figure"]
        return ExtractedClaim(
            vendor=vendor,
            chip=None,
            topic="business",
            polarity="affirm",
            value=value,
            statement=self.statement(Subject(vendor), "business", "affirm", value, None, False),
            quote=text,
            origin="",
            confidence=round(min(max(confidence, 0.0), 1.0), 3),
            clause=(0, len(text)),
            basis={
                "hedges": [],
                "hedge_factor": 1.0,
                "origin": "",
                "origin_kind": self.origin_kind(None),
                "origin_from": "",
                "outlet_reliability": reliability,
                "headline": False,
                "table_heading": vendor,
            },
        )

    def _owns_an_unknown_model(self, text: str, match: Match) -> bool:
        """ "Its BR166", "their M100": a possessive pronoun right before a model name the
        catalogue does not know."""
        if match.text.casefold() not in {"its", "their"}:
            return False
        model = _UNKNOWN_MODEL.match(text, match.end + 1)
        if model is None or text[match.end : match.end + 1] != " " or _NOT_A_MODEL.match(model[0]):
            return False
        return not any(
            s.start < model.end()
            for s in self.catalogue.tagger.spans(text[model.start() : model.end()])
        )

    def _names_an_unknown_model(self, text: str, clause: tuple[int, int]) -> bool:
        start, end = clause
        end = end or len(text)
        opening = _UNKNOWN_MODEL.search(text, 0, min(end, 30))
        if opening is not None and opening.start() < start:
            # "Its BR166, which combines two dies, began shipping": the model the sentence
            # opens with is the subject of its later clauses too.
            start = opening.start()
        spans = self.catalogue.tagger.spans(text)
        for match in _UNKNOWN_MODEL.finditer(text, start, end):
            if _NOT_A_MODEL.match(match[0]):
                continue
            if any(s.start < match.end() and match.start() < s.end for s in spans):
                continue
            if not self._compared(text, match.start()):
                return True
        return False

    def _chip_families(self) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, frozenset]]]:
        """The lexicon's product lines as (a pattern of their names, name → (vendor, chip
        slugs)); a line whose members are not all one vendor's catalogue chips is left out."""
        lines: dict[str, tuple[str, frozenset]] = {}
        for name, members in self.lexicon.chip_families.items():
            chips = {
                span.chip.slug
                for member in members
                for span in self.catalogue.tagger.spans(member)
                if span.chip is not None
            }
            vendors = {self.catalogue.chip_vendors.get(chip) for chip in chips}
            if chips and len(vendors) == 1 and None not in vendors:
                lines[name] = (vendors.pop(), frozenset(chips))
        if not lines:
            return None, lines
        names = "|".join(re.escape(n) for n in sorted(lines, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:{names})(?!\w)"), lines

    def families_named(self, text: str) -> dict[str, frozenset[str]]:
        """The chips of each vendor's product lines the text names by the line's name
        ("Ascend", "Nvidia's Blackwell chips") or as a model number's series ("the 910
        series"), not inside a chip's own name ("Blackwell Ultra" is the B300)."""
        spans = self.catalogue.tagger.spans(text)
        named = {s.chip.slug for s in spans if s.chip is not None}
        found: dict[str, set[str]] = {}
        pattern, lines = self._families
        if pattern is not None:
            for match in pattern.finditer(text):
                if any(s.start < match.end() and match.start() < s.end for s in spans):
                    continue
                vendor, chips = lines[match[0]]
                if chips & named:
                    # "the Hopper-based H20": the line of a chip the sentence names.
                    continue
                if _MODEL_AFTER.match(text, match.end()) or _NEXT_BEFORE.search(
                    text, 0, match.start()
                ):
                    # "Kunlun M100", "Google's next TPU": a product of the line the catalogue
                    # does not know, or its coming one.
                    found.setdefault(vendor, set())
                    continue
                found.setdefault(vendor, set()).update(chips)
        for match in _SERIES.finditer(text):
            model = re.compile(rf"{re.escape(match['number'].casefold())}[a-z]*")
            for slug, name in self.catalogue.chip_names.items():
                if any(model.fullmatch(word) for word in name.casefold().split()):
                    found.setdefault(self.catalogue.chip_vendors.get(slug, ""), set()).add(slug)
        return {vendor: frozenset(chips) for vendor, chips in found.items() if vendor}

    def find_origin(
        self, text: str, main: Subject | None = None, opening: str | None = None
    ) -> str | None:
        """The primary source a sentence attributes itself to, canonically named.

        A company speaking for itself is the origin ("Nvidia said", "an Nvidia spokesperson
        told Reuters", "百度表示"), named as the catalogue names it ("AWS" → "Amazon"); a
        named person speaking is the origin by full name, not their employer ("Su said" is
        "Lisa Su"). `opening`: the vendor a reference opening the sentence stands for ("The
        company expects …, it said" is that company's).
        """
        lexicon = self.lexicon
        # The attribution that comes first in the sentence is its speaker ("Su said the
        # MI450 …, with 432GB per GPU" is Su's, whatever "per GPU" looks like).
        matches = sorted(
            # Most sentences lack the words most patterns need: no search for those.
            matches_of(lexicon.attribution, text),
            key=lambda m: m.start("name"),
        )

        # "AMD expects …, said Jean Hu, chief financial officer of AMD", "SK hynix expects …,
        # CFO Kim Woo-hyun told analysts": an officer named in an attribution set off by a
        # comma speaks the whole sentence, before their employer.
        def set_off_person(m: re.Match[str]) -> bool:
            set_off = m[0].startswith(",") or text[: m.start("name")].endswith(", ")
            return set_off and self._person_named(_named(m)) is not None

        # "The White House has told agencies that …, The Information reported": an outlet
        # reporting the whole sentence, set off by a comma after it, is its source, not a
        # party the report has telling someone something inside it. (A party that said it
        # on the record stays the source: "Samsung said …, Reuters reported".)
        def set_off_outlet(m: re.Match[str]) -> bool:
            name = _named(m)
            return (
                m.start("name") > 0
                and text[: m.start("name")].rstrip().endswith(",")
                and bool(lexicon.origins.get(name))
                and self._person_named(name) is None
                and bool(_REPORTED_AFTER.match(text, m.end("name")))
            )

        outlets = [m for m in matches if set_off_outlet(m)]
        if outlets and all(_INSTRUCTED.search(m[0]) for m in matches if m not in outlets):
            matches.sort(key=lambda m: m not in outlets)
        matches.sort(key=lambda m: not set_off_person(m))
        self._origin_span = None
        for match in matches:
            # Where the attribution that speaks stands (see _writers_clause).
            self._origin_span = (match.start(), match.end())
            if "said" in match.re.groupindex and match["said"]:
                # "AMD launches the MI355X, says it matches the B200": the speaker's words
                # start at "says"; the news before them is the writer's.
                self._origin_span = (match.start("said"), match.end())
            name = _named(match)
            if self._is_product(name):
                # "Nvidia to launch cheaper Blackwell chip …": a chip or a product line
                # never speaks.
                continue
            if _TOLD.match(match[0]) and self._addressee(name):
                # "Washington told Nvidia that …": Nvidia is told, not telling.
                continue
            if _OBJECT_OF_CLAUSE.search(text, 0, match.start("name")):
                # "Two analysts who follow the company told Caixin": not the company.
                continue
            canonical = lexicon.origins.get(name) or lexicon.origins.get(
                name.removeprefix("The ").removeprefix("the ")
            )
            # Where the bare name stands in the sentence.
            start = match.start("name") + max(match["name"].find(name), 0)
            end = start + len(name)
            person = self._person_named(name)
            if person is not None:
                # "Su said", "Trump says": the person, by full name (the employer is not
                # the source).
                return person[0]
            if name in {"She", "He", "she", "he"} and self._last_person is not None:
                return self._last_person[0]
            if name in {"It", "it"}:
                speaker = self._sentence_subject_vendor(text, start, main, opening)
                if speaker:
                    return speaker
                continue
            if _THE_SPOKESPERSON.fullmatch(name):
                speaker = self._last_company or self._sentence_subject_vendor(
                    text, start, main, opening
                )
                if speaker:
                    return speaker
                continue
            if _ITS_OFFICERS.fullmatch(name):
                speaker = self._sentence_subject_vendor(text, start, main, opening)
                if speaker:
                    return speaker
                continue
            if _DESCRIBED_FIRM.fullmatch(name):
                # "The Canadian analysis firm … found": the source cited before.
                if self._last_cited:
                    return self._last_cited
                continue
            if _CJK_PROSPECTUS.fullmatch(name):
                # "招股书显示…": the company the sentence or the story is about.
                speaker = self._sentence_subject_vendor(text, start, main, opening)
                if speaker:
                    return speaker
                continue
            if cited := _CITED_SOURCE.fullmatch(name):
                # "the report said": the source cited before; "the prospectus said",
                # "according to its annual report": the company's.
                if cited["kind"] in _COMPANY_PAPERS or name[:3].casefold() == "its":
                    speaker = self._sentence_subject_vendor(text, start, main, opening)
                else:
                    speaker = self._last_cited
                if speaker:
                    return speaker
                continue
            speaker = self._speaking_vendor(text, start, end)
            if speaker == ANONYMOUS:
                # "Two sources told Reuters": Reuters' reporting is the primary source, unless
                # Reuters is this very article ("a person familiar … told Tom's Hardware").
                if canonical and not self._is_publisher(canonical):
                    return canonical
                return ANONYMOUS
            if speaker:
                return speaker
            if canonical:
                return canonical
            if name.split()[0] in lexicon.not_names and len(name.split()) == 1:
                continue
            speaker = self._anaphoric_speaker(text, start, name, main, opening)
            if speaker:
                return speaker
            if name in lexicon.not_names or name.casefold().startswith("the "):
                continue
            return name
        self._origin_span = None
        for match in _CJK_SAYS.finditer(text):
            vendor = self._vendor_ending_at(text, match.start(), main)
            if vendor:
                return vendor
        return None

    def _is_publisher(self, origin: str) -> bool:
        """The article's own outlet, however either is spelled ("Caixin" in "Caixin Global",
        "Microsoft" for "Microsoft (press release)")."""
        said = origin.casefold()
        return any(said in name.casefold() or name.casefold() in said for name in self._publisher)

    def _is_product(self, name: str) -> bool:
        """A chip ("Rubin", "AMD's MI355X") or a product line ("Blackwell")."""
        if name in self.lexicon.chip_families:
            return True
        spans = self.catalogue.tagger.spans(name)
        return bool(spans) and spans[-1].chip is not None and not name[spans[-1].end :].strip()

    def _addressee(self, name: str) -> bool:
        """A vendor told something ("told Nvidia that…"), not an outlet told a story."""
        if name in self.lexicon.origins:
            return False
        spans = [s for s in self.catalogue.tagger.spans(name) if s.chip is None]
        return bool(spans) and spans[0].start == 0

    def origin_kind(self, origin: str | None) -> str:
        """company (it speaks for itself), listed (rated in the lexicon), named, or none."""
        if not origin:
            return "none"
        if origin in self.catalogue.vendor_names.values():
            return "company"
        return "listed" if origin in self.lexicon.origin_reliability else "named"

    def _first_person_in_quotes(self, text: str) -> list[Match]:
        """ "we", "us", "our" inside a quotation ('"the rules prevent us from shipping,"
        Huang said'), or anywhere in a sentence that carries on a quotation whose speaker the
        sentence before named. Outside quotes the first person is the writer's ("we
        estimate" in a note), never a company's."""
        if not _FIRST_PERSON.search(text):
            return []
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        if self._quote_speaker and text.lstrip()[:1] in {'"', "“"} and not quoted:
            quoted = [(0, len(text))]
        elif self._quote_speaker and text.lstrip()[:1] in {'"', "“"}:
            # The sentence opens a quotation it never closes: the speaker's to its end.
            quoted.append((quoted[-1][1], len(text)))
        return [
            Match(m.start(), m.end(), "vendor", m[0])
            for m in _FIRST_PERSON.finditer(text)
            if any(start <= m.start() < end for start, end in quoted)
        ]

    def _speakers_company(
        self,
        pronouns: list[Match],
        candidates: list[_Candidate],
        origin: str | None,
        anonymous: bool,
    ) -> list[_Candidate]:
        """The speaker's company stands where the quotation says "we": a company speaking
        is itself ("Nvidia said"), a person speaks for the employer the story gave them
        ("Chief Executive Jensen Huang" → Nvidia). An unnamed speaker's "we" is nobody's."""
        if origin is None or anonymous:
            return candidates
        slugs = {name: slug for slug, name in self.catalogue.vendor_names.items()}
        person = self._person_named(origin)
        company = person[1] if person is not None else origin
        vendor = slugs.get(company or "")
        if vendor is None or self.catalogue.vendor_kinds.get(vendor) in SUPPLIER_KINDS:
            # A foundry's or memory maker's "our HBM4 will be in Rubin" is about a customer's
            # chip, with the speaker as its supplier: the chip's claim as it stands.
            return candidates
        taken = [(c.start, c.end) for c in candidates]
        found = [
            _Candidate(p.start, p.end, Subject(vendor), True, anaphor=True)
            for p in pronouns
            if not any(s <= p.start < e for s, e in taken)
        ]
        return sorted([*candidates, *found], key=lambda c: c.start)

    def _speaking_vendor(self, text: str, start: int, end: int) -> str | None:
        """The vendor that speaks in an attribution, if a vendor does.

        The {name} itself ("Huawei Technologies", "SK Hynix Inc"), or, for "… told Reuters",
        a vendor or its officer just before "told" ("Nvidia spokesperson John Rizzo told").
        """
        names = self.catalogue.vendor_names
        name = text[start:end]
        spans = [s for s in self.catalogue.tagger.spans(name) if s.chip is None]
        if spans and spans[0].start == 0:
            rest = name[spans[0].end :].strip(" .,")
            first = rest.split()[0].strip(".,") if rest else ""
            if not rest or first in _CORPORATE_SUFFIXES or _OFFICER.match(rest):
                return names.get(spans[0].vendor_slug, spans[0].vendor_slug)
            # "Alibaba's T-Head says": a unit the catalogue files under its company is the
            # company, by the catalogue's name (docs/vocabulary.md).
            unit = spans[1] if len(spans) == 2 else None
            if (
                unit is not None
                and rest[:2] in {"'s", "’s"}
                and unit.vendor_slug == spans[0].vendor_slug
                and not name[unit.end :].strip(" .,")
            ):
                return names.get(unit.vendor_slug, unit.vendor_slug)
        if _OFFICER.match(name):
            named = [s for s in self.catalogue.tagger.spans(text) if not start <= s.start < end]
            if named:
                return names.get(named[0].vendor_slug, named[0].vendor_slug)
        before = text[max(0, start - 80) : start]
        if not re.search(r"\b(?:told|tells|telling)\s+$", before):
            return None
        said_by = before[: re.search(r"\b(?:told|tells|telling)\s+$", before).start()]
        if _UNNAMED_SPEAKER.search(said_by):
            # "A person familiar with Kunlunxin's supply chain told Tom's Hardware", "a
            # former Samsung executive told us": nobody on the record; no employer speaks.
            return ANONYMOUS
        for span in reversed(self.catalogue.tagger.spans(said_by)):
            between = said_by[span.end :]
            if span.chip is None and len(_WORD.findall(between)) <= 5 and "," not in between:
                return names.get(span.vendor_slug, span.vendor_slug)
            break
        return None

    def first_party_origin(self, source: str | None) -> str | None:
        """The outlet as the origin of its own statements: a vendor's newsroom ("Microsoft
        (press release)") or a research firm listed as first-party in the lexicon."""
        if not source:
            return None
        if source in self.lexicon.first_party_outlets:
            return self.lexicon.origins.get(source, source)
        spans = [span for span in self.catalogue.tagger.spans(source) if span.chip is None]
        if spans and spans[0].start == 0:
            slug = spans[0].vendor_slug
            return self.catalogue.vendor_names.get(slug, slug)
        return None

    def people(
        self, main: Subject | None, sentences: list[Sentence]
    ) -> dict[str, tuple[str, str | None]]:
        """The people a story names with a title: full name and surname → (full name,
        employer). "Nvidia CFO Colette Kress", "Chief executive Lisa Su" (of the story's
        company), "Lisa Su, AMD's chief executive"; "President Donald Trump" has no
        employer among the vendors."""
        found: dict[str, tuple[str, str | None]] = {}
        names = self.catalogue.vendor_names
        for sentence in sentences:
            text = sentence.text
            for match in _TITLED_PERSON.finditer(text):
                person = match["person"] or match["person2"] or match["person3"]
                title = match["title"] or match["title2"] or match["title3"]
                if person.split()[0] in self.lexicon.not_names:
                    continue
                # The employer: a vendor right before the title ("Nvidia CFO …", "AMD's
                # chief executive …") or inside the apposition ("Lisa Su, AMD's chief
                # executive"); an officer of no named vendor works for the story's company.
                before = text[max(0, match.start() - 30) : match.start()]
                spans = [
                    s
                    for s in self.catalogue.tagger.spans(before)
                    if s.chip is None and re.fullmatch(r"(?:['’]s)?\s*", before[s.end :])
                ]
                spans += [s for s in self.catalogue.tagger.spans(match[0]) if s.chip is None]
                vendor = None
                if spans:
                    vendor = names.get(spans[0].vendor_slug, spans[0].vendor_slug)
                elif _OFFICER_TITLE.fullmatch(title.casefold()) and main is not None:
                    vendor = names.get(main.vendor, main.vendor)
                entry = (person, vendor)
                found.setdefault(person, entry)
                found.setdefault(person.split()[-1], entry)
        return found

    def _person_named(self, name: str) -> tuple[str, str | None] | None:
        if name in self._people:
            return self._people[name]
        words = name.split()
        # "Chief Executive Lisa Su", "CFO Colette Kress": the title is not the name.
        for size in (2, 1):
            if len(words) >= size and " ".join(words[-size:]) in self._people:
                return self._people[" ".join(words[-size:])]
        return None

    def _person_in(self, text: str) -> tuple[str, str | None] | None:
        found = None
        for name, entry in self._people.items():
            if re.search(rf"\b{re.escape(name)}\b", text):
                found = entry
        return found

    def _sentence_subject_vendor(
        self, text: str, start: int, main: Subject | None, opening: str | None = None
    ) -> str | None:
        """ "It said", "it also denied": the sentence's own subject before it, if a vendor
        not named as a value, else the article's main vendor."""
        values = [span for spans in self._value_mentions(text).values() for span in spans]
        # "Founded by former AMD engineers, MetaX …": an opening phrase names no subject.
        aside = _OPENING_ASIDE.match(text)
        named = [
            s
            for s in self.catalogue.tagger.spans(text[:start])
            if s.chip is None
            and not any(a <= s.start < b for a, b in values)
            and not (aside and s.start < aside.end())
        ]
        slug = named[0].vendor_slug if named else opening or (main.vendor if main else None)
        return self.catalogue.vendor_names.get(slug, slug) if slug else None

    def _anaphoric_speaker(
        self, text: str, start: int, name: str, main: Subject | None, opening: str | None = None
    ) -> str | None:
        """ "The company said": the vendor named before it, or the article's main subject."""
        found = self.lexicon.anaphora.find(name)
        if not found or found[0].label != "vendor" or found[0].end - found[0].start != len(name):
            return None
        words = name.casefold().split()
        kind = _KIND_OF_REFERENCE.get(" ".join(words[-2:]), _KIND_OF_REFERENCE.get(words[-1]))
        if kind is not None:
            # "the foundry said", "the world's largest HBM maker reported": the nearest
            # company of that kind, in the sentence or the ones just before.
            for span in reversed(self.catalogue.tagger.spans(text[:start])):
                if span.chip is None and self.catalogue.vendor_kinds.get(span.vendor_slug) == kind:
                    return self.catalogue.vendor_names.get(span.vendor_slug, span.vendor_slug)
            recent = self._recent_subject(found[0], main)
            if recent is not None:
                return self.catalogue.vendor_names.get(recent.vendor, recent.vendor)
        # The sentence's subject, not a foundry or supplier named as a value before it
        # ("Huawei's 910C is made by SMIC, the company said" is Huawei speaking).
        return self._sentence_subject_vendor(text, start, main, opening)

    def _vendor_ending_at(
        self, text: str, position: int, main: Subject | None = None
    ) -> str | None:
        """The speaker of "寒武纪今日在互动平台表示": a vendor shortly before the verb, with
        no punctuation between (a time and a place may be); "公司称" is the main vendor."""
        before = text[:position]
        for span in self.catalogue.tagger.spans(before):
            between = before[span.end :]
            if span.chip is None and len(between) <= 12 and not re.search(r"[，,。；、]", between):
                return self.catalogue.vendor_names.get(span.vendor_slug, span.vendor_slug)
        tail = re.split(r"[，,。；]", before)[-1]
        if main is not None and "公司" in tail and len(tail) <= 10:
            return self.catalogue.vendor_names.get(main.vendor, main.vendor)
        return None

    def statement(
        self,
        subject: Subject,
        topic: str,
        polarity: str,
        value: str,
        origin: str | None,
        hedged: bool,
    ) -> str:
        name = self.catalogue.vendor_names.get(subject.vendor, subject.vendor)
        if subject.chip:
            chip_name = self.catalogue.chip_names.get(subject.chip, subject.chip)
            name = f"{name} {chip_name}" if not chip_name.startswith(name) else chip_name
        lexicon = self.lexicon.topics[topic]
        group = lexicon.group_of(value) or ("node" if value else "")
        templates = lexicon.statement.get(group)
        if not isinstance(templates, dict):
            templates = lexicon.statement
        template = templates.get(polarity)
        if template and ("{value}" not in template or value):
            text = template.format(subject=name, value=value)
        else:
            label = topic.replace("_", " ")
            text = f"{name}: {label}" + (" (denied)" if polarity == "deny" else "")
        if origin:
            text += f" (per {origin})"
        elif hedged:
            text += " (reported)"
        return text[:500]

    # Subjects ---------------------------------------------------------------------------

    def _explicit_candidates(self, text: str) -> list[_Candidate]:
        cached = self._candidates_cache
        if cached is not None and cached[0] == text:
            return list(cached[1])  # a new list: callers extend and sort theirs
        found = self._find_explicit_candidates(text)
        self._candidates_cache = (text, tuple(found))
        return found

    def _find_explicit_candidates(self, text: str) -> list[_Candidate]:
        candidates: list[_Candidate] = []
        previous: _Candidate | None = None
        for span in self.catalogue.tagger.spans(text):
            subject = self._span_subject(span)
            if span.chip is None and self._is_nickname(text, span):
                continue
            if subject.chip and (
                is_unknown_variant(text, span.end)
                or (
                    _CLASS_OF_CHIP.match(text, span.end) and not _CLASS_YIELDS.match(text, span.end)
                )
            ):
                # "its BR166, which combines two BR100-class dies": a class named after a
                # chip describes another part, never that chip itself.
                subject = Subject(subject.vendor)
            strong = self._is_strong(text, span)
            if not strong and not candidates and _MAKERS_PRODUCTS.search(text, 0, span.start):
                # "domestic chips from Huawei and Cambricon match the H20": with no name
                # before them, the makers of the products are what the sentence is about.
                strong = True
            # An enumeration ("like Huawei, Cambricon and MetaX") shares its first item's role.
            listed = (
                previous is not None
                and bool(
                    re.fullmatch(
                        r"\s*(?:,|,?\s*and|,?\s*or|/|&)\s*(?:the\s+)?",
                        text[previous.end : span.start],
                    )
                )
                # "Like the H20, the B30A keeps HBM": the comma closes an opening comparison,
                # the name after it is the sentence's subject, not a second item.
                and not _OPENING_COMPARISON.fullmatch(text[: previous.start])
            )
            group = -1
            if listed:
                strong = previous.strong
                previous.listed = True
                if previous.group < 0:
                    previous.group = previous.start
                group = previous.group
            candidate = _Candidate(
                span.start, span.end, subject, strong, listed=listed, group=group
            )
            candidates.append(candidate)
            previous = candidate
        # A vendor followed by its own chip ("NVIDIA RTX 6000D") is one subject.
        merged: list[_Candidate] = []
        for candidate in candidates:
            last = merged[-1] if merged else None
            if (
                last is not None
                and candidate.subject.chip
                and last.subject.vendor == candidate.subject.vendor
                and last.subject.chip is None
                and re.fullmatch(r"[\s'’s]*", text[last.end : candidate.start])
            ):
                merged[-1] = _Candidate(
                    last.start,
                    candidate.end,
                    candidate.subject,
                    last.strong,
                    listed=last.listed,
                    group=last.group,
                )
                continue
            merged.append(candidate)
        if not merged:
            merged = self._line_named_alone(text)
        return merged

    def _line_named_alone(self, text: str) -> list[_Candidate]:
        """ "The Ascend supply chain is fully domestic", "Ascend chips 'made in China'": a
        sentence naming no company or chip but one vendor's product line speaks of that
        vendor (its own chip stays unnamed)."""
        pattern, lines = self._families
        if pattern is None:
            return []
        found = [(m, lines[m[0]][0]) for m in pattern.finditer(text)]
        if not found or len({vendor for _, vendor in found}) != 1:
            return []
        match, vendor = found[0]
        opening = len(_WORD.findall(text[: match.start()])) <= 1
        return [_Candidate(match.start(), match.end(), Subject(vendor), opening)]

    def _is_nickname(self, text: str, span: Span) -> bool:
        """ "Moore Threads, which investors call 'China's Nvidia'": a foreign vendor named to
        describe a Chinese one is no party to the sentence ("China's Huawei" is Huawei)."""
        country = self.catalogue.vendor_countries.get(span.vendor_slug)
        if country is None or country == NICKNAME_COUNTRY:
            return False
        before = text[max(0, span.start - 20) : span.start]
        return bool(_NICKNAME_BEFORE.search(before) or _NICKNAME_AFTER.match(text[span.end :]))

    def _span_subject(self, span: Span) -> Subject:
        chip = span.chip
        if chip is not None:
            return Subject(chip.vendor_slug, chip.slug)
        return Subject(span.vendor_slug)

    def _is_strong(self, text: str, span: Span) -> bool:
        if text[max(0, span.start - 4) : span.start].endswith(self.lexicon.cjk_object_markers):
            return False
        if (
            span.chip is None
            and _FORMER_EMPLOYER.search(text, max(0, span.start - 12), span.start)
            and _PERSON_NOUN_AFTER.match(text, span.end)
        ):
            # "Founded by former AMD engineers", "an ex-Samsung executive told the FT that
            # …": a past employer of the people named, not what the sentence is about.
            return False
        before = text[max(0, span.start - 40) : span.start].rstrip(" ,\"“‘'(")
        if (
            span.chip is None
            and _COPULA_BEFORE.search(before)
            and text.startswith(("'s", "’s"), span.end)
            and any(s.chip for s in self.catalogue.tagger.spans(text[: span.start]))
        ):
            # "the Ascend 910B is Huawei's workhorse part and has shipped in volume": the
            # owner in the predicate describes the chip named before, the clause's subject.
            return False
        if _OPENING_RIVAL.fullmatch(text[: span.start]):
            # "Rival Samsung Electronics has yet to pass…": the rival is the subject.
            return True
        words = before.split()
        while words and (
            words[-1].casefold() in {"the", "a", "an", "its", "their"}
            # "of Amazon's third-generation Trainium": the name is still after "of".
            or (len(words) > 1 and _NAME_MODIFIER.fullmatch(words[-1]))
        ):
            words.pop()
        # "…, and Huawei plans to release…": a conjunction after a comma opens a clause of
        # its own, whose first name is its subject (an enumeration is handled as a list).
        if _CLAUSE_OPENING.search(" ".join(words)):
            return True
        if self.lexicon.object_markers.ends(" " + " ".join(words)):
            return False
        # "the 'NVIDIA void'": a name between a determiner and a noun is a modifier.
        determiner = before.split()[-1].casefold() if before.split() else ""
        after = _WORD.match(text[span.end :].lstrip(" \"”’'"))
        if determiner in self.lexicon.modifier_determiners and after:
            return after[0].strip("'’") not in self.lexicon.modifier_nouns
        return True

    def _anaphora(
        self, text: str, explicit: list[_Candidate], main: Subject | None
    ) -> list[_Candidate]:
        lexicon = self.lexicon
        expletives = lexicon.expletives.find(text)
        found = []
        for match in lexicon.anaphora.find(text):
            if any(e.start <= match.start < e.end for e in expletives):
                continue
            if any(c.start <= match.start < c.end for c in explicit):
                continue
            if not self._founded and _PERSONS_COMPANY.fullmatch(match.text):
                continue  # "his company" of a person the story ties to no company
            subject = self._resolve(text, match, explicit, main, found)
            if subject is not None and subject.chip and self._owns_an_unknown_model(text, match):
                # "Its BR166 began shipping": the vendor's product the catalogue does not
                # know, not the chip the pronoun last pointed at.
                subject = Subject(subject.vendor)
            if subject is not None:
                found.append(_Candidate(match.start, match.end, subject, True, anaphor=True))
        return found

    def _resolve(
        self,
        text: str,
        match: Match,
        explicit: list[_Candidate],
        main: Subject | None,
        earlier: list[_Candidate] = (),  # type: ignore[assignment]
    ) -> Subject | None:
        if self._founded and _PERSONS_COMPANY.fullmatch(match.text):
            # "… before starting Moore Threads in 2020. His company's chips support MUSA":
            # the company the person founded, not the employer named before it.
            return Subject(self._founded)
        opening = _CATAPHORA.match(text)
        if opening is not None and match.start < opening.end():
            # "Unlike its HBM3E, Samsung's HBM4 uses …": the pronoun of an opening
            # comparison points ahead, to the subject of the main clause.
            ahead = [c for c in explicit if c.start >= opening.end() and c.strong]
            if ahead:
                return ahead[0].subject
        value_positions = [span for spans in self._value_mentions(text).values() for span in spans]
        # A foundry named as a value ("made by a Chinese company, likely SMIC, and it…")
        # is not what "it" refers to, unless it opens the sentence ("SMIC's co-CEO said…").
        preceding = [
            c
            for c in explicit
            if c.end <= match.start
            and not c.listed
            and (
                len(_WORD.findall(text[: c.start])) < 2
                or not any(s[0] <= c.start < s[1] for s in value_positions)
            )
        ]
        if match.label == "chip":
            # "SMIC makes the die": a foundry makes another company's chip, never its own.
            preceding = [
                c
                for c in preceding
                if c.subject.chip or self.catalogue.vendor_kinds.get(c.subject.vendor) != "foundry"
            ]
            # "The chip, known as the B30A, …": the chip the sentence goes on to name.
            following = [
                c
                for c in explicit
                if c.start >= match.end
                # An apposition names it right away; a chip further on is another one
                # ("the part … performs at half the level of the B300").
                and c.start - match.end <= 40
                and c.subject.chip
                and not self._compared(text, c.start)
            ]
            if following:
                return following[0].subject
        if (
            earlier
            and match.text.casefold() in _PRONOUNS
            and text[earlier[-1].start : earlier[-1].end].casefold() in _PRONOUNS
            and not any(c.strong for c in explicit if c.start < match.start)
        ):
            # "By our count it delivers 300 petaflops, 1.7 times what Nvidia's GB200 offers,
            # and it has 3.6 times the memory": a second "it" is the first one's subject,
            # not the yardstick named between them.
            return earlier[-1].subject
        if preceding:
            # "the company" or "it" after "Nvidia": the nearest vendor named before; a
            # subject before an object ("The 910C … trying to replace Nvidia hardware,
            # though it is used mostly for inference": the 910C).
            strong = [c for c in preceding if c.strong]
            return (strong or preceding)[-1].subject
        if main is None:
            return None
        if (
            match.text.casefold() in _PRONOUNS
            and len(_WORD.findall(text[: match.start])) > 2
            # "Like earlier generations, it is fabricated by TSMC": after an opening phrase
            # the pronoun still opens the main clause; so it does after who says it
            # ("Industry sources say its performance …") or an uncommaed opening ("By our
            # count it delivers …").
            and not _OPENING_PHRASE.fullmatch(text[: match.start])
            and not _SAID_OPENING.fullmatch(text[: match.start])
            # "China accounts for roughly 30% of its HBM revenue": a market has no revenue of
            # its own; whose revenue it is, the sentences before say.
            and not (
                not explicit
                and match.text.casefold() == "its"
                and _ITS_FIGURE.match(text, match.end)
            )
        ):
            # "China … its fabs": a pronoun deep in a sentence that named no vendor refers to
            # something else; only a sentence-opening "It"/"Its" goes back to the main subject.
            return None
        recent = self._recent_subject(match, main, named_others=bool(explicit))
        if recent is not None:
            return recent
        if match.label == "vendor":
            return Subject(main.vendor)
        return main

    def _recent_subject(
        self, match: Match, main: Subject | None = None, named_others: bool = False
    ) -> Subject | None:
        """The nearest compatible subject of the sentences just before (reference):
        "the company" or "it" is the vendor the story was just talking about, not the
        headline's; "the chip" the chip it just named; "the foundry" a foundry."""
        words = match.text.casefold().split()
        wanted_kind = _KIND_OF_REFERENCE.get(" ".join(words[-3:])) or _KIND_OF_REFERENCE.get(
            " ".join(words[-2:]), _KIND_OF_REFERENCE.get(words[-1])
        )
        for subject, alone in zip(
            reversed(self._recent), reversed(self._recent_alone), strict=True
        ):
            kind = self.catalogue.vendor_kinds.get(subject.vendor)
            if wanted_kind is not None and kind != wanted_kind:
                continue
            is_main = main is not None and subject.vendor == main.vendor
            if (
                wanted_kind is None
                and kind in SUPPLIER_KINDS
                and match.label != "chip"
                and not is_main
                and not (alone and not named_others)
            ):
                # "the company" after "SMIC makes its chips": ambiguous; the story's own
                # subject is the safer reading unless the reference names a foundry or the
                # story is the supplier's ("Samsung's HBM3E … It has been supplying AMD").
                continue
            if match.label == "chip":
                if not subject.chip and kind == "memory":
                    # "Samsung's HBM4 stacks … The chips run at 11.7 Gbps": a memory maker's
                    # chips are its memory, not the story's accelerator.
                    return subject
                return subject if subject.chip else None
            return Subject(subject.vendor) if match.label == "vendor" else subject
        return None

    def _remember_subject(self, sentence: Sentence) -> None:
        """The sentence's subject (its first name that is not an object) for the next
        sentences' references; only the last few sentences count."""
        if sentence.related:
            return
        candidates = self._explicit_candidates(sentence.text)
        named = self._chips_given_a_name(sentence.text)
        if len(named) == 1 and (vendor := self._chip_vendor(named[0])):
            # "The chip, provisionally known as the B30A, … half the power of the B300":
            # the sentence is about the chip it names; "the design" next is that chip.
            self._recent = [*self._recent, Subject(vendor, named[0])][-REFERENCE_REACH:]
            self._recent_alone = [*self._recent_alone, False][-REFERENCE_REACH:]
            return
        text = sentence.text
        founded = [
            c
            for c in candidates
            if not c.anaphor
            and c.subject.chip is None
            and _FOUNDED_BEFORE.search(text, max(0, c.start - 30), c.start)
        ]
        if founded:
            self._founded = founded[-1].subject.vendor
        # "Founded in 2020 by former AMD engineers, MetaX sells …": an opening aside names
        # no subject.
        aside = _OPENING_ASIDE.match(text)
        if aside and any(c.strong and c.start >= aside.end() for c in candidates):
            candidates = [c for c in candidates if c.start >= aside.end()]
        if candidates and not any(c.strong for c in candidates):
            # "The timing is awkward for Nvidia. The company disclosed …": a sentence that
            # names one vendor only, as an object, is still about it.
            vendors = {c.subject.vendor for c in candidates}
            if len(vendors) == 1 and not _FORMER_EMPLOYER.search(
                text, max(0, candidates[0].start - 12), candidates[0].start
            ):
                chips = {c.subject.chip for c in candidates if c.subject.chip}
                subject = Subject(vendors.pop(), chips.pop() if len(chips) == 1 else None)
                self._recent = [*self._recent, subject][-REFERENCE_REACH:]
                self._recent_alone = [*self._recent_alone, True][-REFERENCE_REACH:]
                return
        for candidate in candidates:
            if candidate.strong and not _FORMER_EMPLOYER.search(sentence.text, 0, candidate.start):
                subject = candidate.subject
                # "Nvidia designed the H20 for China": the vendor and its one chip named.
                own = {
                    c.subject.chip
                    for c in candidates
                    if c.subject.chip
                    and c.subject.vendor == subject.vendor
                    and not self._compared(sentence.text, c.start)
                }
                if subject.chip is None and len(own) == 1:
                    subject = Subject(subject.vendor, own.pop())
                self._recent = [*self._recent, subject][-REFERENCE_REACH:]
                # "SMIC makes the chip on its N+2 process": a supplier at work on the
                # story's product is no antecedent of its own for "the company".
                alone = all(
                    c.subject.vendor == subject.vendor for c in candidates
                ) and not _PRODUCT_REFERENCE.search(sentence.text)
                self._recent_alone = [*self._recent_alone, alone][-REFERENCE_REACH:]
                return

    def _co_listed(
        self,
        candidates: list[_Candidate],
        subject: Subject,
        excluded: list[tuple[int, int]],
        text: str = "",
    ) -> list[Subject]:
        """The subject and, when it is one of a strong enumeration, the others listed; also
        of any enumeration a relative clause takes as a whole ("Cambricon and Moore
        Threads, both of which are on the Entity List")."""
        groups = {
            c.group
            for c in candidates
            if c.subject == subject
            and c.group >= 0
            and (c.strong or (text and _ALL_OF_WHICH.match(text, c.end)))
        }
        if len(groups) != 1:
            return [subject]
        found = [subject]
        for c in candidates:
            value = any(s <= c.start < e for s, e in excluded)
            if c.group in groups and c.subject not in found and not c.anaphor and not value:
                found.append(c.subject)
        return found

    def _choose(
        self,
        candidates: list[_Candidate],
        anchor: int,
        clause: tuple[int, int],
        excluded: list[tuple[int, int]],
        topic: str = "",
        text: str = "",
    ) -> tuple[Subject, bool] | None:
        # A foundry or supplier named as the topic's value is not its subject ("made by
        # SMIC"), unless it comes with its own chip ("Intel's Gaudi 3").
        value_vendors = {
            c.subject.vendor
            for c in candidates
            if not c.anaphor and any(s <= c.start < e for s, e in excluded)
        }
        usable = [
            c
            for c in candidates
            if c.subject.chip
            or not (
                any(s <= c.start < e for s, e in excluded)
                or (c.anaphor and c.subject.vendor in value_vendors)
            )
        ]
        in_clause = [c for c in usable if clause[0] <= c.start < clause[1]]
        if topic == "manufacturing" and text:
            # "TSMC, the main supplier of Nvidia's AI processors, stopped taking orders from
            # Huawei": the customer a foundry supplies is the subject, not a name in between.
            served = [
                c for c in in_clause if not c.anaphor and _FOUNDRY_CUSTOMER.search(text, 0, c.start)
            ]
            if served:
                return served[0].subject, True
        if topic == "export_controls" and text:
            # "Nvidia's H20 is made by TSMC and was banned from sale in China": the maker
            # named in a role is no subject of the ban (the product is).
            in_role = [c for c in usable if _MAKER_ROLE.search(text, 0, c.start)]
            if in_role and len(in_role) < len(usable):
                usable = [c for c in usable if c not in in_role]
                in_clause = [c for c in in_clause if c not in in_role]
        if topic == "export_controls":
            # A ban's object is what is banned: "… as U.S. curbs H20 sales", "after rules
            # barred sales of the H100": the chip the clause names after the cue, not the
            # subject of another clause.
            banned = [
                c
                for c in in_clause
                if c.subject.chip
                and not c.anaphor
                and c.start >= anchor
                and not (text and self._compared(text, c.start))
            ]
            if banned and not [c for c in in_clause if c.strong and c.start < anchor]:
                return banned[0].subject, True
            # "…, as Beijing steers Chinese companies away from Nvidia Corp. hardware": with
            # no vendor as the clause's subject, the company named after the cue is the one
            # whose products are kept out, not the subject of another clause.
            kept_out = [
                c
                for c in in_clause
                if not c.anaphor
                and c.start >= anchor
                and not (text and self._compared(text, c.start))
            ]
            if (
                kept_out
                and not [c for c in in_clause if c.start < anchor]
                and _STEERED_AWAY.search(text, clause[0], clause[1])
            ):
                return kept_out[0].subject, True
            # "… a substitute for Nvidia's H20 just after Washington cut off the US chip's
            # sales", "alternatives to the H20, which the US now requires a licence to
            # export": a ban clause that names nothing is about the product just named
            # before it, not the sentence's distant subject.
            # ("… an alternative to Nvidia's processors, which U.S. rules have shut out of
            # China": Nvidia's, the nearest name, when it is an object, not the subject.)
            # (A reference in the clause is its object: "rules bar its sale".)
            named_here = any(clause[0] <= c.start < clause[1] for c in candidates)
            before = [c for c in usable if not c.anaphor and c.end <= clause[0]]
            if not named_here and before and not before[-1].strong:
                return before[-1].subject, False
        # "Samsung supplies HBM3E for AMD's MI350 series, which enters volume production in
        # mid-2025": a ", which" clause naming no subject before its cue is its antecedent's.
        subject_here = any(c.start < anchor for c in in_clause if not c.anaphor)
        antecedent = None if subject_here else relative_antecedent(usable, clause[0], text)
        if antecedent:
            return antecedent, True
        if text:
            # "… more powerful than the H20 that Washington licensed for China": a
            # relative clause right after a chip is about that chip, whatever its role.
            described = [
                c
                for c in in_clause
                if c.subject.chip
                and not c.anaphor
                and c.end <= anchor
                and _RELATIVE_AFTER.fullmatch(text, c.end, anchor)
            ]
            if described:
                return described[-1].subject, True
        strong_before = [c for c in usable if c.strong and c.start < anchor]
        if text:
            # "The chip was designed for inference, Google has said, and carries 192GB of
            # HBM3E": a speaker set off by commas is no subject of the clause after it.
            subjects = [
                c
                for c in strong_before
                if not (
                    text[: c.start].rstrip().endswith(",")
                    and _SPEAKER_ASIDE_AFTER.match(text, c.end)
                )
            ]
            if subjects:
                strong_before = subjects
        if (
            topic == "performance"
            and text
            and strong_before
            and strong_before[0].subject.chip
            and strong_before[0].start < clause[0]
            and _SUBJECTLESS_PREDICATE.match(text, clause[0])
            and _AND_BEFORE.search(text, 0, clause[0])
        ):
            # "The B30A has one die, half the capability of the B300, and would have been
            # faster than the H20": a predicate with no subject of its own, after "and", is
            # the sentence subject's, not the chip an aside measured it against.
            return strong_before[0].subject, False
        if strong_before:
            best = strong_before[-1]
            return best.subject, clause[0] <= best.start < clause[1]
        strong_after = [c for c in in_clause if c.strong and c.start >= anchor]
        if strong_after:
            return strong_after[0].subject, True
        weak = [c for c in in_clause if not c.strong]
        # Among names that are all objects ("told companies such as Alibaba and Tencent to
        # stop buying Nvidia's H20"), the product is what the claim is about, not its buyers.
        products = [c for c in weak if c.subject.chip and not c.listed]
        if products and len(products) < len(weak):
            weak = products
        if weak:
            before = [c for c in weak if c.start < anchor]
            return (before[-1] if before else weak[0]).subject, True
        return None

    def _topic_cues(
        self, topic: TopicLexicon, clause: str, ignored: list[Match]
    ) -> tuple[list[Match], list[Match]]:
        """The cues of a topic in a clause and the values it claims (nothing: no claim).

        `ignored`: where the topic's exceptions cover the clause (clause offsets)."""
        ignored = list(ignored)
        for other_name in topic.cues_yield_to:
            ignored += self.lexicon.topics[other_name].values.find(clause)

        def kept(matches: list[Match]) -> list[Match]:
            return [m for m in matches if not any(_overlap(m, i) for i in ignored)]

        own_cues = kept(topic.cues.find(clause))
        if own_cues:
            # A cue word inside a company's name given as a value (a foundry, a supplier) is
            # the name's: "Manufacturing" in "Semiconductor Manufacturing International Corp
            # climbed 10%" says nothing of where a chip is made.
            names = [
                v
                for v in self._topic_values(topic, clause)
                if topic.value_groups.get(v.label.casefold()) in VALUE_VENDORS
            ]
            own_cues = [
                c
                for c in own_cues
                if not any(
                    v.start <= c.start and c.end <= v.end and (v.end - v.start) > (c.end - c.start)
                    for v in names
                )
            ]
        value_cues = kept(topic.value_cues.find(clause))
        if value_cues and not own_cues:
            # "2.9 times faster inference": a workload named in a speed claim is a yardstick.
            for other_name in topic.values_yield_to:
                if self.lexicon.topics[other_name].cues.find(clause):
                    value_cues = []
                    break
        cues = own_cues + value_cues
        values = kept(self._topic_values(topic, clause)) if cues else []
        if not cues:
            cues = kept(topic.weak_cues.find(clause))
            values = kept(self._topic_values(topic, clause)) if cues else []
            if not values:
                return [], []
        return cues, values

    def _cued_before(self, topic: TopicLexicon, clauses: list[str], index: int) -> bool:
        """Whether one of the few clauses before this one cues the topic: the clause a
        contrast or a negated tail takes its cue from ("made by TSMC before 2024, not by
        SMIC": a time clause stands between)."""
        return any(
            self._topic_cues(topic, clauses[earlier], [])[0]
            for earlier in range(index - 1, max(index - 1 - _CUE_REACH, -1), -1)
        )

    def _antecedent_values(
        self, topic: TopicLexicon, text: str, spans: list[tuple[int, int]], index: int
    ) -> list[Match]:
        """ "SMIC, which makes most Ascend chips", "TSMC, which stopped making chips for
        Cambricon": a relative clause's subject is the company it follows, a vendor value
        of the topic (a foundry, a memory supplier) that ends the clause before."""
        if topic.join_values or not _RELATIVE_OPENING.fullmatch(
            text[spans[index - 1][1] : spans[index][0]]
        ):
            return []
        before = text[spans[index - 1][0] : spans[index - 1][1]]
        found = self._topic_values(topic, before)
        if not found or topic.value_groups.get(found[-1].label.casefold()) not in VALUE_VENDORS:
            return []
        if len(_WORD.findall(before[found[-1].end :])) > 2:
            return []
        # Placed at the clause's start: a negation in the relative clause reaches its cue.
        return [Match(0, 0, found[-1].label, found[-1].text)]

    def _pronoun_values(
        self,
        topic: TopicLexicon,
        candidates: list[_Candidate],
        clause: tuple[int, int],
        cues: list[Match],
        text: str,
    ) -> list[Match]:
        """ "TSMC said … that it has not supplied Huawei since 2020": a reference before the
        cue to a company that is a vendor value of the topic (a foundry) is that value (not
        when the clause is another topic's: "Samsung said it supplies HBM3E" is memory)."""
        if topic.join_values or not cues:
            return []
        for other_name in topic.yields_to:
            other = self.lexicon.topics[other_name]
            if other.cues.find(text) or other.value_cues.find(text):
                return []
        first_cue = clause[0] + min(cue.start for cue in cues)
        for c in candidates:
            if not c.anaphor or not clause[0] <= c.start < first_cue:
                continue
            name = self.catalogue.vendor_names.get(c.subject.vendor, c.subject.vendor)
            if topic.value_groups.get(name.casefold()) in VALUE_VENDORS:
                return [Match(c.start - clause[0], c.end - clause[0], name, name)]
        return []

    def _topic_values(self, topic: TopicLexicon, clause: str) -> list[Match]:
        # "A former Samsung foundry executive told us": a company naming a person's employer
        # is who speaks, not a foundry or memory supplier of the chip.
        values = [v for v in topic.values.find(clause) if not _AFFILIATION.match(clause, v.end)]
        for other_name in topic.yields_to:
            other = self.lexicon.topics[other_name]
            if other.cues.find(clause) or other.value_cues.find(clause):
                taken = other.values.find(clause)
                values = [
                    v for v in values if not any(t.start < v.end and v.start < t.end for t in taken)
                ]
        if topic.priority and values:
            ranked = [v for v in values if v.label in topic.priority]
            if ranked:
                # One state per clause; a date only stands in when no state is given.
                values = [min(ranked, key=lambda v: topic.priority.index(v.label))]
        return values

    def _with_chip(
        self,
        subject: Subject,
        candidates: list[_Candidate],
        text: str,
        anchor: int,
        clause: tuple[int, int],
        topic: str = "",
    ) -> Subject:
        """A vendor's claim is about its chip when the sentence names one of them (other
        than as a yardstick: "more powerful than the H20"); of several, the one the clause
        names first after the cue."""
        if subject.chip and topic == "performance":
            # A chip named after a speed cue is most often the yardstick ("half the raw
            # computing power of the B300").
            return subject
        if subject.chip:
            # "… supplier of HBM3E for the B300, and it is first in line to supply HBM4 for
            # the Rubin platform": a clause that names another chip of the same vendor after
            # its cue is about that chip.
            other = [
                c
                for c in candidates
                if c.subject.chip
                and c.subject.chip != subject.chip
                and c.subject.vendor == subject.vendor
                and not c.anaphor
                and clause[0] <= c.start < clause[1]
                and c.start >= anchor
                and not self._compared(text, c.start)
                and not _SHARED_BY.match(text, c.end)
            ]
            close = text.find(",", anchor, clause[1])
            if (
                other
                and close != -1
                and relative_antecedent(candidates, clause[0], text) == subject
            ):
                # "The H200, which pairs Hopper with 141GB of HBM3E, is six times as powerful
                # as the H20": the relative clause's values are the noun it hangs on's; a chip
                # named after its closing comma belongs to the main clause.
                other = [c for c in other if c.start < close]
            # (A reference to the company is no naming of its chip: "the MI355X … was being
            # deployed, and the company was on track to launch the MI450 series".)
            chosen_here = any(
                c.subject == subject
                and clause[0] <= c.start < clause[1]
                and (not c.anaphor or _CHIP_REFERENCE.search(text, c.start, c.end))
                for c in candidates
            )
            return other[0].subject if other and not chosen_here else subject
        own = [
            c
            for c in candidates
            if c.subject.chip
            and c.subject.vendor == subject.vendor
            and not c.anaphor
            and not self._compared(text, c.start)
        ]
        if len({c.subject.chip for c in own}) == 1:
            return own[0].subject
        in_clause = [c for c in own if clause[0] <= c.start < clause[1]]
        after = [c for c in in_clause if c.start >= anchor]
        if after:
            return after[0].subject
        if len({c.subject.chip for c in in_clause}) == 1:
            return in_clause[0].subject
        return subject

    def _compared(self, text: str, start: int) -> bool:
        words = text[max(0, start - 40) : start].rstrip(" ,\"“‘'(").split()
        while words and words[-1].casefold() in {"the", "a", "an", "its", "their"}:
            words.pop()
        return self.lexicon.comparison_markers.ends(" " + " ".join(words))

    def _value_mentions(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Where a vendor is named as a topic's value (a foundry, a memory supplier)."""
        cached = self._value_cache
        if cached is not None and cached[0] == text:
            return cached[1]
        spans: dict[str, list[tuple[int, int]]] = {}
        for topic in self.lexicon.topics.values():
            # Free-text topics (business, performance) never take a vendor as their value.
            if not topic.value_groups or topic.join_values:
                continue
            for match in topic.values.find(text):
                if match.label.casefold() in topic.value_groups:
                    spans.setdefault(topic.name, []).append((match.start, match.end))
        self._value_cache = (text, spans)
        return spans

    def _chip_vendor(self, chip_slug: str) -> str | None:
        return self.catalogue.chip_vendors.get(chip_slug)

    # Polarity, hedging, values --------------------------------------------------------

    def _negations(self, clause: str) -> list[Match]:
        """The clause's negations (labelled deny / local / stop), exceptions left out."""
        exceptions = self.lexicon.negation_exceptions.find(clause)
        return [
            match
            for match in self.lexicon.negations.find(clause)
            if not any(e.start <= match.start < e.end for e in exceptions)
        ]

    @staticmethod
    def _hedge_factor(hedges: list[Match]) -> float:
        return prod(float(h.label) for h in hedges) if hedges else 1.0

    @staticmethod
    def _claim_values(join: bool, values: list[Match], own_names: set[str]) -> list[str]:
        if join:
            labels = list(dict.fromkeys(v.label for v in values))
            # An amount in words ("billions of dollars") beside what the clause says was
            # done ("in talks to spend billions of dollars on Google's TPUs", "orders worth
            # billions of yuan") gives no figure a reader could compare: the event is the
            # claim's value. Alone it stays ("tens of billions of dollars in revenue").
            specific = [label for label in labels if not _AMOUNT_IN_WORDS.fullmatch(label)]
            plain = [free_text_value(label) for label in specific or labels]
            return [", ".join(dict.fromkeys(plain))] if labels else [""]
        own = {name.casefold() for name in own_names if name}
        # A vendor is not its own foundry or supplier ("SMIC's 7nm" is SMIC's node).
        found = list(dict.fromkeys(v.label for v in values if v.label.casefold() not in own))
        return found or ([""] if not values else [])
