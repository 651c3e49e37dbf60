"""The report's charts, drawn with matplotlib into PNG and SVG files: coverage over time and
articles by outlet, each outlet in the same colour in every chart."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = ("png", "svg")
# Qualitative colours that stay apart in print and for common colour blindness (Tableau 10).
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
# SVG text stays text (searchable); a fixed salt and no date: the same data, the same file.
STYLE = {"font.size": 10, "svg.fonttype": "none", "svg.hashsalt": "runarchive"}


def outlet_colours(outlets: Sequence[str]) -> dict[str, str]:
    """Return one colour per outlet, fixed by the outlets' alphabetical order."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(set(outlets)))}


def _period(day: str, weekly: bool) -> str:
    """Return the week (its Monday) or month a YYYY-MM-DD day falls in."""
    if not weekly:
        return day[:7]
    parsed = date.fromisoformat(day[:10])
    return (parsed - timedelta(days=parsed.weekday())).isoformat()


def _save(figure: Figure, out: Path, stem: str) -> list[Path]:
    paths = []
    for fmt in FORMATS:
        path = out / f"{stem}.{fmt}"
        metadata = {"Date": None} if fmt == "svg" else {}
        figure.savefig(path, format=fmt, bbox_inches="tight", metadata=metadata, dpi=150)
        paths.append(path)
    return paths


def draw_coverage_over_time(
    articles: Sequence[dict[str, Any]], colours: dict[str, str], out: Path, weekly: bool
) -> list[Path]:
    """Draw articles per week (or month) as bars stacked by outlet; return the files."""
    dated = [a for a in articles if a.get("published")]
    periods = sorted({_period(a["published"], weekly) for a in dated})
    import matplotlib  # imported by the commands that draw, not by every command

    with matplotlib.rc_context(STYLE):
        return _draw_coverage(dated, periods, colours, out, weekly)


def _draw_coverage(
    dated: list[dict[str, Any]],
    periods: list[str],
    colours: dict[str, str],
    out: Path,
    weekly: bool,
) -> list[Path]:
    from matplotlib.figure import Figure  # drawn straight to files: no pyplot, no window
    from matplotlib.ticker import MaxNLocator

    outlets = sorted({a["outlet_name"] for a in dated})
    figure = Figure(figsize=(7.5, 3.2))
    axes = figure.subplots()
    bottoms = [0] * len(periods)
    for outlet in outlets:
        counts = Counter(
            _period(a["published"], weekly) for a in dated if a["outlet_name"] == outlet
        )
        heights = [counts.get(p, 0) for p in periods]
        axes.bar(periods, heights, bottom=bottoms, color=colours[outlet], label=outlet)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_ylabel("Articles")
    axes.set_xlabel("Week starting" if weekly else "Month")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # no half articles
    axes.spines[["top", "right"]].set_visible(False)
    if outlets:
        axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    axes.set_title("Coverage over time")
    return _save(figure, out, "coverage-over-time")


def draw_outlets(
    articles: Sequence[dict[str, Any]], colours: dict[str, str], out: Path
) -> list[Path]:
    """Draw articles per outlet as horizontal bars, most first; return the files."""
    counts = Counter(a["outlet_name"] for a in articles)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(7.5, 0.45 * max(len(ranked), 2) + 1))
        axes = figure.subplots()
        names = [name for name, _ in ranked][::-1]
        axes.barh(names, [counts[n] for n in names], color=[colours[n] for n in names])
        axes.set_xlabel("Articles")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_title("Articles by outlet")
        return _save(figure, out, "outlets")
