// Prints the gzipped size of the JavaScript the first page load needs (the scripts and
// module preloads that dist/index.html names) and fails above the budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const files = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1]);

let total = 0;
for (const file of files) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(8)} KiB gz  ${file}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(8)} KiB gz  initial JavaScript (budget ${BUDGET_KB} KiB)`);
if (total / 1024 > BUDGET_KB) {
  console.error("Over budget: lazy-load something.");
  process.exit(1);
}
