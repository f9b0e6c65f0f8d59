//! One sort for the whole core: a heapsort of positions under a comparison given at run time;
//! and the core's insertion and removal in the middle of a vector ([`sink`], [`take`]).
//!
//! The core sorts an object's members by key for JSON equality (the model's byte budget
//! once did too); `sort_unstable` on each element type linked a copy of the standard
//! library's quicksort per type (4.7 KB of wasm for two). This one is not generic, so it is
//! linked once, and stays O(n log n) for a hostile 300,000-member object.

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

/// Moves the last element of `v` to position `i`, those from `i` on one place up (the end
/// of an insertion: push, then sink). `Vec::insert` and `Vec::remove` are not used in the
/// core: their index checks link a panic that formats numbers (`core::fmt`'s integer
/// code) into the wasm; these moves check their positions with `get_mut`.
pub fn sink<T>(v: &mut [T], i: usize) {
    let mut k = v.len();
    while k > i + 1 {
        if let Some([a, b]) = v.get_mut(k - 2..k) {
            std::mem::swap(a, b);
        }
        k -= 1;
    }
}

/// Removes and returns the element at `i` of `v`, those after it one place down (`None`
/// when there is none).
pub fn take<T>(v: &mut Vec<T>, i: usize) -> Option<T> {
    let n = v.len();
    if i >= n {
        return None;
    }
    for k in i..n - 1 {
        if let Some([a, b]) = v.get_mut(k..k + 2) {
            std::mem::swap(a, b);
        }
    }
    v.pop()
}

/// Reverses `v` in place (as `slice::reverse`, whose swaps are bounds-checked with a panic
/// that formats numbers).
pub fn reverse<T>(v: &mut [T]) {
    let mut s = v;
    while let [first, rest @ .., last] = s {
        std::mem::swap(first, last);
        s = rest;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sink_and_take_insert_and_remove_in_the_middle() {
        let mut v = vec![1, 2, 4, 5];
        v.push(3);
        sink(&mut v, 2);
        assert_eq!(v, [1, 2, 3, 4, 5]);
        v.push(0);
        sink(&mut v, 0);
        v.push(6);
        sink(&mut v, 6);
        assert_eq!(v, [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(take(&mut v, 3), Some(3));
        assert_eq!(take(&mut v, 0), Some(0));
        assert_eq!(take(&mut v, 4), Some(6));
        assert_eq!(take(&mut v, 4), None);
        assert_eq!(v, [1, 2, 4, 5]);
    }

    #[test]
    fn reverses_like_the_standard_reverse() {
        for n in 0..6 {
            let mut v: Vec<usize> = (0..n).collect();
            let mut want = v.clone();
            want.reverse();
            reverse(&mut v);
            assert_eq!(v, want);
        }
    }

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
