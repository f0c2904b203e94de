// A chapter's code cells use names that earlier cells define. A cell that needs earlier cells
// lists their numbers in its <code>'s data-setup (hooks/cell_setup.py works them out when the
// book is built), and its copy button copies their code, then its own, a blank line between
// two, so that the copy runs on its own in a fresh Python. Material's copy handler copies the
// data-copy of the element it copies from, when there is one: this sets it just before that
// handler runs (in the capture phase of the same click).
// UPSTREAM MARKUP: Material's copy handler and its data-copy (README's table).
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element && event.target.closest("[data-clipboard-target]");
  const code = button && document.querySelector(button.getAttribute("data-clipboard-target"));
  if (!code || !code.dataset.setup) return;
  const cells = code.dataset.setup.split(" ").map((n) => document.getElementById(`cell-code-${n}`));
  code.dataset.copy = [...cells, code].map((cell) => cell.textContent.trimEnd()).join("\n\n");
}, true);
