"""Every page of both languages, as a reader's browser loads it."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

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
    shows its math and figures; prints whole; is legible in both colour schemes (text, code,
    math, figures, explorers); switches language."""
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
        _every_block_is_laid_out_for_printing(page)
    if path in CHAPTERS:
        _shows_math_and_figures(page, path)
    _legible_in_both_colour_schemes(page, path)
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
    # Display math is a block of its own, centred in the column (Temml's stylesheet makes every
    # formula inline unless the formula says otherwise).
    centred = page.evaluate("""() => [...document.querySelectorAll('.math-display > math')].slice(0, 5).map(m => {
        const box = m.getBoundingClientRect(), column = m.parentElement.getBoundingClientRect();
        return [getComputedStyle(m).display, Math.abs((box.left - column.left) - (column.right - box.right))];
    })""")
    assert centred and all(display == "block math" and off < 2 for display, off in centred), centred
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
    _scroll_into_view(figure)
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


_FRAMES = """async (element) => {
    const frames = [];
    for (let i = 0; i < 30; i++) {
        await new Promise(requestAnimationFrame);
        frames.push([Math.round(element.getBoundingClientRect().top), Math.round(scrollY),
                     document.documentElement.scrollHeight]);
    }
    return frames;
}"""


def _scroll_into_view(locator):
    """Scroll ``locator`` into view once it stops moving; if it keeps moving, fail with what
    moved, frame by frame (once, in a full run under load, an explorer kept moving for 30 s)."""
    try:
        locator.scroll_into_view_if_needed(timeout=15000)
    except PlaywrightTimeout as error:
        frames = locator.evaluate(_FRAMES, timeout=5000)
        raise AssertionError(f"not scrolled into view in 15 s; per frame [its top, scrollY, page height]: {frames}") from error


def _luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(fg, bg):
    bright, dark = sorted([_luminance(fg), _luminance(bg)], reverse=True)
    return (bright + 0.05) / (dark + 0.05)


# The colour of an element's text and of what lies behind it, as the reader sees them: the
# text's colour composited over the backgrounds under it (Material's are often translucent),
# down to the first opaque one (or the white canvas).
_SHOWN_COLOURS = r"""
    const parse = css => { const v = css.match(/[\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
    const over = (top, under) => top.slice(0, 3).map((c, i) => top[3] * c + (1 - top[3]) * under[i]);
    const backgrounds = new Map();  // one walk per element, shared by its descendants
    function background(el) {
        if (!el) return [255, 255, 255];
        if (!backgrounds.has(el)) {
            const c = parse(getComputedStyle(el).backgroundColor);
            backgrounds.set(el, c[3] === 1 ? c.slice(0, 3) : over(c, background(el.parentElement)));
        }
        return backgrounds.get(el);
    }
    const shown = el => { const bg = background(el); return [over(parse(getComputedStyle(el).color), bg), bg]; };
"""


def _text_has_contrast_4_5(page, scheme):
    """Prose, links, tables, admonitions, printed outputs, math and every colour of highlighted
    code, on their backgrounds, have a contrast of at least 4.5."""
    pairs = page.evaluate("() => {" + _SHOWN_COLOURS + r"""
        const seen = {};
        const sample = (what, selector, limit) => {
            for (const el of [...document.querySelectorAll(selector)].slice(0, limit)) {
                const [fg, bg] = shown(el);
                seen[what + fg.map(Math.round) + '|' + bg.map(Math.round)] = [what, fg, bg, el.textContent.trim().slice(0, 40)];
            }
        };
        sample('prose', 'article :is(p, li, td, th, summary, h1, h2, h3, .admonition-title)', 400);
        sample('link', 'article a:not(.headerlink)', 100);
        sample('output', '.nb-output', 100);
        sample('math', 'math, math mi, math mo, math mn', 400);
        sample('code', '.highlight code, .highlight code span', 4000);
        return Object.values(seen);
    }""")
    kinds = {kind for kind, *_ in pairs}
    assert {"prose", "link"} <= kinds and ("code" in kinds) == (page.locator(".highlight code").count() > 0), kinds
    low = [f"{kind} {text!r}: {fg} on {bg}, {_contrast(fg, bg):.2f}" for kind, fg, bg, text in pairs
           if _contrast(fg, bg) < 4.5]
    assert not low, f"{scheme} scheme: text below 4.5:1: {low[:8]}"


def _figures_have_contrast(page, path, scheme):
    """Each figure's text has a contrast of at least 4.5 with the page behind the figure, and
    its lines and marks (not the decorative grids, 3D panes, legend frames and translucent
    fills) at least 3, as shown: the figure's own colours (read from its SVG file) through the
    image's filter in this scheme, drawn by the browser."""
    found = page.evaluate("async () => {" + _SHOWN_COLOURS + r"""
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 1;
        const pen = canvas.getContext('2d', {willReadFrequently: true});
        const through = (colour, filter) => {
            pen.clearRect(0, 0, 1, 1); pen.filter = filter; pen.fillStyle = colour; pen.fillRect(0, 0, 1, 1);
            return [...pen.getImageData(0, 0, 1, 1).data].slice(0, 3);
        };
        const box = document.createElement('div');
        box.style.display = 'none';
        document.documentElement.appendChild(box);
        const found = [];
        const images = [...document.querySelectorAll('figure.nb-figure > img')];
        for (const [number, image] of images.entries()) {
            box.innerHTML = await (await fetch(image.src)).text();
            box.querySelector('style')?.remove();
            const filter = getComputedStyle(image).filter, bg = background(image.parentElement);
            const colours = new Set();
            for (const el of box.querySelectorAll('text, path, use, line, polyline')) {
                if (el.closest('defs, clipPath, [id^=grid3d], [id^=pane3d], [id^=legend] > [id^=patch]')) continue;
                const style = getComputedStyle(el);
                if (el.tagName === 'text') { colours.add('text|' + style.fill); continue; }
                if (style.stroke !== 'none' && Number(style.strokeOpacity) === 1 && Number(style.opacity) === 1)
                    colours.add('line|' + style.stroke);
                if (el.tagName === 'use' && style.fill !== 'none') colours.add('line|' + style.fill);
            }
            for (const entry of colours) {
                const [kind, colour] = entry.split('|');
                found.push([number + 1, kind, colour, through(colour, filter), bg]);
            }
        }
        box.remove();
        return found;
    }""")
    assert {kind for _, kind, *_ in found} == {"text", "line"}, found
    low = [f"figure {n}: {kind} {colour} shown as {fg} on {bg}, {_contrast(fg, bg):.2f}"
           for n, kind, colour, fg, bg in found if _contrast(fg, bg) < (4.5 if kind == "text" else 3)]
    assert not low, f"{path}, {scheme} scheme: {low[:8]}"


def _explorer_has_contrast(page, scheme):
    """The explorers' curves, path and frame have a contrast of at least 3 with the page."""
    found = page.evaluate("() => {" + _SHOWN_COLOURS + r"""
        return [...document.querySelectorAll('.gd-explorer-plot :is(.background polyline, .path, .frame, .point)')]
            .map(el => [el.getAttribute('class') || 'curve', parse(getComputedStyle(el)[el.matches('.point') ? 'fill' : 'stroke']), background(el.closest('figure'))]);
    }""")
    assert found
    low = [f"{what}: {fg} on {bg}" for what, fg, bg in found if _contrast(fg[:3], bg) < 3]
    assert not low, f"{scheme} scheme: explorer below 3:1: {low[:5]}"


def _palette(language):
    """The language's colour schemes, as its config lists them (with its toggle's words)."""
    return booksite.language_config(language)["theme"]["palette"]


def _toggle(page):
    """Clicks the colour-scheme toggle (the one shown: it names what it does) and waits for
    the colours to settle (some fade over 0.125 s)."""
    toggle = page.locator('form[data-md-component="palette"] label:not([hidden])')
    assert toggle.count() == 1
    toggle.click()
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')"
                           " && document.getAnimations().every(a => a.playState !== 'running')")
    _page_scheme_is_the_one_shown(page)


def _page_scheme_is_the_one_shown(page):
    """The page's own scheme (its scrollbar) is the one its body shows (assets/gdbook.css)."""
    root, shown = page.evaluate("[getComputedStyle(document.documentElement).colorScheme,"
                                " document.body.dataset.mdColorScheme]")
    assert root == {"slate": "dark", "default": "light"}[shown], f"the page's scheme is {root} with {shown} shown"


def _legible_in_both_colour_schemes(page, path):
    """In the light scheme (the system's, by default) and, switched with the toggle, the dark
    one: text, code, math, figures and explorers keep their contrast; so does a chapter
    printed from the dark scheme."""
    # Every block laid out: Chromium keeps the colours a block skipped by content-visibility
    # had when it was last shown (it draws the new ones when the block comes near the screen).
    # No fading between the schemes' colours: they are read at once.
    page.add_style_tag(content=".md-typeset > * { content-visibility: visible !important; }"
                               " * { transition: none !important; }")
    words = [option["toggle"]["name"] for option in _palette(path.split("/")[1])]
    toggle = page.locator('form[data-md-component="palette"] label:not([hidden])')
    for scheme in ("default", "slate"):
        if scheme == "slate":
            assert toggle.get_attribute("title") == words[0]  # follows the system (light)
            _toggle(page)
            assert toggle.get_attribute("title") == words[1]
        assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
        _text_has_contrast_4_5(page, scheme)
        if path in CHAPTERS:
            _figures_have_contrast(page, path, scheme)
        if page.locator(".gd-explorer.ready").count():
            _explorer_has_contrast(page, scheme)
    if path in CHAPTERS:  # printed from the dark scheme: paper gets the light colours
        page.emulate_media(media="print")
        _text_has_contrast_4_5(page, "slate, printed")
        _figures_have_contrast(page, path, "slate, printed")
        page.emulate_media(media="screen")


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


def _longest_chapter(language):
    return max(booksite.chapters(), key=lambda name: len(booksite.page(language, name)))


@pytest.mark.parametrize("language, size", [(booksite.LANGUAGES[0], (360, 740)), (booksite.LANGUAGES[-1], (1280, 720))])
def test_every_section_link_of_the_longest_chapter_lands_on_its_heading(page, site_url, language, size):
    """The longest chapter's every section that can scroll to the top (a landing went wrong
    in about 1 of 16 links when a block above a heading could be the one the browser keeps
    in place): one language on a phone, the other on a desktop."""
    chapter = _longest_chapter(language)
    page.set_viewport_size(dict(zip(("width", "height"), size)))
    anchors = re.findall(r'<h[23] id="([^"]+)"', booksite.page(language, chapter))
    for target in anchors[1:-3]:
        page.goto("about:blank")
        page.goto(f"{site_url}/{language}/{chapter}/#{target}")
        _lands_on_its_heading(page, target, f"{size[0]} px wide screen")


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
        # Where it lands once the smooth scroll and the layout of blocks near it settle (a
        # loaded machine takes longer than a fixed wait).
        landed = "([id, top]) => { const y = document.getElementById(id).getBoundingClientRect().top; return y >= top && y <= top + 60; }"
        try:
            page.wait_for_function(landed, arg=[target, header], timeout=5000)
        except PlaywrightTimeout:
            pass  # the assertion below says where it is
        top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target)
        assert header <= top <= header + 60, f"{path}#{target}: at {top}, the header ends at {header}"


def _every_block_is_laid_out_for_printing(page):
    skippable = ("[...document.querySelectorAll('.md-typeset > *')]"
                 ".filter(e => getComputedStyle(e).contentVisibility === 'auto').length")
    assert page.evaluate(skippable) > 20  # on screen, most blocks wait until they are near
    page.emulate_media(media="print")
    assert page.evaluate(skippable) == 0
    page.emulate_media(media="screen")


def test_blocks_far_below_are_skipped_while_the_chapter_is_still_parsed(page, site_url):
    """The browser draws a chapter's first frames before it has parsed all of it, and those
    frames must skip the blocks far below as the finished page does. (The exemption of the
    last blocks, once written into the skipping rule as ":nth-last-child(n + 10)", made it
    match no child of a parent still being parsed: the first frames laid out every block
    parsed so far, 5,900 layout objects.)
    A probe script at the end of the article, run while the parser is still inside it,
    counts the blocks the browser may skip; once the chapter is parsed, the last blocks are
    laid out (so that the footer does not move when a reader or a contrast checker gets
    there: skipping them failed Lighthouse's contrast check)."""
    language = booksite.LANGUAGES[0]
    path = f"/{language}/{_longest_chapter(language)}/"
    probe = ("<script>window.skippedWhileParsing = [...document.querySelectorAll('.md-typeset > *')]"
             ".filter(e => getComputedStyle(e).contentVisibility === 'auto').length</script>")

    def with_probe(route):
        response = route.fetch()
        body = response.text()
        assert body.count("</article>") == 1
        route.fulfill(response=response, body=body.replace("</article>", probe + "</article>"))

    page.route(f"{site_url}{path}", with_probe)
    page.goto(f"{site_url}{path}", wait_until="domcontentloaded")
    while_parsing = page.evaluate("window.skippedWhileParsing")
    parsed, last = page.evaluate("""() => {
        const skippable = [...document.querySelectorAll('.md-typeset > *')]
            .map(e => getComputedStyle(e).contentVisibility === 'auto');
        return [skippable.filter(Boolean).length, skippable.slice(-9).filter(Boolean).length];
    }""")
    assert while_parsing > parsed > 20, f"{path}: {while_parsing} blocks skippable while parsing, {parsed} after"
    assert last == 0, f"{path}: {last} of the last 9 blocks skippable once parsed (the footer must not move)"


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_on_a_phone_the_closed_navigation_is_skipped_and_the_open_one_works(page, site_url, language):
    """The drawer's navigation costs no styling while it is closed (content-visibility), and
    once opened it is drawn and works: its links take clicks, its table of contents opens,
    and a section link lands on its heading."""
    page.set_viewport_size({"width": 412, "height": 823})
    path = f"/{language}/{_longest_chapter(language)}/"
    page.goto(f"{site_url}{path}")
    drawn = """selector => { const e = document.querySelector(selector);
        const r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return [e.checkVisibility({contentVisibilityAuto: true}), r.left >= 0 && r.width > 0, e.contains(hit)]; }"""
    first_link = ".md-sidebar--primary .md-nav--primary .md-nav__link"
    assert page.evaluate(drawn, first_link)[0] is False, f"{path}: the closed drawer's navigation is laid out"
    page.click("label.md-header__button[for=__drawer]")
    page.wait_for_function("(d => getComputedStyle(d).transform !== 'matrix(1, 0, 0, 1, 0, 0)'"
                           " && d.getAnimations({subtree: true}).every(a => a.playState !== 'running'))"
                           "(document.querySelector('.md-sidebar--primary'))")
    assert page.evaluate(drawn, first_link) == [True, True, True], f"{path}: the open drawer's first link is not drawn"
    page.click(".md-sidebar--primary .md-nav__link[for=__toc]")
    target = _section_link_target(path)
    link = page.locator(f".md-sidebar--primary .md-nav--secondary a[href='#{target}']")
    link.click()
    _lands_on_its_heading(page, target, "412 px wide phone, from the drawer")


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
    # Code is set in a monospace font in both languages (the Chinese pages' font stack adds
    # CJK fonts, which have proportional Latin letters).
    widths = page.evaluate("""() => { const c = document.createElement('canvas').getContext('2d');
        const style = getComputedStyle(document.querySelector('pre code'));
        c.font = `${style.fontSize} ${style.fontFamily}`;
        return ['iiiiiiiiii', 'MMMMMMMMMM'].map(t => c.measureText(t).width); }""")
    assert widths[0] == widths[1], f"{path}: code is not monospace ({widths})"
    _a_wide_formula_is_shaded_where_it_goes_on(page, path)
    _header_is_final_before_the_script_runs(page, path)  # last: it loads the page again


def _a_wide_formula_is_shaded_where_it_goes_on(page, path):
    """A displayed formula wider than the screen scrolls sideways, and the edge beyond which it
    goes on is shaded: its right edge before the reader scrolls, its left edge at the end (an
    equation's number is at its right end). A formula that fits, where the chapter has one at
    this width, has no shade. (In the light scheme; the dark one draws the same rule in its own
    colours.)"""
    import io

    from PIL import Image

    boxes = page.locator(".md-typeset .math-display")
    widths = boxes.evaluate_all("bs => bs.map(b => b.scrollWidth - b.clientWidth)")
    wide = [i for i, extra in enumerate(widths) if extra > 20]
    narrow = [i for i, extra in enumerate(widths) if extra <= 0]
    assert wide, f"{path}: no formula wider than a 320 px screen to check"

    def edges(box, scroll):
        """How far the box's left and right edge strips are from the page's colour, with the
        formula hidden (its box keeps its width): 0 where nothing is drawn."""
        box.evaluate("(b, x) => { b.scrollLeft = x; b.querySelector('math').style.visibility = 'hidden'; }", scroll)
        shot = Image.open(io.BytesIO(box.screenshot())).convert("RGB")
        box.evaluate("b => { b.querySelector('math').style.visibility = ''; b.scrollLeft = 0; }")
        bg = box.evaluate("b => {" + _SHOWN_COLOURS + " return background(b); }")  # what it sits on
        w, h = shot.size
        def distance(x):
            return max(abs(a - b) for a, b in zip(shot.getpixel((x, h // 2)), bg))
        return distance(1), distance(w - 2)

    box = boxes.nth(wide[0])
    left, right = edges(box, 0)
    assert left <= 2 and right >= 20, f"{path}, formula {wide[0]} before scrolling: left edge {left}, right {right}"
    left, right = edges(box, 10**6)
    assert left >= 20 and right <= 2, f"{path}, formula {wide[0]} scrolled to its end: left edge {left}, right {right}"
    if narrow:
        assert max(edges(boxes.nth(narrow[0]), 0)) <= 2, f"{path}: a formula that fits is shaded"


def _header_is_final_before_the_script_runs(page, path):
    """The first screen is laid out before Material's (deferred) bundle runs. By then the
    page's own inline scripts have written what the bundle writes as it starts (so that its
    writing them changes no style): its classes on <html>, which the bundle then leaves as
    they are, and the attribute that turns transitions off, which it removes. In that state
    too, nothing in the header sticks out past the screen (a phone would lay the page out
    zoomed out), and its buttons (and a desktop's search field) stand where they will stay.
    A page whose bundle never runs goes back to Material's `no-js` state."""
    # The screen's overflow; where the language menu's button and the search button (phones)
    # or field (desktops) stand; <html>'s classes; the transitions-off attribute.
    layout = ("() => [document.documentElement.scrollWidth - document.documentElement.clientWidth,"
              " [...document.querySelectorAll('.md-header .md-select > button, .md-header__button[for=__search],"
              " .md-header .md-search__form')]"
              ".filter(e => e.getBoundingClientRect().width && e.checkVisibility({opacityProperty: true, visibilityProperty: true}))"
              ".map(e => Math.round(e.getBoundingClientRect().left)), document.documentElement.className,"
              " document.body.hasAttribute('data-md-color-switching')]")
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    after = page.evaluate(layout)
    # In the bundle's place, a script that records the page as the bundle finds it.
    bundle = "**/assets/javascripts/bundle.*.min.js"
    page.route(bundle, lambda route: route.fulfill(content_type="text/javascript", body=f"window.beforeBundle = ({layout})()"))
    try:
        page.goto(page.url.split("#")[0], wait_until="load")
        before = page.evaluate("window.beforeBundle")
        without = page.evaluate(layout)
    finally:
        page.unroute(bundle)
    assert before[0] <= 0, f"{path}: before the script runs, the page is {before[0]} px wider than the screen"
    assert len(after[1]) == 2 and before[1] == after[1], f"{path}: header buttons at {before[1]}, then at {after[1]}"
    assert before[2] == after[2] == "js js-focus-visible", f"{path}: <html> classes {before[2]!r}, then {after[2]!r}"
    assert before[3] and not after[3], f"{path}: transitions-off attribute {before[3]} before the script, {after[3]} after"
    assert without[2:] == ["no-js", False], f"{path}: without its script, the page is left as {without[2:]}"


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_on_a_desktop_the_header_is_final_before_the_script_runs(page, site_url, language):
    # (The page fixture's viewport is a desktop's.)
    path = f"/{language}/{_longest_chapter(language)}/"
    page.goto(f"{site_url}{path}")
    _header_is_final_before_the_script_runs(page, path)


def test_the_colour_scheme_follows_the_system_is_remembered_and_never_flashes(page, site_url):
    """A first visit shows the system's scheme, and so do later ones until the reader picks
    one with the toggle; that pick is remembered across page loads and languages, whatever
    the system's.
    No flash: when the browser reaches the page's content, the scheme is already the one it
    will show (a probe script placed just before the content reads it; everything the browser
    could have painted by then is the header). (Each language's toggle and its words are
    checked on every page: test_a_page_served_at_another_address.)"""
    language = booksite.LANGUAGES[0]
    url = f"{site_url}/{language}/"
    probe = "<script>window.schemeAtContent = document.body.dataset.mdColorScheme</script>"

    def with_probe(route):
        response = route.fetch()
        body = response.text()
        content = '<div class="md-container"'
        assert body.count(content) == 1
        route.fulfill(response=response, body=body.replace(content, probe + content))

    page.route(url, with_probe)
    words = [option["toggle"]["name"] for option in _palette(language)]
    toggle = page.locator('form[data-md-component="palette"] label:not([hidden])')

    def visit(system):
        page.emulate_media(color_scheme=system)
        page.goto(url, wait_until="domcontentloaded")
        at_content = page.evaluate("window.schemeAtContent")
        toggle.wait_for()  # Material's script has set the page up
        shown = page.evaluate("document.body.dataset.mdColorScheme")
        assert at_content == shown, f"{system} system: the content arrived in {at_content}, then {shown}"
        # The book's color-scheme meta, which names both, is the one the browser reads (the
        # first); the page's own scheme is the one shown.
        meta = page.evaluate("document.querySelector('meta[name=color-scheme]').content")
        assert meta == "light dark", f"{system} system: the first color-scheme meta says {meta!r}"
        _page_scheme_is_the_one_shown(page)
        return shown

    try:
        # A first visit (the page fixture leaves nothing remembered), then a later one.
        assert visit("dark") == "slate"
        assert toggle.get_attribute("title") == words[0]  # "follow the system" is on
        assert visit("light") == "default"
        # The reader picks dark, then light: remembered whatever the system's scheme.
        _toggle(page)
        assert visit("light") == "slate"
        assert toggle.get_attribute("title") == words[1]
        # ... in every language of the book.
        other = booksite.LANGUAGES[1]
        page.goto(f"{site_url}/{other}/gd-sgd/", wait_until="domcontentloaded")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        _toggle(page)
        assert visit("dark") == "default"
        # ... and back to following the system.
        _toggle(page)
        assert toggle.get_attribute("title") == words[0]
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    finally:
        page.unroute(url)
