"""gdbook as the book offers it: the wheel the site serves, built from the code the chapters
ran, and the one line that installs it.

docs/scripts/build.py builds the wheel into the site's root (one copy for every language,
``site/gdbook-<version>-py3-none-any.whl``) after the languages are built; hooks/install.py
puts the install line, an absolute URL under GDBOOK_SITE_URL, on the home pages and each
chapter. The wheel's metadata names the book's site and, when GDBOOK_REPO_URL is set, its
repository (setup.py). A plain module, not a hook.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from book import ROOT, site_base

# What the wheel is built from (and nothing else of the checkout).
SOURCES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "gdbook")
# The settings the wheel's metadata reads (setup.py), besides the site's address.
REPO_SETTING = "GDBOOK_REPO_URL"


def repository() -> str | None:
    """The book's repository, if the build names one (GDBOOK_REPO_URL)."""
    return os.environ.get(REPO_SETTING) or None


def file_name(root: Path = ROOT) -> str:
    """The wheel's file name, from pyproject.toml (PEP 427: the name with runs of -_. as _)."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name = re.sub(r"[-_.]+", "_", project["name"]).lower()
    return f"{name}-{project['version']}-py3-none-any.whl"


def url(base: str | None = None) -> str:
    """Where the site serves the wheel."""
    return f"{base or site_base()}{file_name()}"


def build(site: Path, epoch: str) -> Path:
    """Build the wheel into ``site`` (replacing any other gdbook wheel there), with file times
    of ``epoch`` (seconds), so the same sources give the same bytes. Built from a copy of
    :data:`SOURCES`, with no network (``--no-index``) and the installed setuptools: the
    checkout gets no build/ or egg-info, and nothing else of it reaches the wheel."""
    with tempfile.TemporaryDirectory(prefix="gdbook-wheel-") as temporary:
        source, out = Path(temporary) / "src", Path(temporary) / "out"
        for name in SOURCES:
            path = ROOT / name
            if path.is_dir():
                shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                source.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, source / name)
        env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "GDBOOK_SITE_URL": site_base(),
               "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
             "--no-index", "--wheel-dir", str(out), str(source)],
            check=True, env=env, cwd=temporary,
        )
        built = out / file_name()
        for old in site.glob("gdbook-*.whl"):
            old.unlink()
        site.mkdir(parents=True, exist_ok=True)
        target = site / built.name
        shutil.copyfile(built, target)
        return target
