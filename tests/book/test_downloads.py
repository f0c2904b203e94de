"""Each chapter, in each language, can be downloaded from its page as an executed notebook
that runs top to bottom in a fresh kernel and prints what the page shows."""

import json
import os
import re

import nbformat
import pytest

import booksite

CASES = [(lang, ch) for lang in booksite.LANGUAGES for ch in booksite.chapters()]


def download(language, chapter):
    path = booksite.SITE / language / chapter / f"{chapter}.ipynb"
    assert path.exists(), f"no notebook beside {language}/{chapter}/"
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("language, chapter", CASES)
def test_the_page_links_its_notebook_and_the_notebook_is_the_chapter(language, chapter):
    [link] = re.findall(rf'<a [^>]*href="{chapter}\.ipynb"[^>]*>', booksite.page(language, chapter))
    assert re.search(r"\bdownload\b", link)
    notebook = download(language, chapter)
    code = [(booksite.without_comments(c.source), tuple(c.metadata.get("tags", ())))
            for c in notebook.cells if c.cell_type == "code"]
    assert code == booksite.code_cells(language, chapter)
    assert "jupytext" not in notebook.metadata
    assert any(c.outputs for c in notebook.cells if c.cell_type == "code")


def printed(cells):
    """Each code cell's printed text and its number of figures."""
    out = []
    for cell in cells:
        if cell.cell_type != "code":
            continue
        text = "".join(o.text for o in cell.outputs if o.output_type == "stream").rstrip()
        figures = sum(1 for o in cell.outputs if o.output_type == "display_data")
        out.append((text, figures))
    return out


# The most generic OpenBLAS kernels of each architecture (numpy's wheels pick theirs per CPU).
GENERIC_BLAS = {"x86_64": "Prescott", "AMD64": "Prescott", "aarch64": "ARMV8", "arm64": "ARMV8"}


def another_cpu(monkeypatch):
    """Make the kernel compute as an older CPU would: OpenBLAS's generic kernels and none of
    numpy's own SIMD code paths above its baseline. A printed digit that depends on round-off
    (summation order, fused multiply-adds, vectorized exp/cos) then differs from the build's."""
    import platform

    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    if platform.machine() in GENERIC_BLAS:
        monkeypatch.setenv("OPENBLAS_CORETYPE", GENERIC_BLAS[platform.machine()])
    monkeypatch.setenv("NPY_DISABLE_CPU_FEATURES", " ".join(f for f in __cpu_dispatch__ if __cpu_features__.get(f)))


@pytest.mark.parametrize("chapter", booksite.chapters())
def test_a_downloaded_notebook_runs_in_a_fresh_kernel_and_prints_what_the_page_shows(chapter, tmp_path, monkeypatch):
    """In a reader's kernel, on (in effect) another CPU: the pins hold on any machine."""
    from nbclient import NotebookClient

    notebook = download("zh", chapter)
    expected = printed(notebook.cells)
    # A reader's kernel: none of the build's settings (profile, figure format, environment).
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    for name in ("TZ", "PYTHONHASHSEED", "OMP_NUM_THREADS", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)
    another_cpu(monkeypatch)
    fresh = nbformat.from_dict(json.loads(json.dumps(notebook)))
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(fresh, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert printed(fresh.cells) == expected
    assert os.listdir(tmp_path)  # ran there, not in the repository


@pytest.mark.parametrize("language, chapter", CASES)
def test_a_downloaded_notebook_links_the_explorers_it_cannot_show(language, chapter):
    text = "".join(c.source for c in download(language, chapter).cells if c.cell_type == "markdown")
    assert "gd-explorer" not in text
    html = booksite.page(language, chapter)
    [canonical] = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    assert text.count(f"<{canonical}>") == html.count('class="gd-explorer"')
