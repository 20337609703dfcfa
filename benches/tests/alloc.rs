//! Issue 2's bench target "no allocation during a walk": `sg17_asn1::walk` over every
//! certificate of the corpus performs zero heap allocations, counted by a wrapping global
//! allocator. The positive control (`Value::decode` allocates) shows the counter works.

use sg17_asn1::{EncodingRules, Limits, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts allocations made by the current thread, then forwards to `System`.
struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

#[allow(unsafe_code)]
// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the only addition is bumping a const-initialised thread-local
// counter, which neither allocates nor can unwind.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.with(|c| c.set(c.get() + 1));
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.with(|c| c.set(c.get() + 1));
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.with(|c| c.set(c.get() + 1));
        // SAFETY: as above; `ptr` came from this allocator, i.e. from `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCS.with(Cell::get);
    f();
    ALLOCS.with(Cell::get) - before
}

#[test]
fn walk_over_the_corpus_allocates_nothing() {
    let files = sg17_benches::debian_ca();
    let mut tlvs = 0;
    let n = allocations_during(|| {
        for f in &files {
            tlvs += sg17_asn1::walk(&f.der, EncodingRules::Der, Limits::default(), &mut |t| {
                std::hint::black_box(t);
            })
            .expect("corpus is DER");
        }
    });
    assert!(tlvs > 5_000, "walked only {tlvs} TLVs");
    assert_eq!(n, 0, "walk allocated {n} times over {tlvs} TLVs");
}

#[test]
fn the_counter_sees_value_tree_allocations() {
    let files = sg17_benches::debian_ca();
    let n = allocations_during(|| {
        std::hint::black_box(Value::decode(&files[0].der, EncodingRules::Der).expect("DER"));
    });
    assert!(n > 0, "counter missed the allocations of a value tree");
}
