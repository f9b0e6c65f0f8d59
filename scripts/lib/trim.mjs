// What wasm-bindgen's JS module carries that this package never runs (issue 14, size), cut by
// scripts/bundle.mjs before bundling. Each cut matches wasm-bindgen's text exactly and fails the
// build when it does not (a new wasm-bindgen writes something else: look again), and afterwards
// nothing may still name what was cut.
// - `passStringToWasm0(arg, malloc, realloc)`: every call passes wasm-bindgen's own malloc and
//   realloc (checked), so the branch for `realloc === undefined` is dead; the two exports are
//   read inside the function, and each call passes the string alone.
// - A string returned to Rust through a return slot (`String`, `Option<String>`: two `setInt32`
//   after the string is passed) is written by one function, `putString(slot, s)`, instead of
//   wasm-bindgen's four lines in each of the import object's functions that return one (the same
//   values in the same order; a `None`'s length is the last string's, as wasm-bindgen's, and Rust
//   reads no length with a null pointer).
// - The `encodeInto` polyfill for a `TextEncoder` without it: the glue's `Inbox` calls
//   `encodeInto` on every frame without one (src/web/js/glue.js), so a browser without it could
//   not run the package anyway (every browser with ES2022, the minified files' target, has it).
// - (--target web) The imports that catch a JS exception for Rust (`catch`): made by one
//   `handleError(f)` instead of each a function of its own around `handleError(f, arguments)`.
const fail = (what) => {
  throw new Error(`scripts/lib/trim.mjs: ${what} (did wasm-bindgen's output change?)`);
};

export function trim(js, web) {
  // The calls: one malloc and one realloc for all.
  const calls = [...js.matchAll(/passStringToWasm0\(([\w$]+), (wasm\.[\w$]+), (wasm\.[\w$]+)\)/g)];
  const pairs = new Set(calls.map((m) => `${m[2]} ${m[3]}`));
  if (!calls.length || pairs.size !== 1) fail(`passStringToWasm0 is called with ${pairs.size} malloc/realloc pairs`);
  const [malloc, realloc] = [...pairs][0].split(" ");
  if (js.split("passStringToWasm0(").length - 1 !== calls.length + 1) fail("a call of passStringToWasm0 not of the form (arg, malloc, realloc)");
  js = js.replace(/passStringToWasm0\(([\w$]+), wasm\.[\w$]+, wasm\.[\w$]+\)/g, "passStringToWasm0($1)");

  const def = /function passStringToWasm0\(arg, malloc, realloc\) \{\n    if \(realloc === undefined\) \{\n(?: {8}.*\n)+? {4}\}\n\n/;
  if (!def.test(js)) fail("passStringToWasm0's definition");
  js = js.replace(def, "function passStringToWasm0(arg) {\n");
  const body = js.slice(js.indexOf("function passStringToWasm0(arg) {"));
  const end = body.indexOf("\n}\n") + 3;
  const fixed = body.slice(0, end).replace(/\bmalloc\(/g, `${malloc}(`).replace(/\brealloc\(/g, `${realloc}(`);
  if (/\b(?:malloc|realloc)\b(?!\()/.test(fixed.replace(/wasm\.[\w$]+/g, "")) || fixed === body.slice(0, end)) fail("passStringToWasm0's body");
  js = js.replace(body.slice(0, end), fixed);

  // The return slots.
  const slot = /^( +)(var|const) ptr(\d+) = (?:isLikeNone\(([\w$]+)\) \? 0 : )?passStringToWasm0\(([\w$]+)\);\n\1\2 len\3 = WASM_VECTOR_LEN;\n\1getDataViewMemory0\(\)\.setInt32\(\(([\w$]+) >>> 0\) \+ 4 \* 1, len\3, true\);\n\1getDataViewMemory0\(\)\.setInt32\(\(\6 >>> 0\) \+ 4 \* 0, ptr\3, true\);\n/gm;
  let slots = 0;
  js = js.replace(slot, (m, ind, _k, _n, opt, s, at) => {
    if (opt !== undefined && opt !== s) fail("a return slot's optional string");
    slots++;
    return `${ind}putString(${at}, ${s});\n`;
  });
  if (!slots || /WASM_VECTOR_LEN;\n +getDataViewMemory0\(\)\.setInt32/.test(js)) fail(`return slots (${slots} rewritten)`);
  js = js.replace(
    "\nfunction passStringToWasm0(arg) {",
    "\nfunction putString(at, s) {\n    const ptr = isLikeNone(s) ? 0 : passStringToWasm0(s);\n    const view = getDataViewMemory0();\n    view.setInt32((at >>> 0) + 4, WASM_VECTOR_LEN, true);\n    view.setInt32(at >>> 0, ptr, true);\n}\n\nfunction passStringToWasm0(arg) {",
  );

  // The polyfill.
  const polyfill = /\nif \(!\('encodeInto' in cachedTextEncoder\)\) \{\n    cachedTextEncoder\.encodeInto = function \(arg, view\) \{\n(?: {8}.*\n)+? {4}\};\n\}\n/;
  if (!polyfill.test(js)) fail("the encodeInto polyfill");
  js = js.replace(polyfill, "\n");

  // The imports that catch (`handleError`): each a function made by `handleError(f)` instead of
  // a function of its own that calls `handleError(f, arguments)` (the same `this`, arguments and
  // catch). Only where they are members of the import object (--target web): the bundler
  // target's are exported function declarations, which the wasm's module may call before this
  // module's body has run.
  if (web) {
    const catching = /function\(\) \{ return handleError\((function \([\w$, ]*\) \{\n(?: {12}.*\n)+? {8}\}), arguments\); \}/g;
    const wrapped = (js.match(catching) ?? []).length;
    if (!wrapped || js.split("handleError(").length - 1 !== wrapped + 1) fail(`imports through handleError (${wrapped})`);
    js = js.replace(catching, "handleError($1)");
    const exn = /function handleError\(f, args\) \{\n    try \{\n        return f\.apply\(this, args\);\n    \} catch \(e\) \{\n        const idx = addToExternrefTable0\(e\);\n        (wasm\.[\w$]+)\(idx\);\n    \}\n\}\n/;
    const m = exn.exec(js);
    if (!m) fail("handleError's definition");
    js = js.replace(exn, `function handleError(f) {\n    return function () {\n        try {\n            return f.apply(this, arguments);\n        } catch (e) {\n            ${m[1]}(addToExternrefTable0(e));\n        }\n    };\n}\n`);
  }

  if (/\b(?:realloc === undefined|cachedTextEncoder\.encode\()/.test(js)) fail("a cut piece is still named");
  return js;
}
