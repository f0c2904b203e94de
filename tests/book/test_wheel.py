"""The book offers gdbook itself: the site serves the wheel its pages were built with, the home
pages and every chapter give the line that installs it, and the wheel is ready for a package
index (complete metadata; `twine check` passes). Nothing here uses the network."""

from __future__ import annotations

import email.parser
import re
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

import book
import booksite
import gdbook_wheel
import site_server

INSTALL = re.compile(r"pip(?:<[^>]*>\s*</[^>]*>|\s)+install(?:<[^>]*>\s*</[^>]*>|\s)+(\S+?)(?=<|\s)")
HOME_AND_CHAPTERS = [(lang, page) for lang in booksite.LANGUAGES for page in ["", *booksite.chapters()]]


def served_wheel() -> Path:
    path = booksite.served_wheel()
    assert [p.name for p in booksite.SITE.glob("*.whl")] == [path.name], "one wheel, of this version"
    return path


def metadata() -> email.message.Message:
    with zipfile.ZipFile(served_wheel()) as wheel:
        [name] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(wheel.read(name).decode())


@pytest.mark.parametrize("language, page", HOME_AND_CHAPTERS)
def test_the_home_page_and_each_chapter_give_the_install_line_of_the_served_wheel(language, page):
    html = (booksite.SITE / language / page / "index.html").read_text(encoding="utf-8")
    [url] = INSTALL.findall(html)
    assert url == gdbook_wheel.url(), "an absolute URL under the address the site is built for"
    # The address names the served file, and the server the tests run serves it.
    assert url.startswith(book.site_base())
    path = url[len(book.site_base()):]
    assert (booksite.SITE / path).read_bytes() == served_wheel().read_bytes()


def test_the_site_serves_the_wheel_at_the_install_lines_address():
    # The test session serves the built site (tests/conftest.py) at the address it is built for.
    assert site_server.serves_this_site(), f"{site_server.BASE} does not serve this build (port taken by something else?)"
    with urllib.request.urlopen(f"{site_server.BASE}/{gdbook_wheel.url()[len(book.site_base()):]}") as answer:
        assert answer.read() == served_wheel().read_bytes()


def test_the_wheel_is_built_from_this_checkout(tmp_path):
    """Built again from the sources with the build's settings, it is the served file, byte for
    byte: the site serves the code its pages ran, and the build is repeatable."""
    fresh = gdbook_wheel.build(tmp_path, book.last_commit_time())
    assert fresh.read_bytes() == served_wheel().read_bytes()


def test_the_wheels_metadata_is_complete_and_twine_check_passes():
    meta = metadata()
    for field in ("Name", "Version", "Summary", "Author", "License-Expression", "Requires-Python",
                  "Description-Content-Type"):
        assert meta[field], field
    assert meta["Name"] == "gdbook" and meta["License-Expression"] == "MIT"
    assert meta.get_all("Requires-Dist") == ["numpy>=1.26", "matplotlib>=3.8"]
    assert len(meta.get_all("Classifier")) >= 8 and meta.get_payload().startswith("# gdbook")
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert urls["Homepage"] == book.site_base()
    assert urls.get("Source") == gdbook_wheel.repository()
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(served_wheel())],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "PASSED" in done.stdout, done.stdout + done.stderr


def test_the_served_wheel_installs_into_a_fresh_environment_and_imports(reader_python, tmp_path):
    python, packages = reader_python  # tests/book/conftest.py: pip install --no-deps <the wheel>
    code = ("import gdbook, importlib.metadata as m; from gdbook import functions, optim, run; "
            "print(gdbook.__file__); print(m.version('gdbook')); "
            "print(run(optim.gd(eta=0.2), functions.square, x0=10.0, steps=10))")
    out = subprocess.run([str(python), "-I", "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    where, version, printed = out.stdout.splitlines()
    assert where.startswith(packages), f"gdbook imported from {where}, not from the installed wheel"
    assert version == metadata()["Version"] and printed == "step 10, x: 0.060466"
