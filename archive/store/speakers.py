"""Speakers: one row per person or organization, whatever name or acronym an article uses,
found by the keys extract.names gives each name, with their quote and article counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import sqlite_utils

from archive.store.schema import insert_row
from extract.names import acronym_matches, fold_name, is_acronym, match_keys

if TYPE_CHECKING:
    from archive.sources import RosterSpeaker

# The form under which two spellings of one name match (case, accents, punctuation): a
# speaker's name_key, and the first of its match_keys.
speaker_key = fold_name


def save_speaker(
    db: sqlite_utils.Database,
    name: str | None,
    description: str | None,
    aliases: tuple[str, ...] = (),
) -> int | None:
    """Return the id of the speaker with this name or one of its aliases, recording a new one
    if needed, and remember every name it was given."""
    if not name or not speaker_key(name):
        return None
    names = [name, *aliases]
    keys = [key for each in names for key in match_keys(each)]
    speaker = _find_speaker(db, keys)
    if speaker is None:
        speaker = insert_row(
            db,
            "speakers",
            {
                "name": name,
                "name_key": speaker_key(name),
                "description": description,
                "quote_count": 0,
                "article_count": 0,
            },
        )
        _save_aliases(db, speaker, names)
        return merge_acronym(db, speaker, name)
    if description:
        db.execute(
            "update speakers set description = ? where id = ? and coalesce(description, '') = ''",
            [description, speaker],
        )
    _save_aliases(db, speaker, names)
    return speaker


def _find_speaker(db: sqlite_utils.Database, keys: list[str]) -> int | None:
    """Return the speaker any of these keys names, by its own key first."""
    for key in keys:
        row = db.execute("select id from speakers where name_key = ?", [key]).fetchone()
        if row is None:
            row = db.execute(
                "select speaker_id from speaker_aliases where name_key = ?", [key]
            ).fetchone()
        if row is not None:
            return int(row[0])
    return None


def _save_aliases(db: sqlite_utils.Database, speaker: int, names: list[str]) -> None:
    """Record the keys of a speaker's names that are not its own key yet."""
    own = db.execute("select name_key from speakers where id = ?", [speaker]).fetchone()[0]
    for each in names:
        for key in match_keys(each):
            if key != own:
                db.execute(
                    "insert or ignore into speaker_aliases (name_key, speaker_id, name) "
                    "values (?, ?, ?)",
                    [key, speaker, each],
                )


def save_roster(db: sqlite_utils.Database, roster: tuple[RosterSpeaker, ...]) -> None:
    """Record the sources file's speakers: their names, aliases and roles come first."""
    for person in roster:
        description = ", ".join(part for part in (person.role, person.organization) if part)
        speaker = save_speaker(db, person.name, None, person.aliases)
        if speaker is None:
            continue
        db.execute(
            "update speakers set name = ?, description = coalesce(?, description) where id = ?",
            [person.name, description or None, speaker],
        )


def get_speaker_name(db: sqlite_utils.Database, speaker: int | None) -> str | None:
    """Return a speaker's name as shown, or None for an unknown speaker."""
    if speaker is None:
        return None
    row = db.execute("select name from speakers where id = ?", [speaker]).fetchone()
    return row[0] if row else None


def merge_acronym(db: sqlite_utils.Database, speaker: int, name: str) -> int:
    """Merge a new speaker with the one its acronym or full name already names; return the
    id that remains."""
    if is_acronym(name):
        # Full names whose first main word starts with the acronym's first letter.
        candidates = db.query(
            "select id, name from speakers where id != ? and name like '% % %' "
            "and (substr(name, 1, 1) = ? or name like 'U.S. %' or name like 'The %')",
            [speaker, name[0]],
        )
    else:
        # Acronyms: one word, in capitals.
        candidates = db.query(
            "select id, name from speakers where id != ? and length(name) <= 16 "
            "and name not like '% %' and upper(name) = name",
            [speaker],
        )
    for other in list(candidates):
        if acronym_matches(name, other["name"]):
            return merge_speakers(db, speaker, other["id"], acronym=name)
        if acronym_matches(other["name"], name):
            return merge_speakers(db, other["id"], speaker, acronym=other["name"])
    return speaker


def merge_speakers(
    db: sqlite_utils.Database, source: int, target: int, acronym: str | None = None
) -> int:
    """Move a speaker's quotes and names onto another and drop it; return the target's id.

    The source's name is kept as an alias, so that later articles naming it (and every
    re-extraction) find the target. With an acronym, the target is shown as "Name (ACRONYM)".
    """
    if source == target:
        return target
    old = db.execute("select name, name_key from speakers where id = ?", [source]).fetchone()
    if old is None:
        return target
    if acronym:
        name = get_speaker_name(db, target)
        if name and f"({acronym})" not in name:
            db.execute("update speakers set name = ? where id = ?", [f"{name} ({acronym})", target])
    db.execute("update speaker_aliases set speaker_id = ? where speaker_id = ?", [target, source])
    db.execute(
        "insert or replace into speaker_aliases (name_key, name, speaker_id) values (?, ?, ?)",
        [old[1], old[0], target],
    )
    db.execute(
        "update speakers set description = coalesce(description, "
        "(select description from speakers where id = ?)) where id = ?",
        [source, target],
    )
    db.execute("update quotes set speaker_id = ? where speaker_id = ?", [target, source])
    db.execute("delete from speakers where id = ?", [source])
    db.execute(
        "update quotes set speaker_name = (select name from speakers where id = ?) "
        "where speaker_id = ?",
        [target, target],
    )
    _count_speaker_quotes(db, target)
    return target


def save_speaker_aliases(db: sqlite_utils.Database, aliases: tuple[tuple[str, str], ...]) -> None:
    """Make an acronym and the full name an article gives it one speaker: merged when both are
    speakers, else the missing one recorded as an alias of the one that is."""
    for acronym, full in aliases:
        short, long = find_speaker(db, acronym), find_speaker(db, full)
        if short is not None and long is not None:
            merge_speakers(db, short, long, acronym=acronym)
        elif short is not None:
            _save_aliases(db, short, [full])
        elif long is not None:
            _save_aliases(db, long, [acronym])


def _count_speaker_quotes(db: sqlite_utils.Database, speaker: int) -> None:
    """Keep a speaker's quote and article counts true (most_quoted_speakers reads them rather
    than counting a million quotes)."""
    db.execute(
        "update speakers set quote_count = (select count(*) from quotes where speaker_id = ?), "
        "article_count = (select count(distinct article_id) from quotes where speaker_id = ?) "
        "where id = ?",
        [speaker, speaker, speaker],
    )


def find_speaker(db: sqlite_utils.Database, name_or_id: str) -> int | None:
    """Return the id of the speaker given by number, name or alias."""
    if name_or_id.isdigit():
        row = db.execute("select id from speakers where id = ?", [int(name_or_id)]).fetchone()
        return int(row[0]) if row else None
    return _find_speaker(db, match_keys(name_or_id))


def recount_speakers(db: sqlite_utils.Database, speakers: Iterable[int | None]) -> None:
    """Keep the quote counts of these speakers true."""
    for speaker in speakers:
        if speaker is not None:
            _count_speaker_quotes(db, speaker)
