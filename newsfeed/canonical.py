"""Canonical article URLs: one story, one key, whatever tracking a link carries."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only say who sent the click. Exact names, then prefixes.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "hsctatracking",
        "ref_src",
        "ref_url",
        "spm",
        "_ga",
        "_gl",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "ncid",
        "cmpid",
        "s_cid",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "piwik_", "matomo_", "hmb_")

_C0_AND_SPACE = "".join(map(chr, range(0x21)))
DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = "-._~"
# Characters kept literally in paths (RFC 3986 pchar minus '%' handled separately).
_PATH_SAFE = "/:@!$&'()*+,;=" + _UNRESERVED


def is_http_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit((url or "").strip())
        return parts.scheme.lower() in DEFAULT_PORTS and bool(parts.hostname)
    except ValueError:
        return False


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _idna_host(host: str) -> str:
    host = host.lower().rstrip(".")
    if host.startswith("["):  # IPv6 literal
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        # Labels the old IDNA 2003 codec rejects (long, emoji): keep them as they are.
        return host


def _normalise_path(path: str) -> str:
    if not path:
        return "/"
    # Re-quote so equivalent escapes compare equal ("%7e" and "~", "%2f" kept as an escape).
    segments = [quote(unquote(s), safe=_PATH_SAFE.replace("/", "")) for s in path.split("/")]
    path = "/".join(segments)
    # Resolve dot segments left in an absolute path.
    if "/." in path and not path.startswith("//"):
        path = urlsplit(urljoin("http://x", path)).path or "/"
    return path


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical form of ``url`` (relative to ``base``); ValueError for non-http(s)."""
    # As browsers do (WHATWG URL): strip C0 controls and spaces at the ends, tabs and
    # newlines anywhere (feeds wrap long links).
    url = re.sub(r"[\t\n\r]", "", (url or "").strip(_C0_AND_SPACE))
    if base:
        url = urljoin(base.strip(), url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError(f"not an http(s) URL: {url[:200]!r}")
    if not parts.hostname:
        raise ValueError(f"URL has no host: {url[:200]!r}")
    host = _idna_host(parts.hostname)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"bad port in URL: {url[:200]!r}") from exc
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += ":" + parts.password
        netloc = f"{userinfo}@{netloc}"
    query_pairs = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    ]
    query = urlencode(query_pairs, quote_via=quote, safe="/:@!$'()*+,;")
    return urlunsplit((scheme, netloc, _normalise_path(parts.path), query, ""))


def canonical_or_blank(url: str, base: str | None = None) -> str:
    """The canonical form of a URL, or "" when it is not a usable http(s) URL."""
    try:
        return canonical_url(url, base)
    except ValueError:
        return ""
