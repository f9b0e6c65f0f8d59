//! Byte scans for the reader (`read.rs`): the end of a string's plain part and the equality
//! of two short byte strings, a word at a time.

/// From `i`, the first byte that ends the plain part of a string (`"`, `\\` or a control
/// character), or the end of `s`. Eight bytes at a time: the lowest flagged byte of a word is
/// exact (a borrow only propagates upwards), so its position comes from `trailing_zeros`
/// without a byte-wise tail; only the last few bytes of the text are scanned one by one.
#[inline]
pub(super) fn plain_run(s: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    // (An array reference, not `copy_from_slice`: one 8-byte load, also in wasm.)
    while let Some(&word) = s.get(i..i + 8).and_then(|c| <&[u8; 8]>::try_from(c).ok()) {
        let w = u64::from_le_bytes(word);
        // Bytes below 0x20: (w - 0x20…) borrows into the high bit only where a byte is below
        // 0x20 (bytes ≥ 0x80 are UTF-8 and never end a run, so they are masked out).
        let control = w.wrapping_sub(0x2020_2020_2020_2020) & !w & HIGHS;
        let hit = has_zero(w ^ 0x2222_2222_2222_2222) | has_zero(w ^ 0x5c5c_5c5c_5c5c_5c5c) | control;
        if hit != 0 {
            return i + (hit.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = s.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

/// Whether two byte strings of the same length are equal, a word at a time: the first and
/// last 8 (or 4) bytes, overlapping, where `==` on slices is four calls deep before `memcmp`
/// at `opt-level = "z"` and a byte loop costs ten instructions a byte (`Reader::key`).
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    fn w8(s: &[u8], i: usize) -> u64 {
        s.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()).map_or(0, u64::from_le_bytes)
    }
    fn w4(s: &[u8], i: usize) -> u32 {
        s.get(i..i + 4).and_then(|c| <[u8; 4]>::try_from(c).ok()).map_or(0, u32::from_le_bytes)
    }
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if w8(a, i) != w8(b, i) {
                return false;
            }
            i += 8;
        }
        w8(a, n - 8) == w8(b, n - 8)
    } else if n >= 4 {
        w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4)
    } else {
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

/// Whether two strings are equal, by [`same_bytes`], out of line: the receive path's
/// comparisons of its short strings (targets, event names, states, statuses) instead of `==`,
/// which calls `memcmp` (natively through the PLT, its length dispatch mispredicted from
/// string to string: 18% of `core_receive`'s time under `perf`; in wasm a byte loop).
#[inline(never)]
pub fn same(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}
