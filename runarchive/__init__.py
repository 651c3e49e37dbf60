"""runarchive: the command line over the crawler (`crawler`), the archive (`archive`) and the
extraction rules (`extract`); imports point that way only."""
