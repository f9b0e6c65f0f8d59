//! `RefCell` borrows that panic without `core::fmt`: `RefCell::borrow`'s own panic formats
//! its `BorrowError` (`Display` → `Formatter::pad`, ≈ 0.9 KB of the wasm; issue 14). A
//! borrow that fails is still a bug and still panics, with a static message (which the
//! panic hook prints as it is).

use std::cell::{Ref, RefCell, RefMut};

/// `c.borrow()`.
pub fn read<T>(c: &RefCell<T>) -> Ref<'_, T> {
    match c.try_borrow() {
        Ok(r) => r,
        Err(_) => borrowed(),
    }
}

/// `c.borrow_mut()`.
pub fn write<T>(c: &RefCell<T>) -> RefMut<'_, T> {
    match c.try_borrow_mut() {
        Ok(r) => r,
        Err(_) => borrowed(),
    }
}

/// The one panic of a borrow that fails.
#[cold]
#[inline(never)]
fn borrowed() -> ! {
    panic!("agentwire: state borrowed while in use")
}
