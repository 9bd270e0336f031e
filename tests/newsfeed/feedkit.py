"""Builders for feed documents and article pages served by the loopback test server."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

LOREM = (
    "Engineers at the company said the accelerator pairs eight compute dies with stacked "
    "memory and targets training of large language models in data centres across the region."
)


@dataclass
class Item:
    link: str
    title: str
    summary: str = LOREM
    guid: str | None = None
    pub_date: str = "Mon, 05 Jan 2026 10:00:00 GMT"


def rss(items: list[Item], *, title: str = "Test feed", ttl: int | None = None) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>https://example.org/</link>",
        f"<ttl>{ttl}</ttl>" if ttl else "",
    ]
    for item in items:
        guid = item.guid or item.link
        parts.append(
            f"<item><title>{escape(item.title)}</title><link>{escape(item.link)}</link>"
            f"<guid>{escape(guid)}</guid><pubDate>{item.pub_date}</pubDate>"
            f"<description>{escape(item.summary)}</description></item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def page(title: str, paragraphs: list[str], *, canonical: str | None = None) -> bytes:
    head = f"<title>{escape(title)}</title>"
    if canonical:
        head += f'<link rel="canonical" href="{escape(canonical)}">'
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Subscribe to our newsletter</footer></body></html>"
    ).encode()


def story(n: int) -> list[str]:
    return [
        f"Story {n}: the chip maker confirmed on Monday that its new accelerator number {n} "
        "entered volume production at a domestic foundry, according to a company statement.",
        LOREM,
        "Analysts expect shipments to start in the second quarter, with the first systems "
        "going to cloud providers that have already placed large orders for the part.",
    ]
