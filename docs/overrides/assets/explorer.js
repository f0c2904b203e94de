// Fills the learning-rate explorers placed by docs/hooks/explorer.py. Every run was computed
// by gdbook at build time (assets/explorer/NAME.json), already as SVG polylines in the
// figure's coordinates: this script only puts the chosen run's into the figure.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";

  function setUp(figure, data) {
    const slider = figure.querySelector("input.eta");
    const start = figure.querySelector("select.start");
    const optimizer = figure.querySelector("select.optimizer");
    const background = figure.querySelector("g.background");
    const path = figure.querySelector("polyline.path");
    for (const points of data.background) {
      const line = document.createElementNS(SVG, "polyline");
      line.setAttribute("points", points);
      background.appendChild(line);
    }

    function draw() {
      const e = Number(slider.value);
      const chosen = data.runs[optimizer ? Number(optimizer.value) : 0][start ? Number(start.value) : 0][e];
      figure.querySelector("output.eta-value").value = String(data.etas[e]);
      figure.querySelector("output.final").value = chosen.text;
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
  // scrolls to one does not pay for it. Watching starts with the reader's first scroll, key or
  // touch (an explorer is never on the first screen): started at load, the watcher costs the
  // page a second layout of everything while it is still busy showing itself.
  function watch() {
    const near = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          near.unobserve(entry.target);
          load(entry.target);
        }
      }
    }, { rootMargin: "400px" });
    for (const figure of document.querySelectorAll("figure.gd-explorer")) near.observe(figure);
  }
  const triggers = ["scroll", "wheel", "keydown", "pointerdown", "touchstart"];
  function start() {
    for (const name of triggers) window.removeEventListener(name, start);
    watch();
  }
  for (const name of triggers) window.addEventListener(name, start, { passive: true });
  // Opened at a section further down (a link with #…): the reader is already there.
  if (location.hash) window.addEventListener("load", start);
})();
