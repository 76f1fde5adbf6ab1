"""Shared fixtures: the seed corpus (skipped when ../shared is absent) and file writers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.seeds import shared_dir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared (seed abstracts) is not present beside the project")
    return path


@pytest.fixture(scope="session")
def seed_files(shared) -> list[Path]:
    return sorted((shared / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def rules_nlp():
    from kg.extractors import make_pipeline

    return make_pipeline(tagger=False)


@pytest.fixture(scope="session")
def seeds_graph(tmp_path_factory, seed_files):
    """The graph built from all seeds with the default pipeline (built once per run)."""
    import kg

    path = tmp_path_factory.mktemp("seeds") / "seeds.json"
    kg.build([str(p) for p in seed_files], path)
    return path


def run_kg(*args: str, input: bytes | None = None, cwd: Path | None = None):
    """Run the installed ``kg`` entry point for real."""
    exe = Path(sys.executable).with_name("kg")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.commands"]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [*cmd, *args], input=input, capture_output=True, cwd=cwd, env=env, timeout=600
    )
