// Draws the learning-rate explorers placed by docs/hooks/explorer.py. Every run was computed
// by gdbook at build time (assets/explorer/NAME.json), already in the figure's coordinates:
// this script only picks one run and puts its polyline in the figure.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const W = 480, H = 300, PAD = 8;

  function element(name, attrs) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    return node;
  }

  function setUp(figure, data) {
    const name = figure.dataset.name;
    const svg = figure.querySelector("svg");
    const slider = figure.querySelector("input.eta");
    const etaOut = figure.querySelector("output.eta-value");
    const finalOut = figure.querySelector("output.final");
    const start = figure.querySelector("select.start");
    const optimizer = figure.querySelector("select.optimizer");

    // A dot on every iterate, as a marker of the path (one element, not one per point).
    const defs = element("defs", {});
    const marker = element("marker", { id: "dot-" + name, viewBox: "0 0 6 6", refX: 3, refY: 3,
                                       markerWidth: 6, markerHeight: 6, markerUnits: "userSpaceOnUse" });
    marker.appendChild(element("circle", { cx: 3, cy: 3, r: 3, class: "point" }));
    defs.appendChild(marker);
    const clip = element("clipPath", { id: "clip-" + name });
    clip.appendChild(element("rect", { x: PAD, y: PAD, width: W - 2 * PAD, height: H - 2 * PAD }));
    defs.appendChild(clip);
    svg.appendChild(defs);
    const frame = element("g", { "clip-path": "url(#clip-" + name + ")" });
    for (const points of data.background) {
      frame.appendChild(element("polyline", { points, class: "background" }));
    }
    const dot = "url(#dot-" + name + ")";
    const path = element("polyline", { class: "path", "marker-start": dot, "marker-mid": dot, "marker-end": dot });
    frame.appendChild(path);
    svg.appendChild(frame);
    svg.appendChild(element("rect", { x: PAD, y: PAD, width: W - 2 * PAD, height: H - 2 * PAD, class: "frame" }));

    function draw() {
      const chosen = data.runs[optimizer ? Number(optimizer.value) : 0][start ? Number(start.value) : 0][Number(slider.value)];
      etaOut.value = String(data.etas[Number(slider.value)]);
      finalOut.value = chosen.text;
      path.setAttribute("points", chosen.points);
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
