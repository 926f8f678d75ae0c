"""The resilience tools live outside the package: atest/tools and scripts/."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "atest" / "tools"))


@pytest.fixture(scope="session")
def scanner():
    spec = importlib.util.spec_from_file_location(
        "check_secrets", ROOT / "scripts" / "check-secrets.py"
    )
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module
