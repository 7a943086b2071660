"""Hypothesis profiles, and each property's share of the profile's example count.

Two profiles decide how many examples every property draws:

- ``dev`` (the default, what ``python -m pytest`` uses): 10 examples per unit, so that the whole
  suite runs in a few minutes on a small machine;
- ``ci`` (``HYPOTHESIS_PROFILE=ci``, set by ``.ci/run``): 100 per unit, derandomized, the depth
  the suite is held to before anything lands.

A property whose examples cost much more or much less than a typical one says so with a weight:
``@settings(scaled(0.4), deadline=None)`` draws 40 examples under ``ci`` and 4 under ``dev``. The
weight is the only number a test states; the profile sets the scale. ``HYPOTHESIS_PROFILE``
chooses the profile, and ``HYPOTHESIS_UNIT`` overrides the unit for a deeper run
(``HYPOTHESIS_UNIT=1000 python -m pytest tests/test_privacy.py``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: Examples per unit of weight, by profile.
UNITS = {"dev": 10, "ci": 100}

settings.register_profile(
    "ci",
    max_examples=UNITS["ci"],
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=UNITS["dev"], deadline=None)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")
settings.load_profile(PROFILE)
if os.environ.get("HYPOTHESIS_UNIT"):
    settings.register_profile(
        f"{PROFILE}-unit",
        settings.get_profile(PROFILE),
        max_examples=max(1, int(os.environ["HYPOTHESIS_UNIT"])),
    )
    settings.load_profile(f"{PROFILE}-unit")

#: The examples one unit of weight draws under the loaded profile.
UNIT: int = settings.default.max_examples


def scaled(weight: float) -> settings:
    """Settings drawing ``weight`` units of examples (at least one) under the loaded profile."""
    return settings(max_examples=max(1, round(UNIT * weight)))
