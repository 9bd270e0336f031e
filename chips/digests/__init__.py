"""Email digests: which period is due, what is new in it, and sending each once.

Period rules (all in UTC, the site's time zone):

- daily: the previous complete calendar day, [D-1 00:00, D 00:00). It is due
  from 00:00 on day D.
- weekly: the previous complete ISO week, Monday 00:00 to the next Monday
  00:00. It is due from Monday 00:00.

The beat runs `sending.send_due_digests` hourly; the first run after a period ends
sends its digests and later runs find them done (a Digest row per subscriber
and period start, unique in the database).

"New" means ingested into ChipWatch (`created_at`, not the publication date:
an old article found today is news to the reader) within the subscriber's
window, which ends at the period's end and starts:

- at the end of the period of their last digest sent (`last_digest_at`), so
  nothing falls between two digests, even across empty or failed periods;
- at the period's start for a new subscriber (they get the last period);
- never more than LOOKBACK_PERIODS periods back, so someone who comes back
  after months is not sent the archive.

Within the window a digest holds: the new claims of the vendors followed (all
vendors when none is chosen) at or above the subscriber's minimum confidence,
grouped by vendor; the conflicts detected in the window that are still open,
both claims side by side; the verdicts editors gave in the window
(`Claim.reviewed_at`); and the new articles that matter most to the
subscriber (mentions of the vendors followed, plus twice the number of the
digest's claims they carry). A digest with none of these is not sent.

Scale: `content.build_digests` fetches the window's claims, verdicts, conflicts and
articles once per frequency and assembles every subscriber's digest in
Python; subscribers who follow the same vendors with the same settings and
window share one computed digest. The number of queries does not depend on
the number of subscribers.

The package: periods (which period is due), content (what is new in it), mail (the
email and its unsubscribe link), sending (each digest once), subscriptions, confirmation
(a new address confirmed by a link) and pages (the settings, preview and unsubscribe views).
"""
