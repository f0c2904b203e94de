"""Prepare the environment in which mkdocs-jupyter's kernel executes the chapters.

* Reproducible outputs: a fixed locale, time zone, hash seed and thread count, so that no
  printed digit depends on the machine (the kernel inherits this process's environment).
* Crisp, byte-identical SVG figures: the kernel profile in docs/kernel/.
* No stale outputs: mkdocs-jupyter caches a page keyed on the notebook's own bytes only, so a
  change to gdbook would be served from cache. Each language gets its own cache folder,
  named by a fingerprint of everything a chapter's output depends on besides its source:
  gdbook's code, the kernel profile, and the pinned dependency set.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
KERNEL_CONFIG = ROOT / "docs" / "kernel" / "ipython_kernel_config.py"
REPRODUCIBLE_ENV = {
    "TZ": "UTC",
    "LC_ALL": "C.UTF-8",
    "LANG": "C.UTF-8",
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    # The debugger's "frozen modules" notice would otherwise reach the build log.
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


def output_inputs() -> list[Path]:
    """Every file besides a chapter's source that can change what the chapter prints."""
    files = sorted((ROOT / "gdbook").rglob("*.py"))
    files += [KERNEL_CONFIG, Path(__file__).resolve(), ROOT / "requirements.lock", ROOT / "pyproject.toml"]
    return [f for f in files if f.exists()]


def fingerprint(paths: list[Path] | None = None, root: Path = ROOT) -> str:
    """A short hash of the names (relative to ``root``) and bytes of ``paths``."""
    digest = hashlib.sha256()
    for path in paths if paths is not None else output_inputs():
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def last_commit_time() -> str:
    """The time of the last commit, as the build date: the same for every build of a commit
    (the sitemaps' dates), unlike the clock. 0 outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
        )
        return out.stdout.strip() or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def on_config(config):
    os.environ.update(REPRODUCIBLE_ENV)
    os.environ.setdefault("SOURCE_DATE_EPOCH", last_commit_time())
    profile = CACHE / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(KERNEL_CONFIG, profile / "ipython_kernel_config.py")
    os.environ["IPYTHONDIR"] = str(profile.parent)

    language = config.theme["language"]
    current = fingerprint()
    # Pages carry it (overrides/main.html), so a test can tell a stale site from a fresh one.
    config.extra["gdbook_fingerprint"] = current
    cache_root = CACHE / "notebooks"
    cache_dir = cache_root / f"{language}-{current}"
    for old in cache_root.glob(f"{language}-*"):
        if old != cache_dir:  # outputs of an older gdbook: never to be served again
            shutil.rmtree(old, ignore_errors=True)
    config.plugins["mkdocs-jupyter"].config["cache_dir"] = str(cache_dir)
    return config
