//! Bit-level buffers for PER (X.691 10.1: the encoding is a string of bits, octet-aligned
//! fields start on octet boundaries in the ALIGNED variant).

use crate::error::CodecError;

/// Appends bits MSB first.
#[derive(Debug, Default, Clone)]
pub struct BitWriter {
    buf: Vec<u8>,
    bits: usize,
}

impl BitWriter {
    /// An empty writer.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer with room for `octets` octets.
    #[must_use]
    pub fn with_capacity(octets: usize) -> Self {
        BitWriter { buf: Vec::with_capacity(octets), bits: 0 }
    }

    /// Number of bits written.
    #[must_use]
    pub fn bit_len(&self) -> usize {
        self.bits
    }

    /// Appends one bit.
    pub fn bit(&mut self, b: bool) {
        if self.bits.is_multiple_of(8) {
            self.buf.push(0);
        }
        if b {
            let last = self.buf.len() - 1;
            self.buf[last] |= 0x80 >> (self.bits % 8);
        }
        self.bits += 1;
    }

    /// Appends the low `n` bits of `v` (n <= 128), most significant first.
    pub fn bits(&mut self, v: u128, n: u32) {
        if n > 64 {
            self.bits64((v >> 64) as u64, n - 64);
            self.bits64(v as u64, 64);
        } else {
            self.bits64(v as u64, n);
        }
    }

    /// Appends the low `n` <= 64 bits of `v`, filling the current octet first.
    fn bits64(&mut self, v: u64, n: u32) {
        if n == 0 {
            return;
        }
        let v = if n == 64 { v } else { v & ((1u64 << n) - 1) };
        // Line the new bits up behind the `used` bits of the last octet in a 128-bit window,
        // then OR the first octet in and append the rest whole.
        let used = (self.bits % 8) as u32;
        let total = used + n;
        let octets = total.div_ceil(8) as usize;
        if total <= 64 {
            // Most writes (character codes come in at most 56 bits) fit a 64-bit window.
            self.put_window(&(v << (64 - total)).to_be_bytes(), used, octets);
        } else {
            self.put_window(&(u128::from(v) << (128 - total)).to_be_bytes(), used, octets);
        }
        self.bits += n as usize;
    }

    /// ORs the first octet of `window` into the last one written when `used` bits of it are
    /// taken, and appends the rest of its first `octets` octets.
    #[inline]
    fn put_window(&mut self, window: &[u8], used: u32, octets: usize) {
        let first = match self.buf.last_mut() {
            Some(last) if used > 0 => {
                *last |= window[0];
                1
            }
            _ => 0,
        };
        // At most 9 octets: pushing them one by one beats a variable-length copy here.
        self.buf.reserve(9);
        for &o in &window[first..octets] {
            self.buf.push(o);
        }
    }

    /// Appends each of `codes` in `b` <= 32 bits (the character codes of a known-multiplier
    /// string, X.691 30.5), several codes per write.
    pub fn codes(&mut self, codes: impl IntoIterator<Item = u32>, b: u32) {
        if b == 0 || b > 32 {
            for c in codes {
                self.bits(u128::from(c), b);
            }
            return;
        }
        let mask = (1u64 << b) - 1;
        let per_write = 56 / b;
        let (mut packed, mut k) = (0u64, 0u32);
        for c in codes {
            packed = (packed << b) | (u64::from(c) & mask);
            k += 1;
            if k == per_write {
                self.bits64(packed, b * k);
                (packed, k) = (0, 0);
            }
        }
        self.bits64(packed, b * k);
    }

    /// Appends each octet of `data` as a code of `b` <= 8 bits (ASCII text coded by value,
    /// X.691 30.5.4), several codes per write; 8-bit codes are the octets themselves.
    pub fn octet_codes(&mut self, data: &[u8], b: u32) {
        if b >= 8 || b == 0 {
            return self.codes(data.iter().map(|c| u32::from(*c)), b);
        }
        let mask = (1u64 << b) - 1;
        for chunk in data.chunks((56 / b) as usize) {
            let packed = chunk.iter().fold(0u64, |p, c| (p << b) | (u64::from(*c) & mask));
            self.bits64(packed, b * chunk.len() as u32);
        }
    }

    /// Appends whole octets.
    pub fn bytes(&mut self, data: &[u8]) {
        if self.bits.is_multiple_of(8) {
            self.buf.extend_from_slice(data);
            self.bits += data.len() * 8;
        } else {
            for b in data {
                self.bits(u128::from(*b), 8);
            }
        }
    }

    /// Appends the first `n` bits of `data`.
    pub fn bit_slice(&mut self, data: &[u8], n: usize) {
        let whole = n / 8;
        self.bytes(&data[..whole]);
        for i in whole * 8..n {
            self.bit(data[i / 8] & (0x80 >> (i % 8)) != 0);
        }
    }

    /// Pads with zero bits to an octet boundary.
    pub fn align(&mut self) {
        self.bits = self.bits.div_ceil(8) * 8;
    }

    /// The octets, the last one padded with zero bits.
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

/// Reads bits MSB first, reporting errors with the bit offset.
#[derive(Debug, Clone)]
pub struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
    rules: &'static str,
}

impl<'a> BitReader<'a> {
    /// A reader over `data`; `rules` names the rules in errors.
    #[must_use]
    pub fn new(data: &'a [u8], rules: &'static str) -> Self {
        BitReader { data, pos: 0, rules }
    }

    /// Current bit offset.
    #[must_use]
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Length of the input in octets.
    #[must_use]
    pub fn data_len(&self) -> usize {
        self.data.len()
    }

    /// Bits left.
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.data.len() * 8 - self.pos
    }

    /// An error at the current offset.
    #[must_use]
    pub fn error(&self, clause: &'static str, message: impl Into<String>) -> Box<CodecError> {
        Box::new(CodecError::new(self.rules, self.pos, clause, message))
    }

    fn need(&self, n: usize) -> Result<(), Box<CodecError>> {
        if n > self.remaining() {
            return Err(self.short(n));
        }
        Ok(())
    }

    /// Reads one bit.
    ///
    /// # Errors
    /// At the end of the input.
    #[inline]
    pub fn bit(&mut self) -> Result<bool, Box<CodecError>> {
        let Some(&byte) = self.data.get(self.pos / 8) else { return Err(self.short(1)) };
        let b = byte & (0x80 >> (self.pos % 8)) != 0;
        self.pos += 1;
        Ok(b)
    }

    /// Reads `n` <= 128 bits as an unsigned number.
    ///
    /// # Errors
    /// At the end of the input.
    #[inline]
    pub fn bits(&mut self, n: u32) -> Result<u128, Box<CodecError>> {
        if n > 56 {
            return self.wide_bits(n);
        }
        if n as usize > self.remaining() {
            return Err(self.short(n as usize));
        }
        // One big-endian load of the 8 octets from the current one (zero-padded at the end of
        // the input) holds all `n` bits, since at most 7 bits of the first are used.
        let start = self.pos / 8;
        let w = match self.data.get(start..start + 8) {
            Some(b) => u64::from_be_bytes(b.try_into().unwrap_or_default()),
            None => {
                let mut window = [0u8; 8];
                let tail = &self.data[start.min(self.data.len())..];
                window[..tail.len()].copy_from_slice(tail);
                u64::from_be_bytes(window)
            }
        } << (self.pos % 8);
        self.pos += n as usize;
        Ok(if n == 0 { 0 } else { u128::from(w >> (64 - n)) })
    }

    /// [`Self::bits`] for more than 56 bits, octet by octet.
    #[cold]
    fn wide_bits(&mut self, n: u32) -> Result<u128, Box<CodecError>> {
        self.need(n as usize)?;
        let mut v = 0u128;
        let mut remaining = n;
        while remaining > 0 {
            let used = (self.pos % 8) as u32;
            let free = 8 - used;
            let take = free.min(remaining);
            let byte = self.data[self.pos / 8];
            let chunk = (byte >> (free - take)) & (((1u16 << take) - 1) as u8);
            v = (v << take) | u128::from(chunk);
            self.pos += take as usize;
            remaining -= take;
        }
        Ok(v)
    }

    /// The error for reading `n` bits past the end.
    #[cold]
    fn short(&self, n: usize) -> Box<CodecError> {
        self.error("X.691 10.1", format!("need {n} more bits, {} left", self.remaining()))
    }

    /// Reads `n` bits into octets, MSB first, the last octet zero-padded.
    ///
    /// # Errors
    /// At the end of the input.
    pub fn bit_vec(&mut self, n: usize) -> Result<Vec<u8>, Box<CodecError>> {
        self.need(n)?;
        if self.pos.is_multiple_of(8) {
            let start = self.pos / 8;
            let mut out = self.data[start..start + n.div_ceil(8)].to_vec();
            if !n.is_multiple_of(8)
                && let Some(last) = out.last_mut()
            {
                *last &= 0xFF << (8 - n % 8);
            }
            self.pos += n;
            return Ok(out);
        }
        let mut out = vec![0u8; n.div_ceil(8)];
        for i in 0..n {
            if self.bit()? {
                out[i / 8] |= 0x80 >> (i % 8);
            }
        }
        Ok(out)
    }

    /// Reads `n` octets (not necessarily aligned).
    ///
    /// # Errors
    /// At the end of the input.
    pub fn bytes(&mut self, n: usize) -> Result<Vec<u8>, Box<CodecError>> {
        self.need(n.saturating_mul(8))?;
        self.bit_vec(n * 8)
    }

    /// `n` whole octets from an octet boundary, without copying; `None` (nothing read) off a
    /// boundary or past the end.
    pub fn aligned_bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        if !self.pos.is_multiple_of(8) {
            return None;
        }
        let start = self.pos / 8;
        let s = self.data.get(start..start.checked_add(n)?)?;
        self.pos += n * 8;
        Some(s)
    }

    /// Skips to the next octet boundary.
    pub fn align(&mut self) {
        self.pos = self.pos.div_ceil(8) * 8;
        self.pos = self.pos.min(self.data.len() * 8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x691_10_1_bit_order_is_msb_first() {
        let mut w = BitWriter::new();
        w.bit(true);
        w.bits(0b0101, 4);
        w.align();
        w.bytes(&[0xAB]);
        assert_eq!(w.into_bytes(), [0b1010_1000, 0xAB]);
        let data = [0b1010_1000, 0xAB];
        let mut r = BitReader::new(&data, "UPER");
        assert!(r.bit().unwrap());
        assert_eq!(r.bits(4).unwrap(), 0b0101);
        r.align();
        assert_eq!(r.bytes(1).unwrap(), [0xAB]);
        assert_eq!(r.bit().unwrap_err().bit_offset, 16);
    }

    proptest::proptest! {
        /// The word-at-a-time writer and reader agree with a bit-at-a-time model of X.691 10.1
        /// (each field's bits most significant first, octets filled from bit 8 down).
        #[test]
        fn x691_10_1_fields_of_any_width_match_a_bitwise_model(
            fields in proptest::collection::vec((proptest::num::u128::ANY, 0u32..=128), 0..40)
        ) {
            let mut w = BitWriter::new();
            let mut model: Vec<bool> = Vec::new();
            for &(v, n) in &fields {
                w.bits(v, n);
                model.extend((0..n).rev().map(|i| (v >> i) & 1 == 1));
            }
            proptest::prop_assert_eq!(w.bit_len(), model.len());
            let bytes = w.into_bytes();
            let mut expect = vec![0u8; model.len().div_ceil(8)];
            for (i, b) in model.iter().enumerate() {
                expect[i / 8] |= u8::from(*b) << (7 - i % 8);
            }
            proptest::prop_assert_eq!(&bytes, &expect);
            let mut r = BitReader::new(&bytes, "UPER");
            for &(v, n) in &fields {
                let mask = if n == 128 { u128::MAX } else { (1u128 << n) - 1 };
                proptest::prop_assert_eq!(r.bits(n).unwrap(), v & mask);
            }
            proptest::prop_assert!(r.bits(u32::try_from(r.remaining()).unwrap() + 1).is_err());
        }

        /// Codes packed from octets are the same bits as the generic packing.
        #[test]
        fn x691_30_5_octet_codes_match_codes(
            lead in 0u32..8,
            b in 0u32..=16,
            data in proptest::collection::vec(0u8..128, 0..40)
        ) {
            let mut octets = BitWriter::new();
            let mut generic = BitWriter::new();
            octets.bits(0, lead);
            generic.bits(0, lead);
            octets.octet_codes(&data, b);
            generic.codes(data.iter().map(|c| u32::from(*c)), b);
            proptest::prop_assert_eq!(octets.bit_len(), generic.bit_len());
            proptest::prop_assert_eq!(octets.into_bytes(), generic.into_bytes());
        }

        /// Packed character codes (X.691 30.5) are the same bits as one write per code.
        #[test]
        fn x691_30_5_packed_codes_match_one_write_per_code(
            lead in 0u32..8,
            b in 1u32..=32,
            codes in proptest::collection::vec(proptest::num::u32::ANY, 0..40)
        ) {
            let mut packed = BitWriter::new();
            let mut single = BitWriter::new();
            packed.bits(0, lead);
            single.bits(0, lead);
            packed.codes(codes.iter().copied(), b);
            for &c in &codes {
                single.bits(u128::from(c), b);
            }
            proptest::prop_assert_eq!(packed.bit_len(), single.bit_len());
            proptest::prop_assert_eq!(packed.into_bytes(), single.into_bytes());
        }
    }
}
