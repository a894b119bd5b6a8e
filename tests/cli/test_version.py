"""`site-builder --version` says which release is installed: the package's own version."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys


def test_version_prints_the_package_version():
    result = subprocess.run([sys.executable, "-m", "site_builder", "--version"],
                            capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"site-builder {importlib.metadata.version('dien-hinh-site-builder')}"
