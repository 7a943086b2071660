"""``python -m leadcomp``: the same as the ``leadcomp`` command."""

import sys

from leadcomp.cli import main

sys.exit(main())
