"""Copies of one story: near-duplicate articles (wire copies, aggregators, republished pieces)
grouped by MinHash/LSH over word shingles, each group named by its earliest copy's id."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

import sqlite_utils

from archive import store

if TYPE_CHECKING:
    from datasketch import MinHash

SHINGLE_WORDS = 3
PERMUTATIONS = 128
# Jaccard similarity of shingle sets above which two articles are copies of one story; a
# republished copy keeps most sentences, another outlet's own report of the same run shares few.
THRESHOLD = 0.5
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Return the text's runs of `size` consecutive words, lower-cased."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@cache
def _template() -> MinHash:
    """Return an empty signature whose permutations every signature shares (made once).

    datasketch is imported here, by the commands that group stories, not by every command.
    """
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS)


def minhash(text: str) -> MinHash:
    """Return the MinHash signature of a text's shingles."""
    signature = _template().copy()
    signature.update_batch([shingle.encode("utf-8") for shingle in shingles(text)])
    return signature


def signature_from_bytes(stored: bytes) -> MinHash:
    """Return a signature kept as its hash values' bytes."""
    import numpy as np
    from datasketch import MinHash

    values = np.frombuffer(stored, dtype=np.uint64)
    return MinHash(num_perm=PERMUTATIONS, hashvalues=values, permutations=_template().permutations)


def group_copies(
    articles: Iterable[tuple[str, str]], threshold: float = THRESHOLD
) -> dict[str, str]:
    """Return each article's story: the id of the earliest copy of it (articles come earliest
    first as (id, text))."""
    return group_signatures(((key, minhash(text)) for key, text in articles), threshold)


def group_signatures(
    articles: Iterable[tuple[str, MinHash]], threshold: float = THRESHOLD
) -> dict[str, str]:
    """Return each article's story from signatures given earliest first.

    A copy joins the story of the earliest article LSH finds similar, so a story's id never
    changes when later copies arrive.
    """
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    story_of: dict[str, str] = {}
    position: dict[str, int] = {}
    for key, signature in articles:
        if key in position:
            continue
        position[key] = len(position)
        earlier = [story_of[other] for other in index.query(signature)]
        story_of[key] = min(earlier, key=position.__getitem__) if earlier else key
        index.insert(key, signature)
    return story_of


def assign_story_ids(db: sqlite_utils.Database) -> int:
    """Set articles.story_id for every article; return how many changed."""
    stored = store.get_story_signatures(db)
    signatures = []
    with store.transaction(db):
        for row in store.iter_article_texts(db):
            text = row["text"] or ""
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if row["id"] in stored and stored[row["id"]][0] == sha:
                signature = signature_from_bytes(stored[row["id"]][1])
            else:  # new or changed text: signed once, then read back
                signature = minhash(text)
                store.save_story_signature(db, row["id"], sha, signature.hashvalues.tobytes())
            signatures.append((row["id"], signature))
        return store.save_story_ids(db, group_signatures(signatures))
