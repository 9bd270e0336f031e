"""Fetch errors in words: what a stored error message means for the person reading it.

Errors are stored as the fetcher reported them ("Network error: cannot resolve
news.example: [Errno -2] Name or service not known"); the admin and the fetch log
keep that text. Pages show `explain(message)` instead, and one banner
(`shared_problem`) when every feed fails the same way, which on a first run almost
always means this machine cannot reach the internet or refuses local addresses.

Pure functions over strings: no database, no settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

OFFLINE = "offline"
NAME_NOT_FOUND = "name_not_found"
CONNECTION_REFUSED = "connection_refused"
PRIVATE_ADDRESS = "private_address"
LOOPBACK_ONLY = "loopback_only"
TIMEOUT = "timeout"
TLS = "tls"
HTTP = "http"
OTHER = "other"


@dataclass(frozen=True)
class Problem:
    """What went wrong, as a kind (for grouping) and a sentence (for people)."""

    kind: str
    text: str
    raw: str = ""

    def __str__(self) -> str:
        return self.text


_HOST = r"(?P<host>[^\s:]+)"
# (kind, pattern, words); the first pattern that matches wins, so the narrower go first.
_RULES: list[tuple[str, re.Pattern[str], str]] = [
    (
        OFFLINE,
        re.compile(r"Temporary failure in name resolution|\[Errno -3\]", re.I),
        "cannot reach the internet from this machine (no name server answers)",
    ),
    (
        OFFLINE,
        re.compile(r"Network is unreachable|No route to host|\[Errno (101|113|65)\]", re.I),
        "cannot reach the internet from this machine (no route out)",
    ),
    (
        NAME_NOT_FOUND,
        re.compile(
            rf"cannot resolve {_HOST}: .*(Name or service not known|No address associated"
            r"|nodename nor servname|\[Errno (-2|-5|8|11001)\])",
            re.I,
        ),
        "name not found: {host} does not exist, or this machine cannot look names up",
    ),
    (
        NAME_NOT_FOUND,
        re.compile(rf"{_HOST} has no address", re.I),
        "name not found: {host} has no address",
    ),
    (
        LOOPBACK_ONLY,
        re.compile(r"FETCH_LOOPBACK_ONLY is set", re.I),
        "refused: only this machine may be fetched (FETCH_LOOPBACK_ONLY is set)",
    ),
    (
        PRIVATE_ADDRESS,
        re.compile(
            r"is an? (private|loopback|shared \(carrier-grade NAT\)) address "
            r"\(set FETCH_ALLOW_PRIVATE",
            re.I,
        ),
        "refused: private address — set FETCH_ALLOW_PRIVATE for local feeds",
    ),
    (
        CONNECTION_REFUSED,
        re.compile(r"Connection refused|\[Errno (111|61|10061)\]", re.I),
        "connection refused: nothing answers at that address and port",
    ),
    (
        TLS,
        re.compile(r"CERTIFICATE_VERIFY_FAILED|certificate verify failed|\bSSL\b|\bTLS\b"),
        "secure connection failed: the site's certificate or TLS set-up was not accepted",
    ),
    (
        TIMEOUT,
        re.compile(r"^Timed out: (?P<detail>.*)$|timed out", re.I | re.S),
        "timed out: {detail}",
    ),
]
_HTTP = re.compile(r"^HTTP \d{3}\b")


def explain(message: str) -> Problem:
    """The stored error `message` in words; messages already in words come back as they are."""
    raw = (message or "").strip()
    if _HTTP.match(raw):
        return Problem(HTTP, raw, raw)
    for kind, pattern, words in _RULES:
        found = pattern.search(raw)
        if found:
            fields = {k: v for k, v in found.groupdict().items() if v}
            fields.setdefault("detail", "the server did not answer in time")
            fields.setdefault("host", "the host")
            return Problem(kind, words.format(**fields), raw)
    return Problem(OTHER, raw, raw)


# The sentence of the banner when every feed fails one way; {problem} is the first feed's.
_BANNERS = {
    OFFLINE: "Every feed fails: ChipWatch cannot reach the internet from this machine. "
    "Feeds are retried on their own once it can.",
    NAME_NOT_FOUND: "Every feed fails with “name not found”: ChipWatch cannot reach the "
    "internet from this machine (no feed's host name can be looked up). Feeds are retried "
    "on their own once it can.",
    PRIVATE_ADDRESS: "Every feed is refused because it is on a private address. Set "
    "FETCH_ALLOW_PRIVATE=1 to follow local feeds.",
    LOOPBACK_ONLY: "Every feed is refused: FETCH_LOOPBACK_ONLY is set, so only this machine "
    "is fetched. Unset it to follow feeds on the internet.",
    CONNECTION_REFUSED: "Every feed fails: connection refused. Is a proxy or firewall in the way?",
    TIMEOUT: "Every feed times out: ChipWatch may not reach the internet from this machine "
    "(a firewall dropping traffic?). Feeds are retried on their own.",
}


def shared_problem(messages: Iterable[str]) -> str | None:
    """One banner when every failing feed fails the same way (None when some differ).

    `messages` holds the last error of every live, active feed, "" for a feed that
    works: one working feed means the machine is fine, so there is no banner.
    """
    problems = []
    for message in messages:
        if not message:
            return None
        problems.append(explain(message))
    if len(problems) < 2:
        # One failing feed is that feed's problem, shown on its row.
        return None
    kinds = {p.kind for p in problems}
    if len(kinds) != 1:
        # Name-not-found for one host and no route for another: both say "offline".
        if kinds <= {OFFLINE, NAME_NOT_FOUND}:
            return _BANNERS[OFFLINE]
        return None
    kind = kinds.pop()
    if kind in _BANNERS:
        return _BANNERS[kind]
    texts = {p.text for p in problems}
    if len(texts) == 1:
        return f"Every feed fails the same way: {texts.pop()}"
    return None
