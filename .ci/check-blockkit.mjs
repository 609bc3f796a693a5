// Types every golden file of bot/view with Slack's own TypeScript definitions
// (@slack/types) and compiles them with tsc --strict --noEmit: an independent reading of
// Block Kit, beside the emulator's validator. A misspelt field, a field in the wrong
// place or a mrkdwn button label fails it.
//
// usage: node .ci/check-blockkit.mjs DIR GOLDEN_DIR
//   DIR holds node_modules with typescript and @slack/types (npm install --prefix DIR);
//   GOLDEN_DIR holds the golden files: message.*.json (a message: text and blocks),
//   modal.*.json and home.*.json (a view).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const [dir, goldenDir] = process.argv.slice(2).map((p) => resolve(p));
if (!dir || !goldenDir) {
  console.error("usage: node .ci/check-blockkit.mjs DIR GOLDEN_DIR");
  process.exit(2);
}
const files = readdirSync(goldenDir).filter((f) => f.endsWith(".json")).sort();
if (files.length === 0) {
  console.error(`FAIL: no golden files in ${goldenDir}`);
  process.exit(1);
}
const lines = [`import type { KnownBlock, View } from "@slack/types";`, ""];
const types = { message: "{ text: string; blocks: KnownBlock[] }", modal: "View", home: "View" };
for (const f of files) {
  const type = types[f.split(".")[0]];
  if (!type) {
    console.error(`FAIL: ${f}: a golden file's name begins with message., modal. or home.`);
    process.exit(1);
  }
  // Each file is a fresh object literal, so tsc checks it for excess properties too.
  const json = readFileSync(join(goldenDir, f), "utf8").trim();
  lines.push(`// ${f}`, `export const v_${f.replace(/\W/g, "_")}: ${type} = ${json};`, "");
}
const ts = join(dir, "goldens.ts");
writeFileSync(ts, lines.join("\n"));
try {
  execFileSync(join(dir, "node_modules", ".bin", "tsc"),
    ["--strict", "--noEmit", "--target", "es2020", "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck", ts],
    { cwd: dir, stdio: "inherit" });
} catch {
  console.error(`FAIL: a golden file of ${goldenDir} is not Block Kit as @slack/types reads it (see above; ${ts})`);
  process.exit(1);
}
console.log(`ok: ${files.length} golden files type-check as @slack/types' KnownBlock[] and View`);
