// The frame's crossing into wasm, alone: µs per frame for the old way (a String through
// wasm-bindgen) and the SDK's (src/web/js/glue.js `Inbox.take`, copied here), for frames of
// three sizes. Run by run.mjs in headless Chromium.
import init, { old_closure, new_closures, sink } from "./pkg/crossing_probe.js";

const utf8 = new TextEncoder();

// As in src/web/js/glue.js (the frame-limit branch left out: these frames are within it).
class Inbox {
  constructor(memory, grow) {
    this.memory = memory;
    this.grow = grow;
    this.ptr = 0;
    this.cap = 0;
    this.view = null;
  }
  room(n) {
    if (n > this.cap) {
      const cap = Math.max(n, 4096, 2 * this.cap);
      this.ptr = this.grow(cap);
      this.cap = cap;
      this.view = null;
    }
    let v = this.view;
    if (v === null || v.byteLength === 0) v = this.view = new Uint8Array(this.memory.buffer, this.ptr, this.cap);
    return v;
  }
  take(d, at, onText) {
    const n = d.length;
    let v = this.room(n);
    let { read, written } = utf8.encodeInto(d, v);
    if (read < n) {
      v = this.room(written + 3 * (n - read));
      written += utf8.encodeInto(d.slice(read), v.subarray(written)).written;
    }
    onText(written, at, written);
  }
}

/** µs per frame (4th best of 31 rounds, the two ways interleaved) for `n` frames of ~`len` characters. */
export async function run(n, pad, nonAscii) {
  const wasm = await init();
  const text = nonAscii ? "Déjeuner 🥐 " : "";
  const frame = (i) => JSON.stringify({ messageType: "objectEvent", target: `s-1.cg-${i % 50}.ch-${i % 100}`, name: "channel.infochanged", data: { state: "ACTIVE", agentStatus: { status: ["ready", "not_ready"][i % 2], lastReasonCode: "", lastReasonName: text + "x".repeat(pad) } } });
  const frames = Array.from({ length: n }, (_, i) => frame(i));
  const old = old_closure();
  const pair = new_closures();
  const inbox = new Inbox(wasm.memory, pair.grow);
  const take = pair.take;
  const ways = {
    string: () => { for (const f of frames) old(f, 1); },
    inbox: () => { for (const f of frames) inbox.take(f, 1, take); },
  };
  for (const k in ways) ways[k]();
  const times = { string: [], inbox: [] };
  for (let r = 0; r < 31; r++) for (const k in ways) { const t0 = performance.now(); ways[k](); times[k].push(performance.now() - t0); }
  const out = { chars: frames[0].length, nonAscii };
  for (const k in ways) out[k] = +([...times[k]].sort((a, b) => a - b)[3] * 1000 / n).toFixed(3);
  out.sink = sink();
  return out;
}
