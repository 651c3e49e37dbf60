"""Table cells are not offered to datasette-render-markdown; its dashboard hooks still work."""

from __future__ import annotations

import asyncio

from datasette.app import Datasette
from datasette.plugins import pm

from archive.publish import metadata_for, plugins_dir, templates_dir


def _hook_plugins(hook: str) -> list[str]:
    return [impl.plugin_name for impl in getattr(pm.hook, hook).get_hookimpls()]


def test_markdown_renders_for_dashboards_but_not_for_cells(tmp_path) -> None:
    from archive import store

    path = tmp_path / "archive.db"
    store.open_db(path).conn.close()
    datasette = Datasette(
        [str(path)],
        metadata=metadata_for("archive"),
        plugins_dir=str(plugins_dir()),
        template_dir=str(templates_dir()),
    )
    Datasette([], plugins_dir=str(plugins_dir()))  # loading the folder again changes nothing
    assert "render_markdown" not in _hook_plugins("render_cell")
    assert "runarchive_pages.py" in _hook_plugins("render_cell")
    assert "render_markdown" in _hook_plugins("prepare_jinja2_environment")
    assert "render_markdown" in _hook_plugins("extra_template_vars")

    async def pages() -> tuple[int, int, str]:
        dashboard = await datasette.client.get("/-/dashboards/coverage")
        quotes = await datasette.client.get("/archive/quotes")
        template = datasette.jinja_env.from_string("{% markdown %}*runs*{% endmarkdown %}")
        return dashboard.status_code, quotes.status_code, await template.render_async()

    dashboard, quotes, rendered = asyncio.run(pages())
    assert (dashboard, quotes) == (200, 200)
    assert "<em>runs</em>" in rendered
