"""docker-compose.yml is valid for Debian's docker-compose (skipped when it is absent)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_compose_config():
    exe = shutil.which("docker-compose")
    if exe is None:
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    result = subprocess.run(
        [exe, "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "NEO4J_AUTH": "neo4j/test-password"},
    )
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "neo4j:5" in out and "127.0.0.1" in out and "7687" in out and "healthcheck" in out


def test_env_example_is_committed():
    text = (ROOT / ".env.example").read_text()
    assert "NEO4J_AUTH=" in text
