// The whole book as one page, for print: pdf.py runs this in the built home page of a
// language. It puts a title page and a contents list in place of the home page's text, then
// each page of the book (fetched from the built site) as a section, and adapts what only works
// on screen: an explorer becomes a sentence with a link to it on the site, a folded solution
// moves, open, to the end of its chapter, and links leave for the site unless their target is
// in the book.
async ({pages, words, title, date}) => {
  // UPSTREAM MARKUP: Material's article element, .md-content__inner (README's table).
  const article = document.querySelector(".md-content__inner");
  const here = new URL(location.href);
  // Where the site is published: what it was built for, as its canonical links say.
  const site = new URL("..", document.querySelector('link[rel="canonical"]').href);
  const sections = pages.map((path) => ({url: new URL(path, here)}));
  // Each id gets a short new one, unique in the book (a PDF names its link targets by them):
  // the address of the page and the id -> the new id.
  const ids = new Map();
  const anchor = (url, id) => ids.get(`${url.pathname}#${id}`);
  const published = (url) => new URL(url.pathname.slice(1) + url.hash, site).href;
  const element = (tag, className, ...children) => {
    const node = document.createElement(tag);
    node.className = className;
    node.append(...children);
    return node;
  };
  const link = (href, text) => Object.assign(element("a", ""), {href, textContent: text});

  function section(s, html) {
    const body = new DOMParser().parseFromString(html, "text/html").querySelector(".md-content__inner");
    body.querySelectorAll(".headerlink, .nb-download, .md-code__nav, script").forEach((n) => n.remove());
    const headings = [...body.querySelectorAll("h1[id], h2[id], h3[id]")];
    // An explorer: a sentence, and a link to the section that holds it on the site.
    for (const figure of body.querySelectorAll("figure.gd-explorer")) {
      const before = headings.filter((h) => h.compareDocumentPosition(figure) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
      const target = published(new URL(`#${before.id}`, s.url));
      figure.replaceWith(element("p", "pdf-explorer", words.pdf_explorer + " ", link(target, decodeURI(target))));
    }
    // A solution: open, at the end of its chapter; a link to it where it was.
    const solutions = [...body.querySelectorAll("details.example")].map((details, n) => {
      const id = `solution-${n + 1}`;
      details.replaceWith(element("p", "pdf-solution-link", link(`#${id}`, words.pdf_solution_link)));
      const title = details.querySelector("summary");
      title.remove();
      const block = element("div", "admonition example", element("p", "admonition-title", title.textContent), ...details.childNodes);
      block.id = id;
      return block;
    });
    // Several solutions of one list of exercises leave their links side by side: one says it.
    for (const note of body.querySelectorAll("p.pdf-solution-link")) {
      const before = note.previousElementSibling;
      if (before && before.matches("p.pdf-solution-link")) note.remove();
    }
    if (solutions.length) {
      const heading = element("h2", "", words.pdf_solutions);
      heading.id = "pdf-solutions";
      body.append(heading, ...solutions);
      headings.push(heading);
    }
    // (An explorer's inline SVG keeps its ids: they are its own references. A numbered
    // equation's id, on its MathML row, is a link target like a heading's.)
    for (const node of body.querySelectorAll("[id]")) {
      if (!node.closest("svg")) {
        ids.set(`${s.url.pathname}#${node.id}`, `d${ids.size}`);
        node.id = `d${ids.size - 1}`;
      }
    }
    for (const [attribute, node] of [...body.querySelectorAll("[src]")].map((n) => ["src", n])
        .concat([...body.querySelectorAll("a[href]")].map((n) => ["href", n]))) {
      node.setAttribute(attribute, new URL(node.getAttribute(attribute), s.url).href);
    }
    for (const node of body.querySelectorAll("img")) node.loading = "eager";
    const part = element("section", "pdf-page", ...body.childNodes);
    ids.set(`${s.url.pathname}#`, part.id = `d${ids.size}`);
    const entries = headings.filter((h) => h.localName !== "h3").map((h) => ({id: h.id, level: h.localName, text: h.textContent}));
    return {part, entries};
  }

  const texts = await Promise.all(sections.map(async (s) => (await fetch(s.url)).text()));
  const made = sections.map((s, n) => section(s, texts[n]));  // in order: the same ids every time
  // Links to a page of the book, or into one, stay in the PDF; the others go to the site.
  for (const node of made.flatMap((m) => [...m.part.querySelectorAll("a[href]")])) {
    const url = new URL(node.getAttribute("href"));
    const target = url.origin === here.origin && anchor(url, decodeURIComponent(url.hash.slice(1)));
    node.href = target ? `#${target}` : url.origin === here.origin ? published(url) : url.href;
  }
  // Each contents entry links its heading; pdf.py writes the page numbers in a second pass.
  const contents = element("nav", "pdf-contents", element("h1", "", words.pdf_contents));
  for (const {entries} of made) {
    for (const entry of entries) {
      const number = element("span", "pdf-page-number");
      number.dataset.target = entry.id;
      contents.append(element("p", `pdf-contents-${entry.level}`, link(`#${entry.id}`, entry.text), number));
    }
  }
  const home = published(here);
  const cover = element("header", "pdf-title", element("h1", "", title), element("p", "", words.pdf_online + " ", link(home, home)), element("p", "", date));
  article.replaceChildren(cover, contents, ...made.map((m) => m.part));
  document.title = title;
  await Promise.all([...document.images].map((image) => image.decode().catch(() => {})));
  await document.fonts.ready;
  return made.flatMap((m) => m.entries.map((e) => e.id));
}
