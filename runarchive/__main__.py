"""`python -m runarchive`: the command line, as the `runarchive` console script runs it."""

from runarchive.cli import cli

cli()
