// The codec comparison's page side (bench/codec/run.mjs drives it): makes the frame mix once,
// loads each variant's wasm package, and times one variant's decoding of every frame.
// Measures; asserts nothing.

import { makeFrames } from "/frames.mjs";

let mix = null;
const modules = {};

/** Makes the frames in the page; returns the mix. */
export function setup({ n, seed }) {
  const { frames, counts } = makeFrames(n, seed);
  mix = { frames, blob: frames.join("\n") };
  let bytes = 0;
  for (const f of frames) bytes += f.length;
  return { n: frames.length, counts, utf16_units: bytes };
}

/** Loads a variant's package (`/pkg/<dir>/<dir>.js`, wasm-bindgen `--target web`). */
export async function load({ id, dir }) {
  if (!dir) return;
  const m = await import(`/pkg/${dir}/${dir}.js`);
  await m.default();
  modules[id] = m;
}

// How a variant is driven, by its mode:
// - "blob": the frames cross once, as one string of lines, into `decode_all` (b, d, the
//   baseline; the new decoder (a) too);
// - "values": the page runs `JSON.parse` per frame and passes each object to `decode_frame`,
//   then reads the tally with `finish` (c);
// - "js-parse": `JSON.parse` alone, no wasm (a reference: what the page pays to parse).
function once({ id, mode }, frames, blob) {
  const m = modules[id];
  // Another variant's garbage is collected now, not during this one's pass.
  globalThis.gc?.();
  const t0 = performance.now();
  let result;
  if (mode === "blob") {
    result = m.decode_all(blob);
  } else if (mode === "values") {
    for (const f of frames) m.decode_frame(JSON.parse(f));
    result = m.finish();
  } else if (mode === "js-parse") {
    let sum = 0;
    for (const f of frames) sum = (sum + JSON.parse(f).name.length) | 0;
    result = [frames.length, sum >>> 0, 0, 0];
  } else throw new Error(`unknown mode ${mode}`);
  const ms = performance.now() - t0;
  return { ms, result: Array.from(result) };
}

/** Runs a variant once over every frame, untimed: JIT, wasm tier-up, memory growth. */
export function warm(v) {
  return once(v, mix.frames, mix.blob).result;
}

/** Runs a variant over every frame; returns its time and `[frames, checksum, untyped, errors]`. */
export function run(v) {
  return once(v, mix.frames, mix.blob);
}
