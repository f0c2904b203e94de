"""Numbered figures and equations and the text's references to them (docs/hooks/numbering.py),
on small executed notebooks."""

import nbformat
import pytest

import numbering
from numbering import NumberingError

WORDS = {"figure": "Figure"}
SVG = {"output_type": "display_data", "data": {"image/svg+xml": "<svg/>"}, "metadata": {}}


def prose(text, *tags):
    cell = nbformat.v4.new_markdown_cell(text)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def drawing(figures=1, *tags):
    cell = nbformat.v4.new_code_cell("plot()")
    cell.outputs = [nbformat.from_dict(SVG) for _ in range(figures)]
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def caption(label, text="A caption.", alt="What it looks like."):
    return prose(f"{{#{label}}} {text}\n\nalt: {alt}", "caption")


def notebook(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


CHAPTER = notebook(
    prose("Steps, as @fig:path shows; the rule is @eq:rule.\n\n$$x_{t+1} = x_t - \\eta g \\label{rule}$$\n\n$$y = 1$$"),
    drawing(2),
    caption("path", "Ten steps of $x^2$."),
    caption("values"),
    nbformat.v4.new_code_cell("assert True", metadata={"tags": ["check"]}),
    drawing(),
    nbformat.v4.new_code_cell("assert True", metadata={"tags": ["check"]}),
    caption("last", alt="Three\n  lines."),
    prose("Compare @fig:values with @fig:last."),
)


def test_the_page_numbers_figures_and_equations_by_chapter_and_links_the_references():
    page = numbering.number(CHAPTER, "ch", 3, WORDS).page
    text = [c.source for c in page.cells if c.cell_type == "markdown"]
    assert text[0] == ("Steps, as [Figure 3.1](#fig-path) shows; the rule is [(3.1)](#eq-rule).\n\n"
                       "$$x_{t+1} = x_t - \\eta g\\label{eq-rule}\\tag{3.1}$$\n\n$$y = 1$$")
    assert text[1] == "Compare [Figure 3.2](#fig-values) with [Figure 3.3](#fig-last)."
    assert not any(numbering.is_caption(c) for c in page.cells)  # captions go to the figures
    drawn = [c.metadata["gdbook_figures"] for c in page.cells if "gdbook_figures" in c.metadata]
    assert [[(f["label"], f["number"]) for f in cell] for cell in drawn] == [
        [("path", "3.1"), ("values", "3.2")], [("last", "3.3")]]
    assert drawn[0][0]["caption"] == "Ten steps of $x^2$." and drawn[1][0]["alt"] == "Three lines."
    # The input is left alone.
    assert CHAPTER.cells[0].source.startswith("Steps, as @fig:path")
    assert not any("gdbook_figures" in c.metadata for c in CHAPTER.cells)


def test_the_download_gets_plain_numbers_and_captions_as_text():
    download = numbering.number(CHAPTER, "ch", 3, WORDS).download
    text = [c.source for c in download.cells if c.cell_type == "markdown"]
    assert text[0] == ("Steps, as Figure 3.1 shows; the rule is (3.1).\n\n"
                       "$$x_{t+1} = x_t - \\eta g\\tag{3.1}$$\n\n$$y = 1$$")
    assert text[1:3] == ["**Figure 3.1** Ten steps of $x^2$.", "**Figure 3.2** A caption."]
    assert text[-1] == "Compare Figure 3.2 with Figure 3.3."
    # The build's figure data stays out of the reader's notebook.
    assert not any("gdbook_figures" in c.metadata for c in download.cells)


@pytest.mark.parametrize("cells, message", [
    ([drawing(), prose("Next.")], "figure 1 has no caption"),
    ([drawing(), drawing(), caption("a")], "figure 1 has no caption"),
    ([drawing(2), caption("a")], "figure 2 has no caption"),
    ([prose("Intro."), caption("a")], "caption 'a' follows no figure"),
    ([drawing(), caption("a"), caption("b")], "caption 'b' follows no figure"),
    ([drawing(), caption("a"), drawing(), caption("a")], "two figures are labelled 'a'"),
    ([drawing(), prose("{#a} No alt text.", "caption")], "a caption must be"),
    ([drawing(), caption("a"), prose("See @fig:b.")], "@fig:b names no figure"),
    ([prose("See @eq:b.")], "@eq:b names no equation"),
    ([prose("$$a \\label{x}$$ $$b \\label{x}$$")], "two equations are labelled 'x'"),
])
def test_a_mismatch_stops_the_build_naming_the_chapter_and_label(cells, message):
    with pytest.raises(NumberingError, match=f"^ch: {message}"):
        numbering.number(notebook(*cells), "ch", 1, WORDS)
