// Minifies the package's JavaScript in place (every .js under <out>, one file at a time, so
// imports and exports stay as they are): the JS glue is a fifth of the package's gzip size
// unminified (issue 14). Names of functions and classes are kept (stack traces, profiles:
// bench/profile.mjs groups by them); nothing newer than ES2022 is introduced. The minifier is
// oxc's, through rolldown (Vite 8's bundler, already installed by scripts/setup.sh).
//   node scripts/minify.mjs <out>
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
if (!out) {
  console.error("minify: usage: node scripts/minify.mjs <out>");
  process.exit(2);
}
let minifySync;
try {
  ({ minifySync } = await import("rolldown/experimental"));
} catch (e) {
  console.error(`minify: rolldown is not installed (scripts/setup.sh): the JS stays unminified (${e.message})`);
  process.exit(0);
}
const files = (dir) =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".js") ? [p] : [];
  });
const options = {
  module: true,
  compress: { target: "es2022", keepNames: { function: true, class: true } },
  mangle: { keepNames: true },
};
for (const f of files(out)) {
  const r = minifySync(f, readFileSync(f, "utf8"), options);
  if (r.errors?.length) {
    console.error(`minify: ${f}: ${r.errors.map((e) => e.message).join("; ")}`);
    process.exit(1);
  }
  writeFileSync(f, r.code);
}
