//! What every variant of the codec comparison shares, so that each does the same work around
//! its decoder: the frame splitter, the checksum folded from each decoded frame, the tally
//! returned to the page, and the allocator (talc, as in the agentwire package).
//!
//! The checksum is field-level: FNV-1a over the name, the target and the typed members of the
//! event's data that a desktop reads (see each variant's `fold`), so variants agree only when
//! they decoded the same values.

#![forbid(unsafe_code)]

/// The allocator of the agentwire package (src/web/mod.rs).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The frames of a blob: one frame per line (`JSON.stringify` never writes a raw newline).
pub fn frames(blob: &str) -> impl Iterator<Item = &str> {
    blob.split('\n')
}

/// FNV-1a over the fields of one frame.
#[derive(Debug, Clone, Copy)]
pub struct Fold(u32);

impl Default for Fold {
    fn default() -> Self {
        Fold(0x811c_9dc5)
    }
}

impl Fold {
    /// Folds bytes.
    #[inline]
    pub fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 = (self.0 ^ u32::from(x)).wrapping_mul(0x0100_0193);
        }
    }
    /// Folds a string and a terminator.
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
        self.bytes(&[0xff]);
    }
    /// Folds an optional string (absent and empty differ).
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.bytes(&[0xfe]),
        }
    }
    /// Folds a number.
    pub fn num(&mut self, n: u64) {
        self.bytes(&n.to_le_bytes());
    }
    /// Folds an optional number.
    pub fn opt_num(&mut self, n: Option<u64>) {
        match n {
            Some(n) => self.num(n),
            None => self.bytes(&[0xfe]),
        }
    }
}

/// Marks folded for events outside the typed set, and for known events whose data did not fit.
pub const UNKNOWN: u64 = 0xdead;
/// See [`UNKNOWN`].
pub const INVALID: u64 = 0xbad;

/// What a run returns: frames decoded, the wrapping sum of their checksums, how many were
/// unknown or invalid events (decoded, data kept raw), and how many failed to decode.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Frames decoded.
    pub frames: u32,
    /// Wrapping sum of the frames' checksums.
    pub sum: u32,
    /// Unknown or invalid events among them.
    pub untyped: u32,
    /// Frames that did not decode.
    pub errors: u32,
}

impl Tally {
    /// Adds a decoded frame.
    pub fn add(&mut self, f: Fold, untyped: bool) {
        self.frames += 1;
        self.sum = self.sum.wrapping_add(f.0);
        self.untyped += u32::from(untyped);
    }
    /// Counts a frame that did not decode.
    pub fn error(&mut self) {
        self.errors += 1;
    }
    /// `[frames, checksum, untyped, errors]`, as the page reads it.
    pub fn to_vec(self) -> Vec<u32> {
        vec![self.frames, self.sum, self.untyped, self.errors]
    }
}
