//! Adaptive Proportion Test, SP 800-90B clause 4.4.2.

/// The Adaptive Proportion Test of SP 800-90B 4.4.2: the first sample of
/// each window of `W` samples is the reference; the test fails when the
/// reference value occurs `C` times within the window (the reference
/// included).
///
/// ```
/// use sg17_qrng::health::AdaptiveProportionTest;
/// let mut apt = AdaptiveProportionTest::new(4, 3);
/// // Window 1: reference 7, then 1, 7 (count 2), 2: passes.
/// for s in [7, 1, 7, 2] { assert!(apt.feed(s).is_ok()); }
/// // Window 2: reference 9, 9 (count 2), 9 (count 3 = C): fails.
/// assert!(apt.feed(9).is_ok());
/// assert!(apt.feed(9).is_ok());
/// assert_eq!(apt.feed(9), Err(3));
/// ```
#[derive(Debug, Clone)]
pub struct AdaptiveProportionTest {
    window: u32,
    cutoff: u32,
    reference: u8,
    count: u32,
    /// Samples seen in the current window; 0 means "next sample starts a window".
    seen: u32,
}

impl AdaptiveProportionTest {
    /// A test with window `W` and cutoff `C`.
    #[must_use]
    pub fn new(window: u32, cutoff: u32) -> Self {
        Self { window: window.max(1), cutoff: cutoff.max(2), reference: 0, count: 0, seen: 0 }
    }

    /// The window size W.
    #[must_use]
    pub fn window(&self) -> u32 {
        self.window
    }

    /// The cutoff C.
    #[must_use]
    pub fn cutoff(&self) -> u32 {
        self.cutoff
    }

    /// Feeds one sample; `Err(count)` when the count reaches the cutoff.
    ///
    /// # Errors
    /// The count (= cutoff) on failure.
    pub fn feed(&mut self, sample: u8) -> Result<(), u32> {
        if self.seen == 0 {
            self.reference = sample;
            self.count = 1;
        } else if sample == self.reference {
            self.count += 1;
        }
        self.seen += 1;
        if self.seen == self.window {
            self.seen = 0;
        }
        if self.count >= self.cutoff {
            return Err(self.count);
        }
        Ok(())
    }
}
