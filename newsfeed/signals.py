"""What newsfeed tells the rest of ChipWatch, without knowing who listens.

`article_ready` is sent (by tasks.py) once an article's text is settled (extracted from its
page, or the feed's own summary as the fallback). Receivers get `article_id`
and `inline`: True when the caller runs the pipeline in-process (management
commands, tests) and wants the next step done before it returns; False in a
worker, where the next step should be queued (after the current transaction
commits) instead.
"""

from django.dispatch import Signal

article_ready = Signal()  # kwargs: article_id: int, inline: bool


def announce_article_ready(article_id: int, *, inline: bool) -> None:
    article_ready.send(sender="newsfeed", article_id=article_id, inline=inline)
