"""A fresh Python with the served wheel of gdbook installed, as a reader of the site gets it."""

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import booksite


@pytest.fixture(scope="session")
def reader_python(tmp_path_factory) -> tuple[Path, str]:
    """A new virtual environment with the site's wheel installed (``pip install --no-deps``,
    nothing fetched): its python and its site-packages. gdbook's dependencies (NumPy,
    Matplotlib) are this environment's, read after the new one's own packages."""
    venv = tmp_path_factory.mktemp("reader") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(booksite.served_wheel())], check=True)
    packages = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                              capture_output=True, text=True, check=True).stdout.strip()
    (Path(packages) / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python, packages
