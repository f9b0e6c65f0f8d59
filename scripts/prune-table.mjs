// Empties the function table's slots that only wasm-bindgen's describe step used (issue 14,
// size). Each closure type a describe function names (`Closure<dyn Fn…>`, `&mut dyn FnMut…` of
// an import such as `Promise::new`) puts its `invoke` shim's address into the table
// (`describe_invoke`: `inform(invoke::<…> as usize)`, the only place wasm-bindgen takes it). The
// CLI runs those describe functions, exports the shims the JS calls (the JS calls an `invoke`
// only through its export, never through the table), and removes the describe functions, but
// the table keeps every slot, so no pass could drop the shims nobody calls (35 of 39 here,
// ≈ 2.5 KB raw). This script makes each such slot `ref.null` (a call through it would trap,
// rather than run another function); the following `wasm-opt` then removes the shims. A
// slot's index does not change, so no function pointer elsewhere moves.
// It needs the function names, so wasm-bindgen runs with `--keep-debug` and the release
// `wasm-opt` strips them after. Run by scripts/build.sh between wasm-bindgen and wasm-opt.
//   node scripts/prune-table.mjs FILE.wasm    (rewritten in place; prints how many slots)
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { leb, encLeb } from "./lib/leb.mjs";

const path = process.argv[2];
const bytes = readFileSync(path);
// A shim of wasm-bindgen's closures (`wasm_bindgen::convert::closures::_::invoke::h…`).
const INVOKE = /^wasm_bindgen::convert::closures::_::invoke::h[0-9a-f]{16}$/;
// js-sys's JSPI task waker (`RawWakerVTable` functions): only `__wbg_jspi_task_poll` makes such a
// waker, an export the CLI removes from a module that does not use JSPI, so only the table
// keeps them (and, through `SpawnedTask::wake`'s `RefCell` borrow, `core::fmt`'s `pad`).
const JSPI = /^js_sys::futures::jspi::task_waker::raw_(clone|wake|wake_by_ref|drop)::h[0-9a-f]{16}$/;

const utf8 = new TextDecoder();
const str = (buf, at) => {
  const [len, p] = leb(buf, at);
  return [utf8.decode(buf.subarray(p, p + len)), p + len];
};
const fail = (why) => {
  console.error(`prune-table: ${why}`);
  process.exit(1);
};

// The sections, in order: [id, start of contents, end, start of header].
const sections = [];
for (let at = 8; at < bytes.length; ) {
  const id = bytes[at];
  const [size, start] = leb(bytes, at + 1);
  sections.push([id, start, start + size, at]);
  at = start + size;
}

// Exported functions, and every function's name (the name section's subsection 1).
const exported = new Set();
const names = new Map();
for (const [id, start, end] of sections) {
  if (id === 7) {
    let [n, p] = leb(bytes, start);
    for (; n > 0; n--) {
      let kind, index;
      [, p] = str(bytes, p);
      kind = bytes[p++];
      [index, p] = leb(bytes, p);
      if (kind === 0) exported.add(index);
    }
  }
  if (id === 0) {
    const [section, p0] = str(bytes, start);
    if (section !== "name") continue;
    for (let p = p0; p < end; ) {
      const sub = bytes[p];
      const [size, q] = leb(bytes, p + 1);
      if (sub === 1) {
        let [n, r] = leb(bytes, q);
        for (; n > 0; n--) {
          let index, name;
          [index, r] = leb(bytes, r);
          [name, r] = str(bytes, r);
          names.set(index, name);
        }
      }
      p = q + size;
    }
  }
}
if (names.size === 0) fail(`${path} has no function names (wasm-bindgen --keep-debug)`);

// `RefCell`'s borrow errors' `Display` (`Formatter::pad` with it, ≈ 0.9 KB): only core's
// `panic_already_borrowed` and `panic_already_mutably_borrowed` format them, which the crate's
// own borrows no longer call (`src/web/cell.rs`) and the JSPI waker above was the last to;
// their `fmt::Arguments` left the two slots in the table. They go when neither panic function
// can be reached (below).
const BORROW = /^<core\[[0-9a-f]+\]::cell::Borrow(Mut)?Error as core\[[0-9a-f]+\]::fmt::Display>::fmt$/;
const pruned0 = (index) => {
  const name = names.get(index) ?? "";
  return !exported.has(index) && (INVOKE.test(name) || JSPI.test(name));
};
// std's payload of a panic whose message has arguments (`FormatStringPayload::get` formats it
// into a `String`) and `String`'s `fmt::Write` methods, and with them `core::fmt::write`
// (≈ 1 KB in all). A message's arguments are formatted through their formatting functions' table
// slots (`<T as core::fmt::Display>::fmt`, `Debug`, `impl Display for u32`, …); when, the slots
// above aside, the table holds none, no panic of the module has arguments (a message without is
// std's `StaticStrPayload`), so nothing calls the payload's `get`. `String`'s `fmt::Write` methods
// are then called only by `core::fmt` (its `write` and `Formatter`): they go when no function
// of `core::fmt` can be reached from the exports, the start function and the slots that stay
// (the call graph read from `wasm-dis`'s text of the module). Either check failing keeps them.
const FORMATTING = /fmt/;
const FORMAT_PAYLOAD = /^<std\[[0-9a-f]+\]::panicking::panic_handler::FormatStringPayload as core\[[0-9a-f]+\]::panic::PanicPayload>::get$/;
const STRING_WRITE = /^<alloc\[[0-9a-f]+\]::string::String as core\[[0-9a-f]+\]::fmt::Write>::write_(str|char|fmt)(\.\d+)?$/;
const CORE_FMT = /core(\[[0-9a-f]+\])?::fmt::|Formatter/;
const slotFunctions = [];
// Each function's table slot (the index a function pointer holds).
const slotOf = new Map();
{
  const elem = sections.find(([id]) => id === 9);
  let [n, q] = elem ? leb(bytes, elem[1]) : [0, 0];
  for (; n > 0 && bytes[q] === 0; n--) {
    q++;
    if (bytes[q++] !== 0x41) break;
    let offset;
    [offset, q] = leb(bytes, q);
    if (bytes[q++] !== 0x0b) break;
    let m;
    [m, q] = leb(bytes, q);
    for (let i = 0; i < m; i++) {
      let f;
      [f, q] = leb(bytes, q);
      slotFunctions.push(f);
      slotOf.set(f, offset + i);
    }
  }
}
// The 4-byte-aligned words of the active data segments (where vtables are), by address.
const words = new Map();
{
  const data = sections.find(([id]) => id === 11);
  let [n, q] = data ? leb(bytes, data[1]) : [0, 0];
  for (; n > 0 && bytes[q] === 0; n--) {
    q++;
    if (bytes[q++] !== 0x41) break;
    let at;
    [at, q] = leb(bytes, q);
    if (bytes[q++] !== 0x0b) break;
    let size;
    [size, q] = leb(bytes, q);
    for (let a = (at + 3) & ~3; a + 4 <= at + size; a += 4) words.set(a, bytes.readUInt32LE(q + a - at));
    q += size;
  }
}
// The closures' `FnOnce::call_once` vtable shims (≈ 360 B raw): the slot of a `dyn Fn*`
// vtable that only a call of a boxed closure by value (`Box<dyn FnOnce>`, …) reads. The crate's
// closures go to wasm-bindgen's `Closure` (its `invoke` shims call through a reference: `call_mut`,
// `call`), js-sys's `Promise::new` (a `&mut dyn FnMut`) and std's panic hook (`Fn::call`): none is
// called by value. Checked here: every reachable function with a `call_indirect` of a shim's
// type is one of those known to call through a reference (below); any other keeps them.
const ONCE_SHIM = /^core::ops::function::FnOnce::call_once\{\{vtable\.shim\}\}::h[0-9a-f]{16}$/;
const BY_REFERENCE = [
  /^wasm_bindgen::convert::closures::_::invoke::h[0-9a-f]{16}$/, // `*const dyn Fn` / `*mut dyn FnMut`
  /^agentwire::proto::engine::correlation::Correlation::drain_where::h[0-9a-f]{16}$/, // `&mut dyn FnMut`
  /^agentwire::proto::model::registry::probe::h[0-9a-f]{16}$/, // `&mut dyn FnMut`
  /^agentwire::proto::model::remove::<impl agentwire::proto::model::state::Model>::targets::h[0-9a-f]{16}$/, // `&dyn Fn`
];
const nameOf = (f) => names.get(f) ?? "";
const goes = (f, borrow, payload, write, once) =>
  (borrow && BORROW.test(nameOf(f))) ||
  (payload && FORMAT_PAYLOAD.test(nameOf(f))) ||
  (write && STRING_WRITE.test(nameOf(f))) ||
  (once && ONCE_SHIM.test(nameOf(f)));
// The module's call graph, by name, from `wasm-dis`'s text: each function's direct calls and the
// types of its `call_indirect`s, each function's signature and each type's.
const wat = execFileSync(new URL("../node_modules/.bin/wasm-dis", import.meta.url).pathname, [path], { maxBuffer: 1 << 30, encoding: "utf8" });
const unescape = (t) => t.replace(/\\([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
const signature = (text) => {
  const of = (kind) => [...text.matchAll(new RegExp(`\\(${kind}(?: \\$\\w+)?((?: [a-z0-9]+)+)\\)`, "g"))].map((m) => m[1].trim()).join(" ");
  return `${of("param")} -> ${of("result")}`;
};
const calls = new Map();
const indirect = new Map();
const funcSig = new Map();
const typeSig = new Map();
const exportsAndStart = [];
{
  let current = null;
  for (const line of wat.split("\n")) {
    let m;
    if ((m = /^ \(type \$(\d+) \(func(.*)\)\)$/.exec(line))) typeSig.set(m[1], signature(m[2]));
    else if ((m = /^ \(func \$(\S+)(.*)$/.exec(line))) {
      current = unescape(m[1]);
      calls.set(current, []);
      indirect.set(current, new Set());
      funcSig.set(current, signature(m[2]));
    } else if ((m = /^ \(export "[^"]*" \(func \$(\S+)\)\)/.exec(line)) || (m = /^ \(start \$(\S+)\)/.exec(line))) exportsAndStart.push(unescape(m[1]));
    else if (current) {
      for (const c of line.matchAll(/\((?:return_)?call \$(\S+?)(?=[\s)]|$)|\(ref\.func \$(\S+?)(?=[\s)]|$)/g)) calls.get(current).push(unescape(c[1] ?? c[2]));
      for (const c of line.matchAll(/\((?:return_)?call_indirect \$\S+ \(type \$(\d+)\)/g)) indirect.get(current).add(c[1]);
    }
  }
}
// The functions reachable from the exports, the start function and the slots that stay.
const reachable = (borrow, payload, write, once) => {
  const roots = [...exportsAndStart, ...slotFunctions.filter((f) => !pruned0(f) && !goes(f, borrow, payload, write, once)).map(nameOf)];
  const seen = new Set(roots);
  for (const todo = [...roots]; todo.length; ) for (const g of calls.get(todo.pop()) ?? []) if (!seen.has(g) && seen.add(g)) todo.push(g);
  return seen;
};
const borrowGoes = ![...reachable(false, false, false, false)].some((f) => /::cell::panic_already_(mutably_)?borrowed$/.test(f));
const payloadGoes = !slotFunctions.some((f) => !pruned0(f) && !goes(f, borrowGoes, true, true, true) && FORMATTING.test(nameOf(f)));
const writeGoes = payloadGoes && ![...reachable(borrowGoes, true, true, false)].some((f) => CORE_FMT.test(f));
if (!borrowGoes) console.error("prune-table: the borrow errors' Display stays: core's RefCell borrow panic is reachable");
if (!payloadGoes) console.error("prune-table: the formatted panic payload stays: a formatting function is in the table");
if (payloadGoes && !writeGoes) console.error("prune-table: String's fmt::Write stays: a core::fmt function is reachable");
const onceTypes = new Set(slotFunctions.filter((f) => ONCE_SHIM.test(nameOf(f))).map((f) => funcSig.get(nameOf(f))));
const callers = [...reachable(borrowGoes, payloadGoes, writeGoes, true)].filter((f) =>
  [...(indirect.get(f) ?? [])].some((t) => onceTypes.has(typeSig.get(t))),
);
const unknown = callers.filter((f) => !BY_REFERENCE.some((r) => r.test(f)));
// And each shim's slot is in the data as the `call_once` entry of a vtable (the entry after a
// `drop_in_place` function's slot or 0, the closure's size and its alignment), never as a
// vtable's `call_mut` or `call` entry: a function LLVM merged with a shim (one body under two
// symbols, one name in the module) would be found there. (Other words equal to the slot are
// lengths or text: no vtable's header is before them.)
const DROP = /^core::ptr::drop_in_place</;
const header = (a) => {
  const [drop, size, align] = [words.get(a), words.get(a + 4), words.get(a + 8)];
  if (drop === undefined || size === undefined || align === undefined) return false;
  const dropFn = slotFunctions.find((g) => slotOf.get(g) === drop);
  return (drop === 0 || (dropFn !== undefined && DROP.test(nameOf(dropFn)))) && [1, 2, 4, 8, 16].includes(align) && size % align === 0 && size < 1 << 16;
};
const inVtableOnly = slotFunctions.filter((f) => ONCE_SHIM.test(nameOf(f))).every((f) => {
  const at = [...words].filter(([, w]) => w === slotOf.get(f)).map(([a]) => a);
  return at.filter((a) => header(a - 12)).length === 1 && !at.some((a) => header(a - 16) || header(a - 20));
});
if (!inVtableOnly) console.error("prune-table: the call_once shims stay: one is not only a vtable's call_once entry");
const onceGoes = unknown.length === 0 && inVtableOnly;
if (unknown.length) console.error(`prune-table: the call_once shims stay: ${unknown.join(", ")} may call a closure's vtable by value`);
const prune = (index) => pruned0(index) || goes(index, borrowGoes, payloadGoes, writeGoes, onceGoes);

// The element section, rewritten: an active segment of function indices for table 0 (flags 0)
// whose slots include a shim to prune becomes one of expressions (flags 4: `ref.func i` or
// `ref.null func`); any other segment is copied as it is.
const elem = sections.find(([id]) => id === 9);
if (!elem) fail("no element section");
let [count, p] = leb(bytes, elem[1]);
const out = [...encLeb(count)];
let pruned = 0;
for (let s = 0; s < count; s++) {
  const segStart = p;
  const flags = bytes[p++];
  if (flags !== 0) fail(`element segment of kind ${flags}: not handled (only 0, active, function indices)`);
  // The offset: `i32.const n` then `end`.
  const offStart = p;
  if (bytes[p++] !== 0x41) fail("element offset is not i32.const");
  while (bytes[p++] & 0x80);
  if (bytes[p++] !== 0x0b) fail("element offset is not one i32.const");
  const offset = bytes.subarray(offStart, p);
  let n;
  [n, p] = leb(bytes, p);
  const slots = [];
  for (let i = 0; i < n; i++) {
    let f;
    [f, p] = leb(bytes, p);
    slots.push(f);
  }
  if (!slots.some(prune)) {
    out.push(...bytes.subarray(segStart, p));
    continue;
  }
  out.push(4, ...offset, ...encLeb(n));
  for (const f of slots) {
    if (prune(f)) {
      pruned++;
      out.push(0xd0, 0x70, 0x0b); // ref.null func, end
    } else {
      out.push(0xd2, ...encLeb(f), 0x0b); // ref.func f, end
    }
  }
}
if (p !== elem[2]) fail("element section not read to its end");

const body = Uint8Array.from(out);
const head = Uint8Array.from([9, ...encLeb(body.length)]);
const before = bytes.subarray(0, elem[3]);
writeFileSync(path, Buffer.concat([before, head, body, bytes.subarray(elem[2])]));
console.log(`prune-table: ${pruned} table slots emptied (uncalled closure shims, the JSPI waker${borrowGoes ? ", borrow errors' Display" : ""}${payloadGoes ? ", the formatted panic payload" : ""}${writeGoes ? ", String's fmt::Write" : ""}${onceGoes ? ", the closures' call_once shims" : ""})`);
// None found: the names or wasm-bindgen's output changed (the package still works, larger).
if (pruned === 0) console.error("prune-table: warning: no closure shim's slot found to empty (did the names change?)");
