// Typeset formulas with KaTeX at build time. Reads a JSON array of {tex, display} on stdin
// and writes a JSON array of HTML strings (KaTeX's HTML plus MathML for screen readers).
// A formula KaTeX cannot parse stops the build with its message.
"use strict";
const katex = require("katex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const formulas = JSON.parse(input);
  const html = formulas.map(({ tex, display }) =>
    katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "error" })
  );
  process.stdout.write(JSON.stringify(html));
});
