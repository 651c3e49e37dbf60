"""A person's corrections to what extraction found: recorded with when and why, applied at
once, and applied again by the store whenever an article is re-extracted."""

from __future__ import annotations

import sqlite_utils

from archive import store
from extract.coverage import MENTION, STORY


class CorrectionError(ValueError):
    """Raised when a correction names a quote, speaker, article or run the archive lacks."""


def _quote(db: sqlite_utils.Database, quote: int) -> dict:
    found = store.get_quote(db, quote)
    if found is None:
        raise CorrectionError(f"no quote {quote} in the archive")
    return found


def correct_speaker(db: sqlite_utils.Database, quote: int, name: str, reason: str | None) -> str:
    """Attribute a quote to a person or organization; return what was done."""
    if not store.speaker_key(name):
        raise CorrectionError("give the speaker's name")
    found = _quote(db, quote)
    with store.transaction(db):
        store.save_correction(
            db,
            "speaker",
            article=found["article_id"],
            quote_text=found["text"],
            value=name,
            reason=reason,
        )
        for speaker in store.apply_quote_corrections(db, found["article_id"]):
            store.recount_speakers(db, {speaker, found["speaker_id"]})
    return f"quote {quote} is now attributed to {name}"


def correct_not_a_quote(db: sqlite_utils.Database, quote: int, reason: str | None) -> str:
    """Drop a passage that is not a quote (it stays in the corrections table)."""
    found = _quote(db, quote)
    with store.transaction(db):
        store.save_correction(
            db, "not-a-quote", article=found["article_id"], quote_text=found["text"], reason=reason
        )
        store.apply_quote_corrections(db, found["article_id"])
        store.recount_speakers(db, {found["speaker_id"]})
        store.recount_article_quotes(db, found["article_id"])
    return f"quote {quote} is no longer counted as a quote"


def merge_speakers(db: sqlite_utils.Database, source: str, target: str, reason: str | None) -> str:
    """Make speaker source (name, alias or id) one with target; return what was done."""
    source_id, target_id = store.find_speaker(db, source), store.find_speaker(db, target)
    for given, found in ((source, source_id), (target, target_id)):
        if found is None:
            raise CorrectionError(f"no speaker {given!r} in the archive")
    if source_id == target_id:
        raise CorrectionError(f"{source!r} and {target!r} are already one speaker")
    with store.transaction(db):
        store.save_correction(db, "merge-speakers", subject=source, value=target, reason=reason)
        assert source_id is not None and target_id is not None
        store.merge_speakers(db, source_id, target_id)
    return f"{source} merged into {target}"


def correct_coverage(
    db: sqlite_utils.Database, article: str, coverage: str, reason: str | None
) -> str:
    """Make an article a story about its run or a mention of it; return what was done."""
    if coverage not in (STORY, MENTION):
        raise CorrectionError(f"an article is a {STORY} or a {MENTION}, not {coverage!r}")
    if not store.has_article(db, article):
        raise CorrectionError(f"no article {article} in the archive")
    with store.transaction(db):
        store.save_correction(db, "coverage", article=article, value=coverage, reason=reason)
        store.apply_coverage_correction(db, article)
    return f"article {article} is now a {coverage}"


def correct_run(db: sqlite_utils.Database, article: str, run: str, reason: str | None) -> str:
    """File an article under a run (name or id); return what was done."""
    event = store.get_event_id(db, run)
    if event is None:
        raise CorrectionError(f"no run {run!r}; the runs are listed in the events table")
    if not store.has_article(db, article):
        raise CorrectionError(f"no article {article} in the archive")
    name = store.get_event_name(db, event)
    with store.transaction(db):
        store.save_correction(db, "run", article=article, value=name, reason=reason)
        store.apply_run_correction(db, article)
    return f"article {article} is filed under {name}"
