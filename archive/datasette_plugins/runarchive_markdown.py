"""Markdown where the dashboards ask for it, not offered to every table cell.

datasette-render-markdown comes with datasette-dashboards, whose markdown charts use its
template function. It also offers to render every text cell of every table page, reading its
settings once a cell: a third of a 50-row quotes page's time at a million quotes
(bench/queries.py). No column of the archive holds Markdown, so that one hook is dropped and the
plugin's others kept, once, when Datasette loads this folder.

Self-contained (Datasette and the standard library only), like runarchive_sql.py, so that it
ships with a published copy through `--plugins-dir`.
"""

from __future__ import annotations

from types import ModuleType

from datasette.plugins import pm

MARKDOWN_PLUGIN = "render_markdown"  # datasette-render-markdown's entry point
_MARKER = "datasette_impl"  # set on every function marked @hookimpl


def drop_markdown_cells() -> None:
    """Register datasette-render-markdown again without its render_cell hook."""
    plugin = pm.get_plugin(MARKDOWN_PLUGIN)
    if plugin is None or not hasattr(plugin, "render_cell"):
        return  # not installed, or already without it
    hooks = {
        name: getattr(plugin, name)
        for name in dir(plugin)
        if name != "render_cell" and hasattr(getattr(plugin, name), _MARKER)
    }
    kept = ModuleType(plugin.__name__, plugin.__doc__)  # named as the plugin, for /-/plugins
    kept.__dict__.update(hooks)
    pm.unregister(plugin)
    pm.register(kept, name=MARKDOWN_PLUGIN)


drop_markdown_cells()
