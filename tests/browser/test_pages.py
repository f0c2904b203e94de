"""Every page of both languages, as a reader's browser loads it."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest

import booksite
import site_server

PAGES = ["/" + str(p.parent.relative_to(booksite.SITE)) + "/" for p in booksite.pages()]
CHAPTERS = [f"/{lang}/{ch}/" for lang in booksite.LANGUAGES for ch in booksite.chapters()]


def load(page, listen, url):
    """Open ``url`` and record what the page asked for and what went wrong. Everything the
    page's markup asks for is loaded by its "load" event; what its script fetches later (the
    search index) is waited for where a test needs it."""
    seen = watch(listen)
    page.goto(url)
    return seen


def watch(listen):
    """What the page asks for and what goes wrong on it, from now on."""
    seen = {"requests": [], "failed": [], "errors": []}
    listen("request", lambda r: seen["requests"].append(r.url))
    listen("requestfailed", lambda r: seen["failed"].append(f"{r.url} ({r.failure})"))
    listen("response", lambda r: r.status >= 400 and seen["failed"].append(f"{r.url} ({r.status})"))
    listen("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    listen("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


def test_pages_found():
    assert set(CHAPTERS) <= set(PAGES) and "/zh/" in PAGES and "/en/" in PAGES


@pytest.fixture(scope="module")
def mirror_url():
    """The site served at another address than the one it was built for: another port, under
    a sub-path, as a mirror or a copy behind another server would serve it."""
    server, url = site_server.start_mirror("/mirror/gdbook")
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", PAGES)
def test_a_page_served_at_another_address(page, listen, mirror_url, path):
    """Loads only from where it is served, with no error; lands on a section link (chapters);
    shows its math and figures; its code has contrast and prints whole; switches language."""
    # At another address than the one the site was built for. One page load serves every
    # check below (a chapter costs about a second of a core to load): a chapter is opened at
    # a link to one of its sections, as a desktop reader following it would.
    target = _section_link_target(path) if path in CHAPTERS else None
    seen = load(page, listen, mirror_url + path + (f"#{target}" if target else ""))
    if target:
        _lands_on_its_heading(page, target, "desktop")
        _a_reference_lands_on_its_figure_and_equation(page, path)
    # Math typeset: no TeX left visible; the served math font in use (below, on chapters).
    text = page.locator("article").inner_text()
    for raw in ("\\(", "\\[", "$$", "\\frac", "\\mathbf", "\\nabla", "\\eta"):
        assert raw not in text, f"raw TeX {raw!r} visible on {path}"
    # Figures load lazily (checked below, after scrolling to each); other images at once.
    broken = page.evaluate(
        "[...document.images].filter(i => i.loading !== 'lazy' && !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )
    assert not broken, f"images that did not load: {broken}"
    chapter = path.strip("/").split("/")[-1]
    if path in CHAPTERS and chapter in EXPLORERS:
        _explorer_shows_gdbooks_final_point(page, EXPLORERS[chapter])
    if chapter == "gd-sgd":
        _copy_button_copies_the_cell_with_its_set_up(page, path.split("/")[1])
    if chapter == "gd-variants":  # the longest chapter, with the most code
        _highlighted_code_has_contrast_4_5(page)
        _every_block_is_laid_out_for_printing(page)
    if path in CHAPTERS:
        _shows_math_and_figures(page, path)
    # After all that (lazy figures loaded, explorers run): nothing from another host, nothing
    # failed, no console error, no sitemap fetched.
    hosts = {urlsplit(u).netloc for u in seen["requests"] if not u.startswith("data:")}
    assert hosts == {urlsplit(mirror_url).netloc}, f"requests to other hosts: {hosts}"
    assert not seen["failed"], seen["failed"]
    assert not seen["errors"], seen["errors"]
    assert not [u for u in seen["requests"] if u.endswith("sitemap.xml")], "the page fetched a sitemap"
    _switches_language(page, listen, mirror_url, path)


def _switches_language(page, listen, base, path):
    """The language menu leads to this page in another language, with no request before the
    page itself (tests/book/test_links.py checks every language's link on every page)."""
    language = path.split("/")[1]
    other = next(code for code in booksite.LANGUAGES if code != language)
    page.locator(".md-header__option .md-select").hover()
    # What the click asks for: navigations and the page's fetches (a lookup, as Material's
    # switch made in the other language's sitemap). The search worker may still be loading
    # its scripts and index in the background; those are not the switch's.
    requests = []
    listen("request", lambda r: (r.is_navigation_request() or r.resource_type in ("fetch", "xhr"))
            and "/search/" not in r.url and requests.append(r.url))
    page.locator(f'a.md-select__link[hreflang="{other}"]').click()
    counterpart = base + path.replace(f"/{language}/", f"/{other}/", 1)
    page.wait_for_url(counterpart, wait_until="commit")
    assert requests[0] == counterpart, f"a request before the page itself: {requests[0]}"


def _shows_math_and_figures(page, path):
    formulas = page.locator("math")
    assert formulas.count() > 20
    assert "STIX2" in formulas.first.evaluate("e => getComputedStyle(e).fontFamily")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('1em STIX2')")
    # Laid out as math, not run together as text: a display fraction stacks its numerator
    # over its denominator.
    fraction = page.locator(".math-display mfrac").first
    numerator, denominator = (fraction.locator(":scope > *").nth(i).bounding_box() for i in (0, 1))
    assert numerator["y"] + numerator["height"] <= denominator["y"] + 1
    # Every figure loads when the reader scrolls to it (lazily) and is drawn at a readable
    # size. One script visits them all: a round trip per figure cost a second per chapter.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    shown = page.evaluate("""async () => {
        const shown = [];
        for (const image of document.querySelectorAll('figure.nb-figure > img')) {
            image.scrollIntoView({block: 'center'});
            await image.decode().catch(() => null);
            const box = image.getBoundingClientRect();
            shown.push({loaded: image.naturalWidth > 0, width: box.width, height: box.height});
        }
        return shown;
    }""")
    assert shown and len(shown) == page.locator("figure.nb-figure").count()
    for number, figure in enumerate(shown, 1):
        assert figure["loaded"], f"figure {number} on {path} did not load"
        assert figure["width"] > 200 and figure["height"] > 100, f"figure {number} on {path}: {figure}"


@pytest.mark.parametrize("language, query, section", [("zh", "学习率", "学习率"), ("en", "learning rate", "the-learning-rate")])
def test_search_finds_the_learning_rate_section_among_the_first_results(page, listen, site_url, language, query, section):
    # The index is fetched, built by Material's worker and searched, with no error.
    seen = watch(listen)
    with page.expect_response(lambda r: r.url.endswith("/search/search_index.json")) as index:
        page.goto(f"{site_url}/{language}/")
    assert index.value.ok and len(index.value.json()["docs"]) > 50
    box = page.locator("input.md-search__input")
    box.click(force=True)
    # Chinese is entered through an input method, which sends no key events for the text;
    # Material searches on key events, so a key press follows, as when a reader confirms.
    box.fill(query)
    box.press("End")
    items = page.locator("li.md-search-result__item")
    items.first.wait_for(timeout=10_000)
    # The section that the query names (chapter 2's) is among the first two pages found, the
    # first of its page's sections (the chapters that use the term most may come first).
    found = [[unquote(urlsplit(a.get_attribute("href"))._replace(scheme="", netloc="", query="").geturl())
              for a in item.locator("a").all()[:2]] for item in items.all()[:2]]
    assert [f"/{language}/gd-sgd/", f"/{language}/gd-sgd/#{section}"] in found, found
    assert not seen["failed"] and not seen["errors"], seen


def _copy_button_copies_the_cell_with_its_set_up(page, language):
    """Each button copies the code of the earlier cells its cell needs, then the cell's own,
    exactly the text tests/book/test_copied_cells.py runs (booksite.copied_text); a cell that
    needs none copies its source."""
    sources = [code for code, _ in booksite.code_cells(language, "gd-sgd", comments=True)]
    html = booksite.page(language, "gd-sgd")
    buttons = page.locator(".nb-cell button[data-md-type=copy]")
    assert buttons.count() == len(sources)
    with_set_up = 0
    for i, source in enumerate(sources):
        page.evaluate("navigator.clipboard.writeText('')")
        cell = page.locator(".nb-cell").nth(i)
        if not cell.is_visible():  # a solution, collapsed: open it as a reader would
            cell.locator("xpath=ancestor::details/summary").click()
        cell.hover()
        buttons.nth(i).click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == booksite.copied_text(html, i + 1), f"cell {i + 1}"
        assert copied.endswith(source.rstrip()), f"cell {i + 1}"
        with_set_up += copied != source
    assert with_set_up > len(sources) // 2


def _gdbook_text(name, optimizer, start, eta):
    """What gdbook itself prints for one setting of explorer ``name``."""
    import warnings

    import explorer  # docs/hooks: the explorers' definitions
    from gdbook import run

    ex = explorer.EXPLORERS[name]
    make = list(ex.optimizers.values())[optimizer]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return str(run(make(eta), ex.objective, x0=ex.starts[start], steps=ex.steps))


EXPLORERS = {"gd-sgd": "gd-square", "gd-newton": "x-cos", "gd-variants": "variants"}  # chapter: explorer


def _explorer_shows_gdbooks_final_point(page, name):
    """The explorer's slider and menus show what gdbook itself prints for the chosen setting."""
    import explorer

    ex = explorer.EXPLORERS[name]
    figure = page.locator(f'figure.gd-explorer[data-name="{name}"]')
    figure.scroll_into_view_if_needed()
    page.wait_for_selector(f'figure.gd-explorer[data-name="{name}"].ready')
    final = figure.locator("output.final")
    assert final.inner_text() == _gdbook_text(name, 0, 0, ex.eta)
    slider = figure.locator("input.eta")
    optimizers = figure.locator("select.optimizer")
    starts = figure.locator("select.start")
    # A few settings across the range, moved to as a reader would (keyboard on the slider).
    for optimizer in range(len(ex.optimizers)) if len(ex.optimizers) > 1 else [0]:
        if len(ex.optimizers) > 1:
            optimizers.select_option(str(optimizer))
        for start in [0, len(ex.starts) - 1]:
            if len(ex.starts) > 1:
                starts.select_option(str(start))
            slider.focus()
            page.keyboard.press("Home")
            for _ in range(3):
                index = int(slider.input_value())
                assert figure.locator("output.eta-value").inner_text() == f"{ex.etas[index]:g}"
                assert final.inner_text() == _gdbook_text(name, optimizer, start, ex.etas[index])
                for _ in range(len(ex.etas) // 3):
                    page.keyboard.press("ArrowRight")
    # The drawn path is the chosen run: a vertex (drawn as a dot) per iterate.
    path = figure.locator("polyline.path")
    shown = _gdbook_text(name, len(ex.optimizers) - 1, len(ex.starts) - 1, ex.etas[int(slider.input_value())])
    steps = int(shown.split(",")[0].split()[1])
    assert len(path.get_attribute("points").split()) == steps + 1
    assert path.evaluate("p => getComputedStyle(p).markerMid").startswith("url(")


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(css, under=(255, 255, 255)):
    """(r, g, b) of a computed colour, its alpha composited over ``under`` (Material's greys
    are translucent black)."""
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    r, g, b, a = (values + [1.0])[:4]
    return tuple(a * c + (1 - a) * u for c, u in zip((r, g, b), under))


def _highlighted_code_has_contrast_4_5(page):
    """Every colour of highlighted code, on its background, has a contrast of at least 4.5."""
    pairs = page.evaluate(r"""() => {
        const seen = new Set();
        for (const code of document.querySelectorAll('.highlight code')) {
            let box = code, bg = 'rgba(0, 0, 0, 0)';
            while (box && /rgba\(0, 0, 0, 0\)|transparent/.test(bg)) { bg = getComputedStyle(box).backgroundColor; box = box.parentElement; }
            for (const el of [code, ...code.querySelectorAll('span')]) seen.add(getComputedStyle(el).color + '|' + bg);
        }
        return [...seen];
    }""")
    assert len(pairs) >= 5
    for pair in pairs:
        fg, bg = pair.split("|")
        background = _rgb(bg)
        bright, dark = sorted([_luminance(_rgb(fg, background)), _luminance(background)], reverse=True)
        assert (bright + 0.05) / (dark + 0.05) >= 4.5, f"{fg} on {bg}"


def _section_link_target(path):
    """A section past the middle of chapter ``path`` (most of the page above it is not laid
    out yet: content-visibility) and not so near the end that the page cannot scroll its
    heading to the top."""
    language, chapter = path.strip("/").split("/")
    anchors = re.findall(r'<h2 id="([^"]+)"', booksite.page(language, chapter))
    return anchors[len(anchors) * 2 // 3 - 1]


def _lands_on_its_heading(page, target, screen):
    # Blocks far from the screen are laid out only when near it (content-visibility): a link
    # to a section must still bring its heading to the top of the screen and leave it there
    # as blocks near it are laid out, and the table of contents must mark that section.
    page.wait_for_timeout(500)
    top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header <= top <= header + 40, f"#{target} on a {screen}: heading at {top}, header ends at {header}"
    active = page.locator(".md-nav--secondary .md-nav__link--active").first
    assert active.get_attribute("href") == f"#{target}"


def _a_reference_lands_on_its_figure_and_equation(page, path):
    """The text's first link to a figure, and to a numbered equation where the chapter has
    one, brings it under the header (blocks far away are laid out only when near)."""
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    for kind in ("fig", "eq"):
        links = page.locator(f'article p a[href^="#{kind}-"]')
        if kind == "fig":
            assert links.count(), f"{path}: no link to a figure"
        if not links.count():
            continue
        target = links.first.get_attribute("href")[1:]
        links.first.click()
        page.wait_for_timeout(300)
        top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
        assert header <= top <= header + 60, f"{path}#{target}: at {top}, the header ends at {header}"


def _every_block_is_laid_out_for_printing(page):
    skippable = ("[...document.querySelectorAll('.md-typeset > *')]"
                 ".filter(e => getComputedStyle(e).contentVisibility === 'auto').length")
    assert page.evaluate(skippable) > 20  # on screen, most blocks wait until they are near
    page.emulate_media(media="print")
    assert page.evaluate(skippable) == 0
    page.emulate_media(media="screen")


@pytest.mark.parametrize("path", CHAPTERS)
def test_on_a_small_phone_a_section_link_lands_and_every_block_and_line_fits(page, site_url, path):
    # One page load, at the width of a small phone, for three checks.
    page.set_viewport_size({"width": 320, "height": 640})
    target = _section_link_target(path)
    page.goto(f"{site_url}{path}#{target}")
    _lands_on_its_heading(page, target, "320 px wide phone")
    # content-visibility lays a block out on its own (its inner margins cannot merge with its
    # neighbours'): were it then taller or shorter, text would move as blocks come near the
    # screen, and spacing would differ between blocks laid out early and late.
    heights = []
    for contain in ("layout", "none"):
        page.add_style_tag(content=".md-typeset > * { content-visibility: visible !important;"
                                   f" contain: {contain} !important; }}")
        heights.append(page.evaluate(
            "[...document.querySelectorAll('.md-typeset > *')].map(e => e.getBoundingClientRect().height)"))
    alone, in_flow = heights
    assert len(alone) == len(in_flow) > 20
    moved = [i for i, (a, b) in enumerate(zip(alone, in_flow)) if abs(a - b) > 0.5]
    assert not moved, f"{path}: blocks {moved} change height when laid out alone"
    # Inline formulas do not wrap: one wider than the column would stick out of its
    # paragraph, and blocks laid out on their own (content-visibility) clip what sticks out.
    # Long formulas are displayed instead; display math scrolls sideways within its box.
    wide = page.evaluate(
        "[...document.querySelectorAll('.md-typeset :is(p, li, dd, td, th, summary, .admonition-title)')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 70))"
    )
    assert not wide, f"{path}: text wider than a 320 px screen's column: {wide}"
