//! Repetition Count Test, SP 800-90B clause 4.4.1.

/// The Repetition Count Test of SP 800-90B 4.4.1: fails when one value
/// repeats `C` times in a row.
///
/// ```
/// use sg17_qrng::health::RepetitionCountTest;
/// let mut rct = RepetitionCountTest::new(3);
/// assert!(rct.feed(5).is_ok());
/// assert!(rct.feed(5).is_ok());
/// assert_eq!(rct.feed(5), Err(3));
/// ```
#[derive(Debug, Clone)]
pub struct RepetitionCountTest {
    cutoff: u32,
    last: Option<u8>,
    run: u32,
}

impl RepetitionCountTest {
    /// A test with cutoff `C` (at least 2: a cutoff of 1 would fail on
    /// every sample).
    #[must_use]
    pub fn new(cutoff: u32) -> Self {
        Self { cutoff: cutoff.max(2), last: None, run: 0 }
    }

    /// The cutoff C.
    #[must_use]
    pub fn cutoff(&self) -> u32 {
        self.cutoff
    }

    /// Feeds one sample; `Err(count)` when the run reaches the cutoff.
    ///
    /// # Errors
    /// The run length (= cutoff) on failure.
    pub fn feed(&mut self, sample: u8) -> Result<(), u32> {
        if self.last == Some(sample) {
            self.run += 1;
            if self.run >= self.cutoff {
                return Err(self.run);
            }
        } else {
            self.last = Some(sample);
            self.run = 1;
        }
        Ok(())
    }
}
