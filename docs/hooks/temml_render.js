// Typeset formulas as MathML with Temml at build time. Each line on stdin is a JSON array of
// {tex, display}; for each, one line goes to stdout: a JSON array of MathML strings, or
// {"error": message} for a formula Temml cannot parse. One process serves a whole build.
"use strict";
const readline = require("readline");
const temml = require("temml");

// UPSTREAM MARKUP (README's table; tests/tooling/test_hooks.py checks it against Temml's
// version): Temml spells out, on each bracket of a pair, fence="true" and its form, and on
// each comma separator="true", and on display math a class its stylesheet never uses. MathML
// Core lays them out the same without: fence and separator have no effect on layout, and a
// bracket's spacing is zero in every form (its stretchy="false" stays). On the longest chapter
// they were 5 KB. (Display math keeps its style display:block math: Temml's stylesheet makes
// every formula inline-flex, which would set it inline, at the left.)
const REDUNDANT = / fence="true" form="(?:prefix|postfix)"(?= stretchy="false")|(?<=<mo) separator="true"|(?<=<math display="block") class="tml-display"(?= style="display:block math;")/g;
const slim = (mathml) => mathml.replace(REDUNDANT, "");

const render = ({ tex, display }) =>
  slim(temml.renderToString(tex, { displayMode: display, throwOnError: true, strict: true, xml: false }));

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  let reply;
  try {
    reply = JSON.parse(line).map(render);
  } catch (error) {
    reply = { error: String(error && error.message ? error.message : error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
