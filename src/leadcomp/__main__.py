"""``python -m leadcomp``: the same as the ``leadcomp`` command."""

import sys

from .cli import main

sys.exit(main())
