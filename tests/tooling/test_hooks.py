"""The build hooks' own rules, on small inputs (no site needed)."""

import shutil
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

import kernel_env
import notebook_html
import booksite


def fake_page(src="chapter.md"):
    return SimpleNamespace(file=SimpleNamespace(src_path=src), meta={})


CONFIG = SimpleNamespace(theme={"language": "en"})

NOTEBOOK = """<style>x</style><div class="jupyter-wrapper"><div class="jp-Notebook">
<div class="jp-Cell jp-CodeCell jp-Notebook-cell">
<div class="highlight-ipynb hl-python"><pre><span></span><span class="nb">print</span>(1)
</pre></div>
<div class="jp-OutputArea-output jp-RenderedText" data-mime-type="{mime}"><pre>{text}</pre></div>
</div></div></div>"""


def test_a_cell_that_writes_to_stderr_fails_the_build():
    html = NOTEBOOK.format(mime="application/vnd.jupyter.stderr", text="UserWarning: careful")
    with pytest.raises(PluginError, match="(?s)code cell 1 wrote to stderr.*UserWarning: careful"):
        notebook_html.on_page_content(html, fake_page(), CONFIG, None)


def test_a_code_cell_becomes_a_material_code_block_and_its_output():
    html = NOTEBOOK.format(mime="text/plain", text="1\n")
    out = notebook_html.on_page_content(html, fake_page(), CONFIG, None)
    assert "<style>" not in out and "jupyter-wrapper" not in out
    assert '<div class="language-python highlight"><pre><span></span><code><span class="nb">print</span>(1)</code></pre></div>' in out
    assert '<pre class="nb-output">1</pre>' in out


def test_the_mathjax_loader_is_removed():
    page = '<body><p>x</p><script data-mkdocs-jupyter-mathjax="{}">load()</script></body>'
    assert notebook_html.on_post_page(page, fake_page(), CONFIG) == "<body><p>x</p></body>"


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_notebooks_are_executed_and_may_not_raise(language):
    from mkdocs.config import load_config

    config = load_config(str(booksite.DOCS / f"{language}.yml"))
    jupyter = config.plugins["mkdocs-jupyter"].config
    assert jupyter["execute"] is True and jupyter["allow_errors"] is False
    assert config["strict"] is True
    # The search plugin kept its language (a language config must not drop base options).
    assert config.plugins["material/search"].config["lang"] == [language]


def test_the_output_fingerprint_covers_all_of_gdbook():
    covered = set(kernel_env.output_inputs())
    assert set((booksite.ROOT / "gdbook").rglob("*.py")) <= covered
    assert kernel_env.KERNEL_CONFIG in covered


def test_the_output_fingerprint_changes_with_the_code(tmp_path):
    copy = tmp_path / "gdbook"
    shutil.copytree(booksite.ROOT / "gdbook", copy, ignore=shutil.ignore_patterns("__pycache__"))
    files = sorted(copy.rglob("*.py"))
    before = kernel_env.fingerprint(files, root=tmp_path)
    train = copy / "train.py"
    train.write_text(train.read_text().replace('f"{value:f}"', 'f"{value:.5f}"'))
    assert kernel_env.fingerprint(files, root=tmp_path) != before


def test_stream_chunks_are_joined_exactly_as_printed():
    # The kernel may flush a print in pieces, even mid-line; the page must not depend on where.
    chunk = '<div class="jp-OutputArea-output jp-RenderedText" data-mime-type="text/plain"><pre>{}</pre></div>'
    html = NOTEBOOK.format(mime="text/plain", text="epoch 10, x: 3.48") .replace(
        "</div>\n</div></div></div>", "</div>" + chunk.format("6784\n") + chunk.format("next\n") + "\n</div></div></div>"
    )
    out = notebook_html.on_page_content(html, fake_page(), CONFIG, None)
    assert '<pre class="nb-output">epoch 10, x: 3.486784\nnext</pre>' in out


def test_the_kernel_environment_overrides_the_machine(monkeypatch, tmp_path):
    # A reader's machine (or CI's) may have any locale, time zone or thread count; the
    # kernel that executes the chapters must not see them.
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    monkeypatch.setenv("OMP_NUM_THREADS", "64")
    monkeypatch.setenv("PYTHONHASHSEED", "random")
    import os

    for name in [*kernel_env.REPRODUCIBLE_ENV, "IPYTHONDIR", "SOURCE_DATE_EPOCH"]:
        monkeypatch.delenv(name, raising=False)  # restored after the test
    config = SimpleNamespace(
        theme={"language": "en"},
        extra={},
        plugins={"mkdocs-jupyter": SimpleNamespace(config={})},
    )
    monkeypatch.setattr(kernel_env, "CACHE", tmp_path)
    kernel_env.on_config(config)
    assert (os.environ["TZ"], os.environ["LC_ALL"], os.environ["OMP_NUM_THREADS"], os.environ["PYTHONHASHSEED"]) == (
        "UTC", "C.UTF-8", "1", "0"
    )
    assert config.plugins["mkdocs-jupyter"].config["cache_dir"].endswith(f"en-{kernel_env.fingerprint()}")
    assert config.extra["gdbook_fingerprint"] == kernel_env.fingerprint()
