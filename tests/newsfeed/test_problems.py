"""Fetch errors in words (newsfeed.problems): what a stored error means, and one banner
when every feed fails the same way. Messages below are the fetcher's own wording."""

from __future__ import annotations

import pytest

from newsfeed.problems import (
    CONNECTION_REFUSED,
    HTTP,
    LOOPBACK_ONLY,
    NAME_NOT_FOUND,
    OFFLINE,
    OTHER,
    PRIVATE_ADDRESS,
    TIMEOUT,
    TLS,
    explain,
    shared_problem,
)

NOT_FOUND = "Network error: cannot resolve {}: [Errno -2] Name or service not known"
NO_DNS = "Network error: cannot resolve a.example: [Errno -3] Temporary failure in name resolution"
UNREACHABLE = "Network error: [Errno 101] Network is unreachable"
PRIVATE = (
    "Refused: feeds.lan resolves to 192.168.1.20 is a private address "
    "(set FETCH_ALLOW_PRIVATE to allow)"
)
LOOPBACK = "Refused: 127.0.0.1 is a loopback address (set FETCH_ALLOW_PRIVATE to allow)"
LOOPBACK_NAME = (
    "Refused: news.example is not a loopback name "
    "(FETCH_LOOPBACK_ONLY is set; names are not looked up)"
)
SAY_PRIVATE = "refused: private address — set FETCH_ALLOW_PRIVATE for local feeds"
OFFLINE_WORDS = "cannot reach the internet from this machine"


@pytest.mark.parametrize(
    ("message", "kind", "words"),
    [
        (
            NOT_FOUND.format("www.tomshardware.com"),
            NAME_NOT_FOUND,
            "name not found: www.tomshardware.com does not exist, "
            "or this machine cannot look names up",
        ),
        (NO_DNS, OFFLINE, f"{OFFLINE_WORDS} (no name server answers)"),
        (UNREACHABLE, OFFLINE, f"{OFFLINE_WORDS} (no route out)"),
        (
            "Network error: news.example has no address",
            NAME_NOT_FOUND,
            "name not found: news.example has no address",
        ),
        (PRIVATE, PRIVATE_ADDRESS, SAY_PRIVATE),
        (LOOPBACK, PRIVATE_ADDRESS, SAY_PRIVATE),
        (
            LOOPBACK_NAME,
            LOOPBACK_ONLY,
            "refused: only this machine may be fetched (FETCH_LOOPBACK_ONLY is set)",
        ),
        (
            "Network error: [Errno 111] Connection refused",
            CONNECTION_REFUSED,
            "connection refused: nothing answers at that address and port",
        ),
        (
            "Network error: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
            TLS,
            "secure connection failed: the site's certificate or TLS set-up was not accepted",
        ),
        (
            "Timed out: could not connect within 10 s",
            TIMEOUT,
            "timed out: could not connect within 10 s",
        ),
    ],
)
def test_each_error_is_said_in_words(message, kind, words):
    problem = explain(message)
    assert (problem.kind, problem.text, problem.raw) == (kind, words, message)
    assert "Errno" not in problem.text


@pytest.mark.parametrize(
    "message",
    ["HTTP 404 Not Found (the feed URL no longer exists; check it)", "Not a feed: no entries"],
)
def test_messages_already_in_words_are_kept(message):
    problem = explain(message)
    assert problem.text == message and problem.kind in (HTTP, OTHER)


def test_an_empty_message_is_no_problem_in_words():
    assert explain("").text == ""


def test_every_feed_unable_to_look_up_its_name_means_this_machine_is_offline():
    banner = shared_problem(
        NOT_FOUND.format(host) for host in ("a.example", "b.example", "c.example")
    )
    assert banner.startswith("Every feed fails with “name not found”")
    assert "cannot reach the internet from this machine" in banner


def test_offline_in_two_ways_is_still_one_banner():
    banner = shared_problem([NOT_FOUND.format("a.example"), UNREACHABLE, NO_DNS])
    assert "cannot reach the internet from this machine" in banner


def test_every_feed_refused_as_private_says_which_setting_to_change():
    banner = shared_problem([PRIVATE, LOOPBACK])
    assert "FETCH_ALLOW_PRIVATE=1" in banner


def test_one_working_feed_means_no_banner():
    assert (
        shared_problem([NOT_FOUND.format("a.example"), "", NOT_FOUND.format("b.example")]) is None
    )


def test_feeds_failing_in_different_ways_get_no_banner():
    assert shared_problem([NOT_FOUND.format("a.example"), PRIVATE]) is None
    assert shared_problem(["HTTP 404 Not Found", "HTTP 500 Internal Server Error"]) is None


def test_a_single_failing_feed_is_its_own_problem_not_a_banner():
    assert shared_problem([NOT_FOUND.format("a.example")]) is None
    assert shared_problem([]) is None


def test_the_same_unexplained_error_everywhere_is_repeated_once():
    assert (
        shared_problem(["Not a feed", "Not a feed"]) == "Every feed fails the same way: Not a feed"
    )
