"""Shared fixtures. Paths are resolved from the repository root so tests run from anywhere."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "fixtures" / "replies"
# The hand-checked gold (a copy of ../shared/gold/seeds.json, so tests need nothing outside the repo).
GOLD_PATH = ROOT / "tests" / "golden" / "seeds.json"


@pytest.fixture
def seed_paths() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt"))
