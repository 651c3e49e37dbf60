"""The runarchive database, its command line and the bundled fixture web."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
