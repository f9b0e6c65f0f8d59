//! One sort for the whole core: a heapsort of positions under a comparison given at run time.
//!
//! The core sorts in two places (an object's members by key for JSON equality, the model's
//! objects by rank for its byte budget); `sort_unstable` on each element type linked two
//! copies of the standard library's quicksort (4.7 KB of wasm). This one is not generic, so
//! it is linked once, and stays O(n log n) for a hostile 300,000-member object.

use std::cmp::Ordering;

/// The positions `0..n` in the order `cmp` gives them (`cmp` must be a total order; ties are
/// left in any order, so give it a unique key, e.g. the position as the last criterion).
pub fn sorted_positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    // Build a max-heap, then move the largest to the end, n times. (Positions are read with
    // `get`, not by indexing: the core links no bounds-check panic of its own.)
    for start in (0..n / 2).rev() {
        sift_down(&mut v, start, n, cmp);
    }
    for end in (1..n).rev() {
        swap(&mut v, 0, end);
        sift_down(&mut v, 0, end, cmp);
    }
    v
}

/// Swaps the positions `a < b` of `v` (nothing when `b` is out of range).
fn swap(v: &mut [usize], a: usize, b: usize) {
    if let Some((x, rest)) = v.get_mut(a..=b).and_then(<[usize]>::split_first_mut) {
        if let Some(y) = rest.last_mut() {
            std::mem::swap(x, y);
        }
    }
}

fn sift_down(v: &mut [usize], mut root: usize, end: usize, cmp: &dyn Fn(usize, usize) -> Ordering) {
    let at = |v: &[usize], i: usize| v.get(i).copied().unwrap_or_default();
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && cmp(at(v, child), at(v, child + 1)) == Ordering::Less {
            child += 1;
        }
        if cmp(at(v, root), at(v, child)) != Ordering::Less {
            return;
        }
        swap(v, root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_sort() {
        let mut seed = 7u32;
        for n in [0usize, 1, 2, 3, 10, 257, 1000] {
            let keys: Vec<u32> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    seed >> 20
                })
                .collect();
            let got = sorted_positions(n, &|a, b| (keys[a], a).cmp(&(keys[b], b)));
            let mut want: Vec<usize> = (0..n).collect();
            want.sort_by_key(|&i| (keys[i], i));
            assert_eq!(got, want, "n = {n}");
        }
    }
}
