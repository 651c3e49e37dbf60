"""The command line the public-benchmark scripts share: a data folder in, figures out."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path


def main(doc: str, run: Callable[[Path, bool], dict[str, object]], verbose_help: str) -> None:
    """Score the folder given on the command line and print the figures as one JSON line last."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a data folder of the benchmark's layout")
    parser.add_argument("-v", "--verbose", action="store_true", help=verbose_help)
    args = parser.parse_args()
    if not args.folder.is_dir():
        parser.error(f"no such folder: {args.folder}")
    print(json.dumps(run(args.folder, args.verbose)))
