from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"


@pytest.fixture(scope="session")
def sample_txt() -> Path:
    return SAMPLE
