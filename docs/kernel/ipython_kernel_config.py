# IPython kernel settings for executing the book's chapters (docs/hooks/notebooks.py puts
# this file in the kernel's profile). They make figures crisp and byte-identical from build
# to build; a reader's own Jupyter does not need them.
from gdbook.plot import RUN_COLORS

c = get_config()  # noqa: F821 (provided by IPython)

# Vector figures (the build writes each to an SVG file beside its page).
c.InlineBackend.figure_formats = {"svg"}
# No creation date in the SVG, and tight bounding boxes.
c.InlineBackend.print_figure_kwargs = {"bbox_inches": "tight", "metadata": {"Date": None}}
# A fixed salt makes matplotlib's generated SVG ids the same in every build. Text stays
# text (not glyph outlines): a third of the bytes, and selectable.
c.InlineBackend.rc = {
    "svg.hashsalt": "gdbook",
    "svg.fonttype": "none",
    "font.sans-serif": ["DejaVu Sans"],  # the page's stylesheet picks the reader's sans font
    "figure.dpi": 100,
    # A transparent background: the page's shows through, white or (the figure's lightness
    # inverted by the book's stylesheet) the dark scheme's, with no box around the figure.
    # (IPython saves with the figure's own face colour, so not savefig.transparent.) A legend
    # keeps an opaque box, so lines behind it do not cross its text.
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "legend.facecolor": "white",
    # Lines a chapter draws itself take the book's run colours, as gdbook.plot's do.
    "axes.prop_cycle": "cycler(color=" + repr(RUN_COLORS) + ")",
}
# The kernel runs once per build: no history file in the profile.
c.HistoryManager.enabled = False
# As `%matplotlib inline` at start-up: every figure a cell makes is shown after the cell.
c.IPKernelApp.matplotlib = "inline"
