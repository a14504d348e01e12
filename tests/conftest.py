"""Fixtures shared by every test scope."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's start-up chatter out of logs

REPO_ROOT = Path(__file__).resolve().parent.parent
# The full CIFAR-10 beside the checkout, where a machine has it (see README: "Data").
SHARED_CIFAR10 = REPO_ROOT.parent / "shared" / "data" / "cifar-10-python.tar.gz"


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def shared_cifar10() -> Path:
    if not SHARED_CIFAR10.exists():
        pytest.skip(f"the full CIFAR-10 archive is not at {SHARED_CIFAR10}")
    return SHARED_CIFAR10
