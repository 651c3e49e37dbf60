"""How quote extraction's time grows with hostile text made long by repeating a part (a
quotation left open, thousands of marks, a chain of appositives, ...): prints, per kind, the
seconds for 500 and 2,000 repeats and their ratio (4 is linear, 16 quadratic).

Usage: python bench/quote_scaling.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extract.quotes import extract_quotes
from tests.test_quote_input_properties import GROWING


def seconds(text: str) -> float:
    """Return the best of three extraction times of a text."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        extract_quotes(text, "en")
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    print(f"{'text':45} {'500 (s)':>9} {'2000 (s)':>9} {'ratio':>6}")
    for name, make in GROWING.items():
        small, large = seconds(make(500)), seconds(make(2000))
        print(f"{name:45} {small:9.4f} {large:9.4f} {large / small:6.1f}")


if __name__ == "__main__":
    main()
