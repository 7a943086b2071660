"""Shared test configuration: Hypothesis profiles and paths to the examples and shared corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def example_framework_path() -> Path:
    """The hand-written example framework that shows every feature of the format."""
    return ROOT / "examples" / "team-leadership.framework.yaml"


@pytest.fixture
def shared_dir() -> Path:
    """The shared folder beside the repository (the corpus of real files from other projects)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent: corpus tests need the shared folder beside the repo")
    return SHARED
