// Draws the learning-rate explorers placed by docs/hooks/explorer.py. Every run was computed
// by gdbook at build time (assets/explorer/NAME.json); this script only picks one and draws it.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const W = 480, H = 300, PAD = 8;

  function element(name, attrs) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    return node;
  }

  function polyline(flat, toX, toY, attrs) {
    const pairs = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      // Clamp far-away points (a diverging run) so the line still leaves the frame.
      const x = Math.max(-1e4, Math.min(1e4, toX(flat[i])));
      const y = Math.max(-1e4, Math.min(1e4, toY(flat[i + 1])));
      pairs.push(x.toFixed(1) + "," + y.toFixed(1));
    }
    return element("polyline", Object.assign({ points: pairs.join(" "), fill: "none" }, attrs));
  }

  function setUp(figure, data) {
    const svg = figure.querySelector("svg");
    const slider = figure.querySelector("input.eta");
    const etaOut = figure.querySelector("output.eta-value");
    const finalOut = figure.querySelector("output.final");
    const start = figure.querySelector("select.start");
    const optimizer = figure.querySelector("select.optimizer");
    const [x0, x1, y0, y1] = data.view;
    const toX = (x) => PAD + ((x - x0) / (x1 - x0)) * (W - 2 * PAD);
    const toY = (y) => H - PAD - ((y - y0) / (y1 - y0)) * (H - 2 * PAD);

    const clip = element("clipPath", { id: "clip-" + figure.dataset.name });
    clip.appendChild(element("rect", { x: PAD, y: PAD, width: W - 2 * PAD, height: H - 2 * PAD }));
    svg.appendChild(clip);
    const frame = element("g", { "clip-path": "url(#clip-" + figure.dataset.name + ")" });
    svg.appendChild(frame);
    svg.appendChild(element("rect", { x: PAD, y: PAD, width: W - 2 * PAD, height: H - 2 * PAD,
                                      fill: "none", class: "frame" }));
    for (const line of data.background) {
      frame.appendChild(polyline(line, toX, toY, { class: "background" }));
    }
    const path = element("g", {});
    frame.appendChild(path);

    function draw() {
      const o = optimizer ? Number(optimizer.value) : 0;
      const s = start ? Number(start.value) : 0;
      const e = Number(slider.value);
      const chosen = data.runs[o][s][e];
      etaOut.value = String(data.etas[e]);
      finalOut.value = chosen.text;
      path.replaceChildren(polyline(chosen.points, toX, toY, { class: "path" }));
      for (let i = 0; i + 1 < chosen.points.length; i += 2) {
        const x = toX(chosen.points[i]), y = toY(chosen.points[i + 1]);
        if (Math.abs(x) < 1e4 && Math.abs(y) < 1e4) {
          path.appendChild(element("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 3, class: "point" }));
        }
      }
    }
    for (const control of [slider, start, optimizer]) {
      if (control) control.addEventListener("input", draw);
    }
    draw();
    figure.classList.add("ready");
  }

  function load(figure) {
    fetch(figure.dataset.src)
      .then((response) => response.json())
      .then((data) => setUp(figure, data))
      .catch((error) => console.error("explorer " + figure.dataset.name + ":", error));
  }

  // The runs are fetched only when an explorer comes near the screen, so a reader who never
  // scrolls to one does not pay for it.
  const near = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        near.unobserve(entry.target);
        load(entry.target);
      }
    }
  }, { rootMargin: "400px" });
  for (const figure of document.querySelectorAll("figure.gd-explorer")) near.observe(figure);
})();
