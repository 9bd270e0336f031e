"""Small display helpers for the dashboard templates."""

from __future__ import annotations

import html
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.dates import MONTHS_3
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString
from django.utils.text import Truncator
from django.utils.timezone import template_localtime

from chips.names import fold
from chips.units import percent_label
from newsfeed.problems import explain

register = template.Library()


@register.filter
def corroborations(claim) -> str:
    """How many independent sources back the claim, or a dash while that is not counted."""
    value = getattr(claim, "corroborations", None)
    return "—" if value is None else str(value)


@register.filter
def percent(value) -> str:
    """0.73 → "73 %"; confidence reads better as a percentage (chips.units)."""
    try:
        return percent_label(float(value))
    except (TypeError, ValueError):
        return "—"


@register.filter
def http_url(value) -> str:
    """The URL if it is http(s), else "": a feed's link must never become javascript: or file:."""
    url = str(value or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


@register.filter
def fetch_problem(message) -> str:
    """A stored fetch error in words ("name not found: …" rather than "[Errno -2] …")."""
    return explain(str(message or "")).text


@register.filter
def other_names(obj) -> list[str]:
    """A vendor's or chip's aliases without its own name and without repeats that differ
    only in case or accents ("Huawei", "Hisilicon" beside "HiSilicon")."""
    seen = {fold(obj.name)}
    names = []
    for alias in obj.aliases or []:
        key = fold(str(alias))
        if key and key not in seen:
            seen.add(key)
            names.append(str(alias))
    return names


@register.simple_tag
def next_page_url(base: str, form, cursor: str) -> str:
    """Where "load more" leads: every list's next-page URL is built by FilterForm.page_url."""
    return form.page_url(base, cursor)


# A route's URL split around its one argument, per (route, script prefix): a page links to
# a hundred claims and articles, and reverse() matching each one cost more than the rest
# of its row. The mark fits the int and slug converters and no route's own text.
_URL_MARK = "8123456789"
_url_parts: dict[tuple[str, str], tuple[str, str]] = {}


@register.filter
def detail_url(value, route: str) -> str:
    """{{ claim.pk|detail_url:"chips:claim_detail" }}: reverse(route, args=[value]), the
    route matched once per process rather than once per link."""
    key = (route, get_script_prefix())
    if (parts := _url_parts.get(key)) is None:
        head, _, tail = reverse(route, args=[_URL_MARK]).partition(_URL_MARK)
        parts = _url_parts[key] = (head, tail)
    return f"{parts[0]}{quote(str(value), safe='')}{parts[1]}"


# URLs of routes without arguments, per (route, script prefix), for the same reason.
_plain_urls: dict[tuple[str, str], str] = {}


def _plain_url(route: str) -> str:
    key = (route, get_script_prefix())
    if (url := _plain_urls.get(key)) is None:
        url = _plain_urls[key] = reverse(route)
    return url


def _day(local) -> str:
    """A local datetime as the date filter's "j M Y" writes it ("4 Mar 2026", the month
    in the active language, as DateFormat.M takes it), without parsing the format and
    building a DateFormat for each of a page's forty dates."""
    return f"{local.day} {MONTHS_3[local.month].title()} {local.year}"


def _esc(value) -> str:
    """conditional_escape(value) as a plain str, byte for byte: safe text as it is, else
    html.escape(str(value)) (which Django's escape is). Without keep_lazy's wrappers, which
    cost more than the escaping in a tag that writes a hundred values."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, SafeData):
        return str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _format_html(format_string: str, *args) -> SafeString:
    """django.utils.html.format_html, byte for byte, escaping with _esc: the board and the
    timelines call it thousands of times a page, and its lazy-aware escaping cost more
    than the formatting."""
    return SafeString(format_string.format(*map(_esc, args)))


def _time(moment) -> SafeString:
    """A claim's date as a <time> in the reader's time zone: machine-readable, then shown."""
    local = template_localtime(moment)
    # isoformat() is what the date filter's "c" writes, without its format look-ups; both
    # are digits, letters and "+-: " only, nothing to escape.
    return SafeString(f'<time datetime="{local.isoformat()}">{_day(local)}</time>')


@register.simple_tag
def side_claim_report(claim) -> SafeString:
    """A report on a dispute card's side: statement, quote, outlet, origin, date and
    confidence. Written here rather than as template nodes: the board shows 120 of them,
    and resolving a dozen template variables for each was most of its rendering time."""
    source = claim.article.source
    # One f-string with each value escaped as format_html would: the same bytes, at a
    # third of the cost (format_html's lazy-aware escaping was most of a report's time).
    origin = f"citing {_esc(claim.origin)}" if claim.origin else "not attributed"
    return SafeString(
        f'<p class="claim-statement"><a href="{_esc(detail_url(claim.pk, "chips:claim_detail"))}">'
        f"{_esc(claim.statement)}</a></p>\n"
        f'<blockquote class="claim-quote">{_esc(claim.quote)}</blockquote>\n'
        '<p class="claim-facts muted">\n'
        f'  <a href="{_esc(detail_url(claim.article_id, "chips:article_detail"))}">'
        f"{_esc(source.name) if source else 'unknown outlet'}</a>\n"
        f"  · {origin}\n"
        f"  · {_time(claim.claimed_at)}\n"
        '  · <span title="How firmly the source asserts it">'
        f"confidence {_esc(percent(claim.confidence))}</span>\n"
        "</p>"
    )


@register.simple_tag(takes_context=True)
def side_claim(context, claim) -> SafeString:
    """A report on a dispute card's side with its verdict box (the board's
    conflicts.html#side-claim). For a reader the box is only the claim's status, written
    here; an editor's has the verdict forms, from chips/includes/verdict.html. Two
    includes per report were a third of the board's rendering for readers."""
    report = side_claim_report(claim)
    if context.get("can_edit_claims"):
        verdict = context.template.engine.get_template("chips/includes/verdict.html#verdict")
        with context.push(claim=claim):  # as {% include %} renders it
            box = verdict.render(context)
        return SafeString(f"{report}\n{box}")
    pk = _esc(claim.pk)
    return SafeString(
        f'{report}\n<div class="verdict" data-verdict-for="{pk}">\n'
        f'  <p>Status: <span class="status status-{_esc(claim.status)}" data-claim-status="{pk}">'
        f"{_esc(claim.get_status_display())}</span></p>\n"
        "</div>"
    )


def _assessment_tags(claim, *, with_value: bool, dispute_title: str | None) -> list[SafeString]:
    """What a claim says and how it stands, as tags: topic, value (where the row shows it),
    denial, confidence, status, and a link to the board when it is in an open dispute."""
    tags = [_format_html('<span class="tag topic">{}</span>', claim.get_topic_display())]
    if with_value and claim.value:
        tags.append(_format_html('<span class="tag value">{}</span>', claim.value))
    if claim.polarity == "deny":
        tags.append(SafeString('<span class="tag deny">denies</span>'))
    tags.append(
        _format_html(
            '<span class="confidence" title="How firmly the source asserts it">'
            "confidence {}</span>",
            percent(claim.confidence),
        )
    )
    tags.append(
        _format_html(
            '<span class="status status-{}" data-claim-status="{}">{}</span>',
            claim.status,
            claim.pk,
            claim.get_status_display(),
        )
    )
    if getattr(claim, "in_open_dispute", False):
        title = _format_html(' title="{}"', dispute_title) if dispute_title else ""
        tags.append(
            _format_html(
                '<a class="badge in-dispute" href="{}?vendor={}"{}>in dispute</a>',
                _plain_url("chips:conflict_list"),
                claim.vendor.slug,
                title,
            )
        )
    return tags


@register.simple_tag
def timeline_claim_row(claim, subject) -> SafeString:
    """One claim on a vendor's or chip's timeline (subject: that vendor or chip): statement,
    the article's own sentence as evidence, and its tags. Written here rather than as
    template nodes for the reason side_claim_report is: a timeline page shows 25 of them,
    and resolving fifteen template variables for each was most of the page's rendering."""
    tags = []
    chip = claim.chip
    if chip is not None and chip != subject:
        tags.append(
            _format_html(
                '<a class="tag" href="{}">{}</a>',
                detail_url(chip.slug, "chips:chip_detail"),
                chip.name,
            )
        )
    tags += _assessment_tags(claim, with_value=True, dispute_title="Another report contradicts it")
    if claim.origin:
        tags.append(_format_html('<span class="muted">citing {}</span>', claim.origin))
    # The quote is the evidence: the article's own sentence, so a reader can judge the claim.
    return _format_html(
        '<li class="claim-row" data-claim="{}">\n'
        '  <a href="{}">{}</a>\n'
        '  <blockquote class="claim-quote">{}</blockquote>\n'
        '  <span class="claim-meta">\n    {}\n  </span>\n'
        "</li>",
        claim.pk,
        detail_url(claim.pk, "chips:claim_detail"),
        claim.statement,
        Truncator(claim.quote).chars(320),
        SafeString("\n    ".join(tags)),
    )


@register.simple_tag
def latest_claim(claim) -> SafeString:
    """A claim in home's "Latest claims": statement, quote, vendor, chip, topic,
    confidence, status, whether in dispute, outlet, origin and date. Written here for
    the reason timeline_claim_row is: twenty claims of fifteen template variables each
    were most of the home page's rendering."""
    tags = [
        _format_html(
            '<a class="tag" href="{}">{}</a>',
            detail_url(claim.vendor.slug, "chips:vendor_detail"),
            claim.vendor.name,
        )
    ]
    if claim.chip:
        tags.append(
            _format_html(
                '<a class="tag" href="{}">{}</a>',
                detail_url(claim.chip.slug, "chips:chip_detail"),
                claim.chip.name,
            )
        )
    tags += _assessment_tags(claim, with_value=False, dispute_title=None)
    source = claim.article.source
    tags.append(
        _format_html(
            '<span class="provenance"><a href="{}">{}</a>\n{}{}</span>',
            detail_url(claim.article_id, "chips:article_detail"),
            source.name if source else "unknown source",
            _format_html("<span>citing {}</span>\n", claim.origin) if claim.origin else "",
            _time(claim.claimed_at),
        )
    )
    return _format_html(
        '<li class="claim">\n'
        '  <p class="claim-statement"><a href="{}">{}</a></p>\n'
        '  <blockquote class="claim-quote">{}</blockquote>\n'
        '  <p class="claim-meta">\n    {}\n  </p>\n'
        "</li>",
        detail_url(claim.pk, "chips:claim_detail"),
        claim.statement,
        claim.quote,
        SafeString("\n    ".join(tags)),
    )


@register.simple_tag
def chip_attribute(known, reported, dispute) -> SafeString:
    """One attribute on a chip card. In an open dispute it says so, with both contested
    values, rather than one report's value beside the catalogue's; else the catalogue's
    value (known), or what the press reports (reported) when the catalogue has none.
    A tag rather than an included template: a vendor's page shows three per chip, and each
    include cost more than the rest of its card."""
    if dispute:
        if dispute.is_polarity:
            values = _format_html("{}, or not", dispute.value_a)
        else:
            values = _format_html("{} vs {}", dispute.value_a, dispute.value_b)
        return _format_html(
            '<a class="contested" href="{}" title="Reports disagree: see the dispute">'
            '<span class="badge in-dispute">contested</span> {}</a>',
            dispute.get_absolute_url(),
            values,
        )
    if known:
        return conditional_escape(known)
    if reported:
        return _format_html('{} <span class="muted">(reported)</span>', reported)
    return SafeString("—")


@register.simple_tag
def dispute_mini(conflict) -> SafeString:
    """A dispute in a short list (home, vendor and chip pages): question, tally, reason and
    each side's first report. A tag rather than an included partial for the reason
    side_claim_report is one: an include per dispute, and a dozen variables in each."""
    dispute = conflict.dispute
    sides = []
    for side in dispute.sides:
        if not side.claims:
            continue
        claim = side.claims[0]
        source = claim.article.source
        sides.append(
            _format_html(
                '<li><span class="side-label">{}</span> <a href="{}">{}</a> '
                '<span class="muted">{}{}</span></li>',
                str(side.side).upper(),
                detail_url(claim.pk, "chips:claim_detail"),
                claim.statement,
                f"{source.name}, " if source else "",
                _day(template_localtime(claim.claimed_at)),
            )
        )
    return _format_html(
        '<li class="dispute-mini kind-{}">\n'
        '  <a href="{}"><strong>{}</strong></a>\n'
        '  <span class="tally">{}</span>\n'
        '  <span class="reason muted">{}</span>\n'
        '  <ul class="mini-sides">\n    {}\n  </ul>\n'
        "</li>",
        conflict.kind,
        detail_url(conflict.pk, "chips:conflict_detail"),
        dispute.question,
        dispute.tally,
        dispute.reason,
        SafeString("\n    ".join(sides)),
    )


@register.simple_tag
def timeline_article(entry, cursor, forloop) -> SafeString:
    """An article's heading on a timeline (entry: its run of claims): title, outlet and the
    date of its first claim. After "load more" (a cursor), the page's first title takes
    focus, so a keyboard reader continues at the first new entry, not back at the top."""
    article = entry.article
    source = article.source
    first = bool(cursor) and forloop["first"] and forloop["parentloop"]["first"]
    return _format_html(
        '<p class="entry-article">\n'
        '  <a href="{}"{}>{}</a>\n'
        '  <span class="muted">{}{}</span>\n'
        "</p>",
        detail_url(article.pk, "chips:article_detail"),
        SafeString(" autofocus") if first else "",
        article.title,
        f"{source.name} · " if source else "",
        _time(entry.claims[0].claimed_at),
    )


def _sources(n: int) -> str:
    return f"{n} source{'' if n == 1 else 's'}"


@register.simple_tag
def dispute_card_head(conflict, dispute, autofocus) -> SafeString:
    """A dispute card's header (conflicts.html#conflict): question, tally, reason, status,
    vendor, chip, topic and when detected. Written here rather than as template nodes for
    the reason side_claim_report is: the board shows 20 cards, and resolving their
    variables one by one was most of its rendering."""
    tally = SafeString(
        ' <span class="vs">vs</span> '.join(
            _format_html(
                '<span class="side-tally side-{}"><strong>{}</strong> — {}</span>',
                side.side,
                side.label,
                _sources(side.sources),
            )
            for side in dispute.sides
        )
    )
    chip = conflict.chip
    detected = template_localtime(conflict.detected_at)
    return _format_html(
        '<header class="conflict-head">\n'
        '    <h2 id="conflict-{}-title"><a href="{}"{}>{}</a></h2>\n'
        '    <p class="tally">{}</p>\n'
        '    <p class="reason">{}</p>\n'
        '    <p class="muted meta">\n'
        '      <span class="badge conflict-status status-{}">{}</span>\n'
        "      {}\n"
        '      <a href="{}">{}</a>{}\n'
        "      · {}\n"
        '      · detected <time datetime="{}">{}</time>\n'
        "    </p>\n"
        "  </header>",
        conflict.pk,
        detail_url(conflict.pk, "chips:conflict_detail"),
        SafeString(" autofocus") if autofocus else "",
        dispute.question,
        tally,
        dispute.reason,
        conflict.status,
        conflict.get_status_display(),
        SafeString('<span class="badge kind-change">change over time</span>')
        if conflict.kind == "change"
        else "",
        detail_url(conflict.vendor.slug, "chips:vendor_detail"),
        conflict.vendor.name,
        _format_html(
            ' · <a href="{}">{}</a>', detail_url(chip.slug, "chips:chip_detail"), chip.name
        )
        if chip
        else "",
        conflict.get_topic_display(),
        # isoformat() is what the date filter's "c" writes (see _time).
        detected.isoformat(),
        _day(detected),
    )


@register.simple_tag(takes_context=True)
def dispute_card_sides(context, conflict, dispute, full) -> SafeString:
    """A dispute card's two sides: each side's label, sources, since when (a change over
    time) and reports, the first three of each on the board, all of them when `full` (the
    dispute's own page). A tag for the reason dispute_card_head is one."""
    sections = []
    for side in dispute.sides:
        letter = str(side.side).upper()
        since = ""
        if conflict.kind == "change" and side.since:
            day = side.since.isoformat()  # the date filter's "Y-m-d"
            since = _format_html(' · from <time datetime="{}">{}</time>', day, day)
        shown = side.claims if full else side.claims[:3]
        # Each report laid out as the template's loop wrote it (its comment line blank),
        # for the same page, byte for byte.
        reports = "".join(
            f'\n        \n        <li class="side-claim">{side_claim(context, claim)}</li>'
            "\n        "
            for claim in shown
        )
        more = ""
        if not full and side.reports > len(side.claims):
            more = _format_html(
                '<p class="more"><a href="{}">All {} reports on this side →</a></p>',
                detail_url(conflict.pk, "chips:conflict_detail"),
                side.reports,
            )
        sections.append(
            _format_html(
                '\n    <section class="side side-{}" aria-label="Side {}: {}">\n'
                '      <h3 class="side-head"><span class="side-label">{}</span> {}\n'
                '        <span class="muted">{}{}</span></h3>\n'
                '      <ol class="side-claims">\n        {}\n      </ol>\n'
                "      {}\n"
                "    </section>\n    ",
                side.side,
                letter,
                side.label,
                letter,
                side.label,
                _sources(side.sources),
                since,
                SafeString(reports),
                more,
            )
        )
    return SafeString('<div class="sides">\n    ' + "".join(sections) + "\n  </div>")
