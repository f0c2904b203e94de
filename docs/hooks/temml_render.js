// Typeset formulas as MathML with Temml at build time. Each line on stdin is a JSON array of
// {tex, display}; for each, one line goes to stdout: a JSON array of MathML strings, or
// {"error": message} for a formula Temml cannot parse. One process serves a whole build.
"use strict";
const readline = require("readline");
const temml = require("temml");

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  let reply;
  try {
    reply = JSON.parse(line).map(({ tex, display }) =>
      temml.renderToString(tex, {
        displayMode: display, throwOnError: true, strict: true, xml: false,
        // \id{eq-name}{...}: the anchor of a numbered equation (hooks/numbering.py); no other
        // command that writes HTML attributes is allowed.
        trust: (context) => context.command === "\\id",
      })
    );
  } catch (error) {
    reply = { error: String(error && error.message ? error.message : error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
