// The wasm binary format's unsigned LEB128 numbers, for the build scripts that rewrite a wasm
// (scripts/names.mjs, prune-table.mjs, bundle.mjs).

/** The number at `at` in `buf`, and the offset after it: `[n, next]`. */
export function leb(buf, at) {
  let n = 0, shift = 0, b;
  do {
    b = buf[at++];
    n += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [n, at];
}

/** `n`'s bytes. */
export function encLeb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}
