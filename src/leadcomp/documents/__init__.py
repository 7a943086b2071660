"""The native format: loading, checking and writing documents, and writing files atomically:
never over a file a command reads, never over a file without ``force``, never half-written.

The public names are imported on first use.
"""

from __future__ import annotations

from leadcomp._lazy import face as _face

TYPE_CHECKING = False
if TYPE_CHECKING:  # the public names, each imported on first use
    from leadcomp.documents._atomic import (
        atomic_bytes as atomic_bytes,
        write_atomic as write_atomic,
        write_document as write_document,
    )
    from leadcomp.documents._files import (
        exists_message as exists_message,
        input_written as input_written,
        same_file as same_file,
        write_output as write_output,
    )
    from leadcomp.read._jsonl import (
        Line as Line,
        read_lines as read_lines,
    )
    from leadcomp.read._limits import (
        DEFAULT_LIMITS as DEFAULT_LIMITS,
        read_at_most as read_at_most,
    )


__getattr__, __dir__ = _face(__name__, globals())
