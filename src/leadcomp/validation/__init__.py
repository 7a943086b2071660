"""Problems, schema checks and domain rules; and the validation report: Problems as text lines,
a JSON report or CI annotations.

The public names are imported on first use (``leadcomp validate`` loads only what it needs).
"""

from __future__ import annotations

from leadcomp._lazy import face as _face

TYPE_CHECKING = False
if TYPE_CHECKING:  # the public names, each imported on first use
    from leadcomp.validation._mapping_rules import (
        mapping_fit_problems as mapping_fit_problems,
        mapping_problems as mapping_problems,
    )
    from leadcomp.validation._output import (
        check_output as check_output,
    )
    from leadcomp.validation._report import (
        alike as alike,
        file_report as file_report,
        github_line as github_line,
        report as report,
        write_json as write_json,
    )
    from leadcomp.validation._schemas import (
        bundled_schema_text as bundled_schema_text,
    )


__getattr__, __dir__ = _face(__name__, globals())
