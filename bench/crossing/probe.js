// The frame's crossing into wasm, alone: µs per frame for three ways, over strings from a
// real WebSocket (made by the browser, as the SDK receives them) and over strings made in JS
// (as bench/www's fake socket delivers them):
//   string      a String through wasm-bindgen (malloc, a JS loop while ASCII, free): before
//   inbox       the SDK's: encodeInto into one buffer, one call with numbers
//               (src/web/js/glue.js `Inbox.take`, copied here; the frame-limit branch left out)
//   loop        the same buffer and call, written by a JS loop while ASCII (the alternative)
// Each round times a fresh batch of frames (a string once read by the encoder is not the same
// afterwards). Run by run.mjs in headless Chromium.
import init, { old_closure, new_closures, sink } from "./pkg/crossing_probe.js";

const utf8 = new TextEncoder();

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
  takeLoop(d, at, onText) {
    const n = d.length;
    let v = this.room(n);
    let i = 0;
    for (let c; i < n && (c = d.charCodeAt(i)) < 0x80; i++) v[i] = c;
    let written = i;
    if (i < n) {
      v = this.room(i + 3 * (n - i));
      written += utf8.encodeInto(d.slice(i), v.subarray(i)).written;
    }
    onText(written, at, written);
  }
}

const frame = (i, pad, nonAscii) =>
  JSON.stringify({ messageType: "objectEvent", target: `s-1.cg-${i % 50}.ch-${i % 100}`, name: "channel.infochanged", data: { state: "ACTIVE", agentStatus: { status: ["ready", "not_ready"][i % 2], lastReasonCode: "", lastReasonName: (nonAscii ? "Déjeuner 🥐 " : "") + "x".repeat(pad) } } });

/** `n` frames from the server's WebSocket at `ws` (it sends them on connection). */
function fromSocket(ws, n, pad, nonAscii) {
  return new Promise((resolve, reject) => {
    const got = [];
    const s = new WebSocket(`${ws}?n=${n}&pad=${pad}&nonAscii=${nonAscii ? 1 : 0}`);
    s.onmessage = (e) => {
      got.push(e.data);
      if (got.length === n) {
        s.close();
        resolve(got);
      }
    };
    s.onerror = reject;
  });
}

/** µs per frame (best of `rounds`) for `n` frames of ~180 + `pad` characters. */
export async function run(ws, n, pad, nonAscii, rounds = 7) {
  const wasm = await init();
  const old = old_closure();
  const pair = new_closures();
  const inbox = new Inbox(wasm.memory, pair.grow);
  const take = pair.take;
  const ways = {
    string: (frames) => { for (const f of frames) old(f, 1); },
    inbox: (frames) => { for (const f of frames) inbox.take(f, 1, take); },
    loop: (frames) => { for (const f of frames) inbox.takeLoop(f, 1, take); },
  };
  const sources = {
    socket: () => fromSocket(ws, n, pad, nonAscii),
    js: async () => Array.from({ length: n }, (_, i) => frame(i, pad, nonAscii)),
  };
  const times = {};
  for (const s in sources) for (const k in ways) { ways[k](await sources[s]()); times[`${s}_${k}`] = []; }
  for (let r = 0; r < rounds; r++) {
    for (const s in sources) {
      for (const k in ways) {
        const frames = await sources[s]();
        const t0 = performance.now();
        ways[k](frames);
        times[`${s}_${k}`].push(performance.now() - t0);
      }
    }
  }
  const out = { chars: frame(0, pad, nonAscii).length, nonAscii };
  for (const k in times) out[k] = Math.min(...times[k]) * 1000 / n;
  out.sink = sink();
  return out;
}
