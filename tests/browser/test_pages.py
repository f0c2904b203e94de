"""Every page of both languages, as a reader's browser loads it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

import booksite
import site_server

PAGES = ["/" + str(p.parent.relative_to(booksite.SITE)) + "/" for p in booksite.pages()]
CHAPTERS = [f"/{lang}/{ch}/" for lang in booksite.LANGUAGES for ch in booksite.chapters()]


def load(context, url):
    """Open ``url`` and record what the page asked for and what went wrong. Everything the
    page's markup asks for is loaded by its "load" event; what its script fetches later (the
    search index) is waited for where a test needs it."""
    page = context.new_page()
    seen = watch(page)
    page.goto(url)
    return page, seen


def watch(page):
    """What ``page`` asks for and what goes wrong on it, from now on."""
    seen = {"requests": [], "failed": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("requestfailed", lambda r: seen["failed"].append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and seen["failed"].append(f"{r.url} ({r.status})"))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
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
def test_page_loads_only_from_the_site_shows_its_math_and_figures_and_switches_language(context, mirror_url, path):
    # At another address than the one the site was built for (one page load serves both
    # halves of this test: a chapter takes about a second to load here).
    page, seen = load(context, mirror_url + path)
    # Nothing from another host, nothing failed, no console error, no sitemap fetched.
    hosts = {urlsplit(u).netloc for u in seen["requests"] if not u.startswith("data:")}
    assert hosts == {urlsplit(mirror_url).netloc}, f"requests to other hosts: {hosts}"
    assert not seen["failed"], seen["failed"]
    assert not seen["errors"], seen["errors"]
    assert not [u for u in seen["requests"] if u.endswith("sitemap.xml")], "the page fetched a sitemap"
    # Math typeset: no TeX left visible; the served math font in use (below, on chapters).
    text = page.locator("article").inner_text()
    for raw in ("\\(", "\\[", "$$", "\\frac", "\\mathbf", "\\nabla", "\\eta"):
        assert raw not in text, f"raw TeX {raw!r} visible on {path}"
    # Figures load lazily (checked below, after scrolling to each); other images at once.
    broken = page.evaluate(
        "[...document.images].filter(i => i.loading !== 'lazy' && !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )
    assert not broken, f"images that did not load: {broken}"
    if path in CHAPTERS:
        _shows_math_and_figures(page, path)
    _switches_language(page, mirror_url, path)


def _switches_language(page, base, path):
    """The language menu leads to this page in another language, with no request before the
    page itself (tests/book/test_links.py checks every language's link on every page)."""
    language = path.split("/")[1]
    other = next(code for code in booksite.LANGUAGES if code != language)
    page.locator(".md-header__option .md-select").hover()
    # What the click asks for: navigations and the page's fetches (a lookup, as Material's
    # switch made in the other language's sitemap). The search worker may still be loading
    # its scripts and index in the background; those are not the switch's.
    requests = []
    page.on("request", lambda r: (r.is_navigation_request() or r.resource_type in ("fetch", "xhr"))
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


@pytest.mark.parametrize("language, query", [("zh", "学习率"), ("en", "learning rate")])
def test_search_lists_the_learning_rate_chapter_first(context, site_url, language, query):
    # The index is fetched, built by Material's worker and searched, with no error.
    page = context.new_page()
    seen = watch(page)
    with page.expect_response(lambda r: r.url.endswith("/search/search_index.json")) as index:
        page.goto(f"{site_url}/{language}/")
    assert index.value.ok and len(index.value.json()["docs"]) > 50
    box = page.locator("input.md-search__input")
    box.click(force=True)
    # Chinese is entered through an input method, which sends no key events for the text;
    # Material searches on key events, so a key press follows, as when a reader confirms.
    box.fill(query)
    box.press("End")
    first = page.locator("li.md-search-result__item > a").first
    first.wait_for(timeout=10_000)
    assert urlsplit(first.get_attribute("href")).path == f"/{language}/gd-sgd/"
    assert not seen["failed"] and not seen["errors"], seen


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_copy_button_copies_exactly_the_cell_source(context, site_url, language):
    sources = [code for code, _ in booksite.code_cells(language, "gd-sgd", comments=True)]
    page, _ = load(context, f"{site_url}/{language}/gd-sgd/")
    buttons = page.locator(".nb-cell button[data-md-type=copy]")
    assert buttons.count() == len(sources)
    for i, source in enumerate(sources):
        page.evaluate("navigator.clipboard.writeText('')")
        cell = page.locator(".nb-cell").nth(i)
        if not cell.is_visible():  # a solution, collapsed: open it as a reader would
            cell.locator("xpath=ancestor::details/summary").click()
        cell.hover()
        buttons.nth(i).click()
        assert page.evaluate("navigator.clipboard.readText()") == source, f"cell {i + 1}"


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


EXPLORER_PAGES = [(lang, chapter, name) for lang in booksite.LANGUAGES
                  for chapter, name in [("gd-sgd", "gd-square"), ("gd-newton", "x-cos"), ("gd-variants", "variants")]]


@pytest.mark.parametrize("language, chapter, name", EXPLORER_PAGES)
def test_explorer_slider_shows_gdbooks_final_point(context, site_url, language, chapter, name):
    import explorer

    ex = explorer.EXPLORERS[name]
    page, seen = load(context, f"{site_url}/{language}/{chapter}/")
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
    assert not seen["errors"] and not seen["failed"]


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


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_every_colour_of_highlighted_code_has_contrast_4_5(context, site_url, language):
    page, _ = load(context, f"{site_url}/{language}/gd-variants/")
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


@pytest.mark.parametrize("path", CHAPTERS)
def test_a_section_link_lands_on_its_heading(context, site_url, path):
    # Blocks far from the screen are laid out only when near it (content-visibility): a link
    # to a section must still bring its heading to the top of the screen and leave it there,
    # on a phone and on a desktop, and the table of contents must mark that section.
    # Past the middle (most of the page above is unlaid), and not so near the end that the
    # page cannot scroll the heading to the top.
    language, chapter = path.strip("/").split("/")
    anchors = re.findall(r'<h2 id="([^"]+)"', booksite.page(language, chapter))
    target = anchors[len(anchors) * 2 // 3 - 1]
    for viewport in ({"width": 412, "height": 823}, {"width": 1280, "height": 800}):
        page = context.new_page()
        page.set_viewport_size(viewport)
        page.goto(f"{site_url}{path}#{target}")
        page.wait_for_timeout(500)  # the heading must stay put as blocks near it are laid out
        top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
        header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
        assert header <= top <= header + 40, f"{path}#{target} at {viewport['width']} px wide: heading at {top}"
        active = page.locator(".md-nav--secondary .md-nav__link--active").first
        assert active.get_attribute("href") == f"#{target}"
        page.close()


def test_every_block_is_laid_out_for_printing(context, site_url):
    page = context.new_page()
    page.goto(f"{site_url}/en/gd-variants/")
    skippable = ("[...document.querySelectorAll('.md-typeset > *')]"
                 ".filter(e => getComputedStyle(e).contentVisibility === 'auto').length")
    assert page.evaluate(skippable) > 20  # on screen, most blocks wait until they are near
    page.emulate_media(media="print")
    assert page.evaluate(skippable) == 0


@pytest.mark.parametrize("chapter", booksite.chapters())
def test_a_block_is_as_tall_laid_out_alone_as_in_the_page(context, site_url, chapter):
    # content-visibility lays a block out on its own (its inner margins cannot merge with its
    # neighbours'): were it then taller or shorter, text would move as blocks come near the
    # screen, and spacing would differ between blocks laid out early and late.
    heights = []
    page = context.new_page()
    page.goto(f"{site_url}/en/{chapter}/")
    for contain in ("layout", "none"):
        page.add_style_tag(content=".md-typeset > * { content-visibility: visible !important;"
                                   f" contain: {contain} !important; }}")
        heights.append(page.evaluate(
            "[...document.querySelectorAll('.md-typeset > *')].map(e => e.getBoundingClientRect().height)"))
    alone, in_flow = heights
    assert len(alone) == len(in_flow) > 20
    moved = [i for i, (a, b) in enumerate(zip(alone, in_flow)) if abs(a - b) > 0.5]
    assert not moved, f"blocks {moved} change height when laid out alone"


@pytest.mark.parametrize("path", CHAPTERS)
def test_text_fits_a_small_phone(browser, site_url, path):
    # Inline formulas do not wrap: one wider than the column would stick out of its
    # paragraph, and blocks laid out on their own (content-visibility) clip what sticks out.
    # Long formulas are displayed instead; display math scrolls sideways within its box.
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{site_url}{path}")
    page.add_style_tag(content=".md-typeset > * { content-visibility: visible !important; }")
    wide = page.evaluate(
        "[...document.querySelectorAll('.md-typeset :is(p, li, dd, td, th, summary, .admonition-title)')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 70))"
    )
    context.close()
    assert not wide, f"{path}: text wider than a 320 px screen's column: {wide}"
