"""The build hooks' own rules, on small inputs (no site needed)."""

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

import booksite
import chapter_markup
import material_markup
import notebooks
import theme

WORDS = {"figure": "图", "copy": "复制", "download": "下载", "solution": "解答",
         "install": "安装：{command}。{repository}复制。", "repository": '<a href="{url}">仓库</a>。'}
WHEEL = "https://example.org/book/gdbook-1.0-py3-none-any.whl"


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
    reader = nbformat.reads(notebooks.download_copy(nb, "*see <{url}>*", "https://example.org/ch/"), as_version=4)
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


def test_tagging_a_cell_as_a_check_makes_its_outputs_anew():
    # Else a printing cell newly tagged as a check would be served its cached output, and
    # the rule that a check shows nothing would never run on it.
    plain = notebook_of("x = 1", "print(x)")
    tagged = notebook_of("x = 1")
    tagged.cells.append(check_cell("print(x)"))
    assert notebooks.code_key(plain, "f1") != notebooks.code_key(tagged, "f1")


def executed(*cells):
    """A chapter notebook of Markdown (str) and executed code cells ((source, outputs))."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    for cell in cells:
        if isinstance(cell, str):
            nb.cells.append(nbformat.v4.new_markdown_cell(cell))
        else:
            source, outputs, *tags = cell
            code = nbformat.v4.new_code_cell(source, metadata={"tags": tags} if tags else {})
            code.outputs = [nbformat.from_dict(o) for o in outputs]
            nb.cells.append(code)
    return nb


def printed(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def test_a_code_cell_carries_its_material_code_block_and_outputs():
    nb = executed("# Title\n\nIntro", ("print(1)", [printed("1\n")]), ("assert True", [], notebooks.CHECK_TAG))
    page, figures = chapter_markup.page_copy(nb, "chapter", WORDS, WHEEL)
    assert [c.cell_type for c in page.cells] == ["markdown", "code"]  # the check is left out
    shown = page.cells[1].metadata["gdbook"]["html"]
    assert shown == (
        '<div class="nb-cell"><div class="language-python highlight"><pre>'
        '<nav class="md-code__nav"><button class="md-code__button" title="复制" data-clipboard-target="#cell-code-1" '
        'data-md-type="copy"></button></nav><code id="cell-code-1"><span class="nb">print</span>('
        '<span class="m">1</span>)</code></pre></div><pre class="nb-output">1</pre></div>'
    )
    assert page.cells[1].outputs == [] and figures == {}
    # The download link follows the title, then the install line (and the script that copies
    # a cell with its set-up).
    assert page.cells[0].source == (
        '# Title\n\n<p class="nb-download"><a href="chapter.ipynb" download>下载</a></p>\n'
        f'<p class="nb-install">安装：<code>pip install {WHEEL}</code>。复制。</p>\n'
        '<script src="../assets/cell-setup.js" defer></script>\n\n\nIntro'
    )
    assert page.metadata["gdbook"]["solution_label"] == "解答"
    # With a repository, the line links it.
    page, _ = chapter_markup.page_copy(nb, "chapter", WORDS, WHEEL, "https://example.org/repo")
    assert f'<code>pip install {WHEEL}</code>。<a href="https://example.org/repo">仓库</a>。复制。' in page.cells[0].source


def test_a_cell_that_needs_earlier_cells_lists_them_for_its_copy_button():
    nb = executed("# T", ("import math", []), ("r = 2.0", []), ("print(math.pi * r)", [printed("6.28\n")]),
                  ("print(1)", [printed("1\n")]))
    page, _ = chapter_markup.page_copy(nb, "chapter", WORDS, WHEEL)
    codes = [c.metadata["gdbook"]["html"] for c in page.cells if c.cell_type == "code"]
    assert '<code id="cell-code-1">' in codes[0] and '<code id="cell-code-4">' in codes[3]
    assert '<code id="cell-code-3" data-setup="1 2">' in codes[2]


def test_a_cell_that_needs_a_check_cell_stops_the_build():
    """A check is not on the page, so a copy cannot include it: a check must not bind or change
    what a shown cell uses."""
    nb = executed("# T", ("xs = []", []), ("xs.append(1)", [], notebooks.CHECK_TAG), ("print(xs)", [printed("[1]\n")]))
    with pytest.raises(PluginError, match=r"chapter: code cell 3 needs the check cell\(s\) \[2\]"):
        chapter_markup.page_copy(nb, "chapter", WORDS, WHEEL)


def test_an_output_the_book_cannot_show_stops_the_build():
    html_output = {"output_type": "display_data", "data": {"text/html": "<b>x</b>"}, "metadata": {}}
    with pytest.raises(PluginError, match=r"chapter: code cell 1 has an output the book cannot show: \['text/html'\]"):
        chapter_markup.page_copy(executed("# T", ("x", [html_output])), "chapter", WORDS, WHEEL)


def test_the_template_groups_each_solution_and_leaves_the_rest_alone(tmp_path):
    """The book's template, rendered by nbconvert as mkdocs-jupyter does, on a small chapter."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = executed(
        "# T", ("a = 1", []), "Exercise text",
        ("x", [], "solution"),  # a solution may start with its code
        "**2.** explanation", ("y", [printed("2\n")], "solution"), "After",
    )
    nb.cells[3].metadata["tags"] = ["solution"]
    nb.cells[4].metadata["tags"] = ["solution"]
    page, _ = chapter_markup.page_copy(nb, "chapter", WORDS, WHEEL)
    template = booksite.DOCS / "templates" / "chapter.html.j2"
    exporter = HTMLExporter(config=Config(), template_file=str(template))
    out, _ = exporter.from_notebook_node(page)
    blocks = out.split("<details")
    assert len(blocks) == 3 and "Exercise text" in blocks[0] and "a = 1" not in blocks[1]
    assert blocks[1].count('class="nb-cell"') == 1 and "explanation" in blocks[2]
    assert "After" not in blocks[2].split("</details>")[0]
    assert out.count("</details>") == 2 and out.rstrip().endswith("After")
    assert "jp-" not in out and "<style" not in out


def test_the_style_mkdocs_jupyter_appends_is_cut_and_its_version_is_the_one_checked():
    from importlib.metadata import version

    assert version("mkdocs-jupyter") == notebooks.MKDOCS_JUPYTER_VERSION, (
        "mkdocs-jupyter changed: check what it appends to a converted .ipynb page "
        "(nbconvert2.py, nb2html) and update APPENDED_STYLE and MKDOCS_JUPYTER_VERSION"
    )
    rendered = "# T\n\ntext\n" + "\n        <style>\n        ['pre { line-height: 125%; }']\n        </style>\n        "
    page = SimpleNamespace(file=SimpleNamespace(src_uri="chapter.md"))
    notebooks.DOWNLOADS["chapter"] = ""
    try:
        assert notebooks.on_page_markdown(rendered, page, None, None) == "# T\n\ntext\n"
        other = SimpleNamespace(file=SimpleNamespace(src_uri="errata.md"))
        assert notebooks.on_page_markdown(rendered, other, None, None) == rendered
    finally:
        del notebooks.DOWNLOADS["chapter"]


def test_the_copy_button_is_materials_as_checked():
    from importlib.metadata import version

    import material_markup

    assert version("mkdocs-material") == material_markup.MATERIAL_VERSION, (
        "Material changed: check its copy button's markup (src/templates/assets/javascripts/"
        "components/content/code) against material_markup.copy_button, then update MATERIAL_VERSION"
    )


def test_materials_copy_handler_copies_the_data_copy_of_the_code_it_copies():
    """assets/cell-setup.js hands a cell's copy (its set-up and itself) to Material's copy
    handler in ``data-copy``: the handler copies the ``data-copy`` of the nearest element
    around the button's target that has one, else the target's text, with its end trimmed."""

    handler = re.search(r'function \w+\((\w)\)\{\1\.setAttribute\("data-md-copying",""\);'
                        r'let (\w)=\1\.closest\("\[data-copy\]"\),(\w)=\2\?\2\.getAttribute\("data-copy"\)'
                        r':\1\.innerText;return \1\.removeAttribute\("data-md-copying"\),\3\.trimEnd\(\)\}',
                        theme.bundle_path().read_text(encoding="utf-8"))
    assert handler, f"Material {material_markup.MATERIAL_VERSION}'s copy handler changed: check cell-setup.js"


def test_the_search_partial_is_materials_own_but_for_the_dialogs_name():
    import material

    installed = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text()
    ours = (booksite.DOCS / "overrides" / "partials" / "search.html").read_text()
    theirs = installed.split("-#}\n", 1)[1]
    assert ours.split("-#}\n", 1)[1] == theirs.replace(
        'role="dialog">', 'role="dialog" aria-label="{{ config.extra.words.search }}">', 1
    ), "Material's search partial changed: copy it again into docs/overrides/partials/search.html"


def test_the_header_partial_is_materials_own_but_for_the_language_menu():
    import material

    installed = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text()
    ours = (booksite.DOCS / "overrides" / "partials" / "header.html").read_text()
    theirs = installed.split("-#}\n", 1)[1]
    menu = '    {% if config.extra.alternate %}\n      {% include "partials/alternate.html" %}\n    {% endif %}\n'
    assert menu in theirs, "Material's header includes its language menu differently now"
    assert ours.split("-#}\n", 1)[1] == theirs.replace(menu, '    {% include "partials/languages.html" %}\n', 1), (
        "Material's header partial changed: copy it again into docs/overrides/partials/header.html"
    )


def test_the_scripts_block_is_materials_own_but_deferred():
    import material

    def block(template):
        body = re.search(r"{% block scripts %}(.*?){% endblock %}", template, re.S).group(1)
        return " ".join(re.sub(r"{#-.*?-#}", "", body, flags=re.S).split())

    installed = (Path(material.__file__).parent / "templates" / "base.html").read_text()
    ours = (booksite.DOCS / "overrides" / "main.html").read_text()
    theirs = re.sub(r"<script src=\"{{ 'assets/javascripts/bundle\.\w+\.min\.js' \| url }}\"></script>",
                    '<script src="{{ config.extra.material_bundle | url }}" defer></script>', block(installed))
    assert block(ours) == theirs, "Material's scripts block changed: write it again in docs/overrides/main.html"


def test_the_first_visits_colour_scheme_uses_materials_stored_palette():
    """docs/overrides/main.html remembers "follow the system" on a first visit, in the form
    Material's palette script reads (its storage key, and the media of its automatic option,
    which that script resolves against the system's scheme) before the header; and it keeps
    what Material remembers for the whole book, through the scope Material's storage reads."""
    import material

    installed = (Path(material.__file__).parent / "templates" / "partials" / "javascripts" / "palette.html").read_text()
    assert 'var palette=__md_get("__palette");' in installed
    assert '"(prefers-color-scheme)"===palette.color.media' in installed, (
        "Material's palette script changed: check the first-visit script in docs/overrides/main.html"
    )
    ours = (booksite.DOCS / "overrides" / "main.html").read_text()
    assert '__md_get("__palette")||__md_set("__palette",{index:0,color:{media:' in ours
    # The scope main.html widens to the book's root is the one Material's storage reads.
    base = (Path(material.__file__).parent / "templates" / "partials" / "javascripts" / "base.html").read_text()
    assert "__md_scope=new URL(" in base and "t=__md_scope)=>JSON.parse(_.getItem(t.pathname" in base
    assert "<script>__md_scope=new URL(" in ours


def test_what_the_bundle_writes_as_it_starts_is_written_before_it():
    """docs/overrides/main.html writes, before the page's body is laid out, the classes
    Material's bundle puts on <html> as it starts and the attribute it sets on the body while
    it applies the colour scheme, so that the bundle's writing them changes no style (each
    change restyles every element); and it takes them back if the bundle has not run by
    DOMContentLoaded (no ``document$``, which the bundle publishes). This finds those writes
    and that name in the installed bundle; a class the bundle newly adds is caught by the
    browser test, which compares <html>'s classes with and without the bundle."""
    code = theme.bundle_path().read_text(encoding="utf-8")
    html = "document.documentElement.classList"
    assert f'{html}.remove("no-js");{html}.add("js");' in code
    assert f'{html}.add("js-focus-visible")' in code
    switching = '"data-md-color-switching"'
    assert f"document.body.setAttribute({switching},\"\")" in code
    assert f"document.body.removeAttribute({switching})" in code
    assert code.count(switching) == 2, f"Material {material_markup.MATERIAL_VERSION}'s bundle: check main.html"
    assert "window.document$=" in code
    ours = (booksite.DOCS / "overrides" / "main.html").read_text()
    assert f'<script>{html}.replace("no-js","js");{html}.add("js-focus-visible");' in ours
    assert 'addEventListener("DOMContentLoaded",function(){if(!window.document$){' in ours
    assert f"<script>document.body.setAttribute({switching},\"\")</script>" in ours
    # The color-scheme meta the bundle appends comes after the book's, which the browser reads.
    assert code.count('{name:"color-scheme"}') == 1 and "document.head.appendChild" in code
    assert '<meta name="color-scheme" content="light dark">' in ours


def test_every_language_has_every_word():
    import book

    assert list(book.languages()) == list(booksite.LANGUAGES)
    words = {code: booksite.words(code) for code in book.languages()}
    keys = {code: set(w) for code, w in words.items()}
    assert len({frozenset(k) for k in keys.values()}) == 1, keys
    assert all(text.strip() for w in words.values() for text in w.values())


def test_a_cache_entry_is_whole_even_when_the_writer_is_killed(tmp_path):
    """A build killed while it writes a cache entry must leave no half-written entry."""
    import signal
    import subprocess
    import sys
    import time

    target = tmp_path / "entry.json"
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys; sys.path.insert(0, sys.argv[1]); import book, pathlib\n"
        "while True: book.write_atomically(pathlib.Path(sys.argv[2]), '[' + '1,' * 2_000_000 + '1]')"
    ), str(booksite.DOCS / "hooks"), str(target)])
    try:
        deadline = time.monotonic() + 20
        while not target.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.05)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    finally:
        writer.kill()
    import json

    assert len(json.loads(target.read_text())) == 2_000_001  # the last whole write, never a part
    leftovers = [p for p in tmp_path.iterdir() if p != target]
    for leftover in leftovers:  # a killed writer may leave its temporary file, never the entry
        assert leftover.name.startswith(".entry.json.")


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
    config = SimpleNamespace(theme={"language": "en"}, extra={})
    monkeypatch.setattr(notebooks, "CACHE", tmp_path)
    notebooks.on_config(config)
    assert (os.environ["TZ"], os.environ["LC_ALL"], os.environ["OMP_NUM_THREADS"], os.environ["PYTHONHASHSEED"]) == (
        "UTC", "C.UTF-8", "1", "0"
    )
    assert config.extra["gdbook_fingerprint"] == notebooks.fingerprint()


def test_a_figure_becomes_an_svg_file_beside_the_page():
    svg = ('<?xml version="1.0"?><svg height="10pt" viewBox="0 0 300.123456 200.5" width="10pt">'
           '<text style="font-family: \'DejaVu Sans\'; x">x</text><text x="1.234567">eta 0.001</text></svg>')
    figure = {"output_type": "display_data", "data": {"image/svg+xml": svg}, "metadata": {}}
    notebook = executed("# T", ("plot()", [figure]))
    notebook.cells[1].metadata["gdbook_figures"] = [
        {"label": "f", "anchor": "fig-f", "number": "2.1", "caption": "Steps on $x^2$.",
         "alt": "A curve with dots & a line"}]
    page, figures = chapter_markup.page_copy(notebook, "chapter", WORDS, WHEEL)
    [(name, written)] = figures.items()
    assert (f'<figure class="nb-figure" id="fig-f"><img src="{name}" alt="A curve with dots &amp; a line" width="400" '
            'height="267" loading="lazy"><figcaption><b>图 2.1</b> Steps on '
            '<span class="arithmatex">\\(x^2\\)</span>.</figcaption></figure>') in page.cells[1].metadata["gdbook"]["html"]
    assert written.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'viewBox="0 0 300.1 200.5"' in written
    assert "font-family: 'DejaVu Sans', sans-serif;" in written
    # coordinates are shortened, the text a reader sees is not
    assert '<text x="1.2">eta 0.001</text>' in written


def test_formulas_become_mathml_and_a_bad_one_stops_the_build(tmp_path, monkeypatch):
    import mathml
    from mkdocs.exceptions import PluginError

    import book

    monkeypatch.setattr(book, "CACHE", tmp_path)
    out = mathml.render([("\\frac{a}{b} < \\eta", False), ("x^2", True)])
    assert out[0].startswith("<math") and "<mfrac>" in out[0] and "&lt;" in out[0]
    assert 'display="block"' in out[1]
    with pytest.raises(PluginError, match="Temml could not typeset a formula"):
        mathml.render([("\\frac{a}{", False)])
    # the renderer survives a bad formula and serves the next one
    assert mathml.render([("y", False)])[0].startswith("<math")
    mathml._temml.close()


# UPSTREAM MARKUP: the Temml whose output hooks/temml_render.js slims (README's table).
TEMML_VERSION = "0.13.5"


def test_math_leaves_out_what_mathml_core_ignores_and_keeps_the_rest(tmp_path, monkeypatch):
    import subprocess

    import mathml

    import book

    assert mathml._version(mathml.TEMML) == TEMML_VERSION, "Temml changed: check what temml_render.js slims"
    # Temml itself spells out each bracket's fence and form and each comma's separator ...
    raw = subprocess.run(["node", "-e", "process.stdout.write(require('temml').renderToString('f(x, y)'))"],
                         cwd=mathml.DOCS, capture_output=True, text=True, check=True).stdout
    assert raw.count('fence="true"') == 2 and 'separator="true"' in raw
    # ... and the book's pages get the same formula without them, brackets still unstretched.
    monkeypatch.setattr(book, "CACHE", tmp_path)
    [out] = mathml.render([("f(x, y)", False)])
    assert out == raw.replace(' fence="true" form="prefix"', "").replace(' fence="true" form="postfix"', "").replace(
        ' separator="true"', "")
    assert out.count('<mo stretchy="false">') == 2
    [display] = mathml.render([("x", True)])
    assert display == '<math display="block" style="display:block math;"><mi>x</mi></math>'
    # A numbered equation's anchor (hooks/numbering.py) is Temml's own \label, in strict mode.
    [tagged] = mathml.render([("x = 1\\label{eq-a}\\tag{3.1}", True)])
    assert 'id="eq-a"' in tagged and "(3.1)" in tagged
    mathml._temml.close()


def test_code_keeps_only_the_spans_that_colour_something():
    pygments = ('<span class="n">x</span> <span class="o">=</span> <span class="n">f</span><span class="p">(</span>'
                '<span class="mi">1</span><span class="p">,</span> <span class="mf">2.5</span><span class="p">)</span> '
                '<span class="ow">in</span> <span class="s2">&quot;a&quot;</span>')
    assert chapter_markup.lighter_highlighting(pygments) == (
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
