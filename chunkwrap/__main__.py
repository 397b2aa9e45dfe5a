"""``python -m chunkwrap``: see ``chunkwrap._cli``."""

import sys

from ._cli import main

sys.exit(main())
