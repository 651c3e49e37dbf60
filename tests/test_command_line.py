"""Command-line conventions: -q/-v everywhere, -s checked, a busy port refused, the search
index of an older archive upgraded to find people."""

from __future__ import annotations

import socket
import sqlite3

import click
import pytest
import sqlite_utils
from click.testing import CliRunner

from archive import store
from runarchive.cli import cli
from tests.helpers import invoke, runarchive


def every_command(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from every_command(command, (*prefix, name))


@pytest.mark.parametrize(("path", "command"), list(every_command(cli)), ids=lambda v: str(v))
def test_every_command_takes_quiet_and_verbose(path, command):
    options = {opt for param in command.params for opt in param.opts}
    assert {"-q", "--quiet", "-v", "--verbose"} <= options
    result = CliRunner().invoke(cli, [*path, "-h"])
    assert result.exit_code == 0 and "--quiet" in result.output


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("FOO=1", "unknown setting 'FOO'"),
        ("ARCHIVE_NOPE=1", "unknown setting 'ARCHIVE_NOPE'"),
        ("DOWNLOAD_DELAY", "is not KEY=VALUE"),
    ],
)
def test_unknown_or_malformed_settings_are_refused(tmp_path, setting, message):
    result = CliRunner().invoke(cli, ["crawl", "--db", str(tmp_path / "a.db"), "-s", setting])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "a.db").exists()


def test_serve_fails_when_its_port_is_taken(crawled):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke("serve", "--db", str(crawled.path), "--port", str(port))
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr and "serving" not in result.stderr


def test_a_quiet_reextract_prints_no_progress_and_no_library_warnings(crawled, tmp_path):
    # What a user sees on the console: the process's own stderr.
    path = tmp_path / "archive.db"
    path.write_bytes(crawled.path.read_bytes())
    result = runarchive("reextract", "--db", str(path), "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "re-extracting" not in result.stderr and "WARNING" not in result.stderr


def test_an_older_archive_gets_a_quote_index_that_finds_people(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "create table speakers (id integer primary key, name text not null, "
            "name_key text not null, description text, quote_count integer);"
            "create table quotes (id integer primary key, article_id text not null, "
            "speaker_id integer, text text not null, speaker_description text);"
            "insert into speakers values (1, 'Luz Almanza', 'luz almanza', 'founder', 1);"
            "insert into quotes values (1, 'a', 1, 'I am an immigrant myself', 'founder');"
        )
    old = sqlite_utils.Database(path)
    old["quotes"].enable_fts(["text"], create_triggers=True, tokenize="porter")  # as it was
    old.conn.close()
    db = store.open_db(path)
    assert db.execute(
        "select rowid from quotes_fts where quotes_fts match 'almanza'"
    ).fetchall() == [(1,)]
    assert db.execute("select speaker_name from quotes").fetchone()[0] == "Luz Almanza"
