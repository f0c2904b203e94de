// Typeset formulas as MathML with Temml at build time. Reads a JSON array of {tex, display}
// on stdin and writes a JSON array of MathML strings; the browser lays them out natively
// (MathML Core) with the book's math font. A formula Temml cannot parse stops the build.
"use strict";
const temml = require("temml");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const formulas = JSON.parse(input);
  const mathml = formulas.map(({ tex, display }) =>
    temml.renderToString(tex, { displayMode: display, throwOnError: true, strict: true, xml: false })
  );
  process.stdout.write(JSON.stringify(mathml));
});
