"""The build hooks' own rules, on small inputs (no site needed)."""

import shutil
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

import booksite
import notebook_html
import notebooks


def fake_page(src="chapter.md"):
    return SimpleNamespace(file=SimpleNamespace(src_path=src, src_uri=src, dest_uri="chapter/index.html"), meta={})


CONFIG = SimpleNamespace(theme={"language": "en"}, site_dir="/nonexistent-site")

NOTEBOOK = """<style>x</style><div class="jupyter-wrapper"><div class="jp-Notebook">
<div class="jp-Cell jp-CodeCell jp-Notebook-cell">
<div class="highlight-ipynb hl-python"><pre><span></span><span class="nb">print</span>(1)
</pre></div>
<div class="jp-OutputArea-output jp-RenderedText" data-mime-type="{mime}"><pre>{text}</pre></div>
</div></div></div>"""


def notebook_of(*sources):
    import nbformat

    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(src) for src in sources],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )


def test_a_cell_that_writes_to_stderr_fails_the_build(tmp_path):
    nb = notebook_of("print('fine')", "import warnings\nwarnings.warn('careful')")
    with pytest.raises(PluginError, match="(?s)chapter.md: code cell 2 wrote to stderr.*careful"):
        notebooks.execute(nb, "chapter.md", tmp_path)


def test_a_cell_that_raises_fails_the_build(tmp_path):
    nb = notebook_of("x = 1", "1 / 0")
    with pytest.raises(PluginError, match="(?s)chapter.md: a code cell raised.*ZeroDivisionError"):
        notebooks.execute(nb, "chapter.md", tmp_path)


def check_cell(source):
    import nbformat

    return nbformat.v4.new_code_cell(source, metadata={"tags": [notebooks.CHECK_TAG]})


def test_a_false_claim_fails_the_build_naming_its_check(tmp_path):
    nb = notebook_of("rate = 0.9")
    nb.cells.append(check_cell("assert rate < 0.5, 'the text says the rate is below 0.5'"))
    with pytest.raises(PluginError, match="(?s)check in code cell 2 failed.*rate is below 0.5"):
        notebooks.execute(nb, "chapter.md", tmp_path)


def test_a_check_shows_nothing(tmp_path):
    nb = notebook_of("rate = 0.1")
    nb.cells.append(check_cell("assert rate < 0.5\nprint(rate)"))
    with pytest.raises(PluginError, match="code cell 2 is a check"):
        notebooks.execute(nb, "chapter.md", tmp_path)
    nb.cells[-1] = check_cell("assert rate < 0.5")
    assert notebooks.execute(nb, "chapter.md", tmp_path) == [[], []]


def test_the_downloaded_notebook_leaves_the_checks_out():
    import nbformat

    nb = notebook_of("rate = 0.1")
    nb.cells.append(check_cell("assert rate < 0.5"))
    reader = nbformat.reads(notebooks.download_copy(nb, "en", "https://example.org/ch/"), as_version=4)
    assert [c.source for c in reader.cells] == ["rate = 0.1"]


def test_printed_pieces_are_joined_exactly(tmp_path):
    # Flushes in mid-line must not split what the page shows.
    nb = notebook_of("import sys\nprint('epoch 10, x: 3.48', end='', flush=True)\nsys.stdout.flush()\nprint('6784')\nprint('next')")
    [[output]] = notebooks.execute(nb, "chapter.md", tmp_path)
    assert output.text == "epoch 10, x: 3.486784\nnext\n"


def test_outputs_are_keyed_on_code_not_prose_or_comments():
    import nbformat

    a = notebook_of("x = 1  # one", "print(x)")
    b = notebook_of("x = 1  # 一", "print(x)")
    b.cells.insert(0, nbformat.v4.new_markdown_cell("Different prose"))
    c = notebook_of("x = 2", "print(x)")
    assert notebooks.code_key(a, "f1") == notebooks.code_key(b, "f1")
    assert notebooks.code_key(a, "f1") != notebooks.code_key(c, "f1")
    assert notebooks.code_key(a, "f1") != notebooks.code_key(a, "f2")


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
def test_the_language_configs_keep_the_shared_settings(language):
    from mkdocs.config import load_config

    config = load_config(str(booksite.DOCS / f"{language}.yml"))
    assert config["strict"] is True
    # Chapters are executed by hooks/notebooks.py; mkdocs-jupyter only renders them.
    assert config.plugins["mkdocs-jupyter"].config["execute"] is False
    assert any(h.endswith("notebooks.py") for h in config["hooks"])
    # The search plugin kept its language (a language config must not drop base options).
    assert config.plugins["material/search"].config["lang"] == [language]


def test_the_output_fingerprint_covers_all_of_gdbook():
    covered = set(notebooks.output_inputs())
    assert set((booksite.ROOT / "gdbook").rglob("*.py")) <= covered
    assert notebooks.KERNEL_CONFIG in covered


def test_the_output_fingerprint_changes_with_the_code(tmp_path):
    copy = tmp_path / "gdbook"
    shutil.copytree(booksite.ROOT / "gdbook", copy, ignore=shutil.ignore_patterns("__pycache__"))
    files = sorted(copy.rglob("*.py"))
    before = notebooks.fingerprint(files, root=tmp_path)
    train = copy / "train.py"
    train.write_text(train.read_text().replace('f"{value:f}"', 'f"{value:.5f}"'))
    assert notebooks.fingerprint(files, root=tmp_path) != before


def test_the_kernel_environment_overrides_the_machine(monkeypatch, tmp_path):
    # A reader's machine (or CI's) may have any locale, time zone or thread count; the
    # kernel that executes the chapters must not see them.
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    monkeypatch.setenv("OMP_NUM_THREADS", "64")
    monkeypatch.setenv("PYTHONHASHSEED", "random")
    import os

    for name in [*notebooks.REPRODUCIBLE_ENV, "IPYTHONDIR", "SOURCE_DATE_EPOCH"]:
        monkeypatch.delenv(name, raising=False)  # restored after the test
    config = SimpleNamespace(
        theme={"language": "en"},
        extra={},
        plugins={"mkdocs-jupyter": SimpleNamespace(config={})},
    )
    monkeypatch.setattr(notebooks, "CACHE", tmp_path)
    notebooks.on_config(config)
    assert (os.environ["TZ"], os.environ["LC_ALL"], os.environ["OMP_NUM_THREADS"], os.environ["PYTHONHASHSEED"]) == (
        "UTC", "C.UTF-8", "1", "0"
    )
    assert config.plugins["mkdocs-jupyter"].config["cache_dir"].endswith("rendered/en")
    assert config.extra["gdbook_fingerprint"] == notebooks.fingerprint()


def test_a_figure_becomes_an_svg_file_beside_the_page(tmp_path):
    svg = '<?xml version="1.0"?><svg height="10pt" viewbox="0 0 300.123456 200.5" width="10pt"><text style="font-family: \'DejaVu Sans\'; x">x</text><text x="1.234567">eta 0.001</text></svg>'
    html = NOTEBOOK.format(mime="text/plain", text="1").replace(
        "</div>\n</div></div></div>",
        f'</div><div class="jp-OutputArea-output jp-RenderedSVG" data-mime-type="image/svg+xml">{svg}</div>\n</div></div></div>',
    )
    config = SimpleNamespace(theme={"language": "zh"}, site_dir=str(tmp_path))
    out = notebook_html.on_page_content(html, fake_page(), config, None)
    [name] = [p.name for p in (tmp_path / "chapter").iterdir()]
    assert f'<img src="{name}" alt="图 1" width="400" height="267" loading="lazy" decoding="async">' in out
    written = (tmp_path / "chapter" / name).read_text()
    assert written.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'viewBox="0 0 300.1 200.5"' in written
    assert "font-family: 'DejaVu Sans', sans-serif;" in written
    # coordinates are shortened, the text a reader sees is not
    assert '<text x="1.2">eta 0.001</text>' in written


def test_formulas_become_mathml_and_a_bad_one_stops_the_build(tmp_path, monkeypatch):
    import mathml
    from mkdocs.exceptions import PluginError

    monkeypatch.setattr(mathml, "CACHE", tmp_path)
    out = mathml.render([("\\frac{a}{b} < \\eta", False), ("x^2", True)])
    assert out[0].startswith("<math") and "<mfrac>" in out[0] and "&lt;" in out[0]
    assert 'display="block"' in out[1]
    with pytest.raises(PluginError, match="Temml could not typeset a formula"):
        mathml.render([("\\frac{a}{", False)])
    # the renderer survives a bad formula and serves the next one
    assert mathml.render([("y", False)])[0].startswith("<math")
    mathml._temml.close()


def test_code_keeps_only_the_spans_that_colour_something():
    pygments = ('<span class="n">x</span> <span class="o">=</span> <span class="n">f</span><span class="p">(</span>'
                '<span class="mi">1</span><span class="p">,</span> <span class="mf">2.5</span><span class="p">)</span> '
                '<span class="ow">in</span> <span class="s2">&quot;a&quot;</span>')
    assert notebook_html._lighter_highlighting(pygments) == (
        'x = f(<span class="m">1</span>, <span class="m">2.5</span>) <span class="ow">in</span> <span class="s">&quot;a&quot;</span>'
    )


def test_indentation_is_dropped_except_where_white_space_is_kept():
    import html_whitespace

    page = ('<div>\n    <p>a\n      b</p>\n\n  <pre><code>x\n    y</code></pre>\n  <code>p\n  q</code>'
            '<script>\n  s\n</script>\n</div>')
    assert html_whitespace.collapse(page) == (
        '<div>\n<p>a\nb</p>\n<pre><code>x\n    y</code></pre>\n<code>p\n  q</code><script>\n  s\n</script>\n</div>'
    )


def test_a_formula_keeps_the_punctuation_after_it_on_its_line():
    import mathml

    slots = ["<math><mi>x</mi></math>", "<math><mi>y</mi></math>", '<math display="block"><mi>z</mi></math>']
    content = ('<p>so <span class="math-slot" data-i="0"></span>. And <span class="math-slot" data-i="1"></span>）：'
               ' done</p><div class="math-display"><span class="math-slot" data-i="2"></span></div>')
    assert mathml.restore(content, slots) == (
        '<p>so <span class="nowrap"><math><mi>x</mi></math>.</span> And '
        '<span class="nowrap"><math><mi>y</mi></math>）：</span> done</p>'
        '<div class="math-display"><math display="block"><mi>z</mi></math></div>'
    )
