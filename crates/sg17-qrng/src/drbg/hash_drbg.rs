//! Hash_DRBG, SP 800-90A Rev. 1 clause 10.1.1, and the Hash_df derivation
//! function of clause 10.3.1.

use super::{Drbg, DrbgError, DrbgHash, ReseedState, check_instantiate_inputs, check_reseed_inputs};
use core::marker::PhantomData;
use sha2::Digest;

/// Largest internal seed length over the supported hashes (SHA-512: 111 bytes).
const MAX_SEED_LEN: usize = 111;

/// Hash_df, the hash-based derivation function of SP 800-90A Rev. 1
/// clause 10.3.1: fills `out` with `Hash_df(input, 8 * out.len())`, where
/// `input` is the concatenation of `parts`.
///
/// # Panics
/// If `out` is longer than 255 hash outputs (the 8-bit counter of
/// clause 10.3.1 step 4 would wrap); every caller in this crate asks for at
/// most `seedlen` bits.
///
/// ```
/// use sg17_qrng::drbg::hash_df;
/// use sha2::Sha256;
/// let mut out = [0u8; 55];
/// hash_df::<Sha256>(&[b"abc"], &mut out);
/// assert_ne!(out, [0u8; 55]);
/// ```
pub fn hash_df<H: DrbgHash>(parts: &[&[u8]], out: &mut [u8]) {
    let blocks = out.len().div_ceil(H::OUT_LEN);
    assert!(blocks <= 255, "Hash_df output longer than 255 hash blocks");
    let bits = u32::try_from(out.len() * 8).expect("bounded by 255 blocks");
    for (i, chunk) in out.chunks_mut(H::OUT_LEN).enumerate() {
        let mut h = H::Hasher::new();
        // counter starts at 0x01 (clause 10.3.1 step 3); fits a byte by the assert.
        h.update([(i + 1) as u8]);
        h.update(bits.to_be_bytes());
        for p in parts {
            h.update(p);
        }
        let digest = h.finalize();
        chunk.copy_from_slice(&digest[..chunk.len()]);
    }
}

/// `acc = (acc + x) mod 2^(8 * acc.len())`, both big-endian, `x` right-aligned.
pub(super) fn add_be(acc: &mut [u8], x: &[u8]) {
    debug_assert!(x.len() <= acc.len());
    let mut carry = 0u16;
    let mut xi = x.iter().rev();
    for a in acc.iter_mut().rev() {
        let v = u16::from(*a) + u16::from(*xi.next().unwrap_or(&0)) + carry;
        *a = v as u8;
        carry = v >> 8;
    }
}

/// Hash_DRBG of SP 800-90A Rev. 1 clause 10.1.1 over SHA-256 or SHA-512.
///
/// ```
/// use sg17_qrng::drbg::{Drbg, HashDrbg};
/// use sha2::Sha512;
/// let mut drbg = HashDrbg::<Sha512>::instantiate(&[1u8; 32], &[2u8; 16], b"")?
///     .with_reseed_interval(2)?;
/// let mut out = [0u8; 32];
/// drbg.generate(&mut out, &[])?;
/// drbg.generate(&mut out, b"additional input")?;
/// // The third request passes the reseed interval of 2.
/// assert!(drbg.generate(&mut out, &[]).is_err());
/// drbg.reseed(&[3u8; 32], &[])?;
/// drbg.generate(&mut out, &[])?;
/// # Ok::<(), sg17_qrng::drbg::DrbgError>(())
/// ```
pub struct HashDrbg<H: DrbgHash> {
    v: [u8; MAX_SEED_LEN],
    c: [u8; MAX_SEED_LEN],
    reseed: ReseedState,
    _hash: PhantomData<H>,
}

impl<H: DrbgHash> HashDrbg<H> {
    /// Hash_DRBG instantiate algorithm (clause 10.1.1.2).
    ///
    /// # Errors
    /// [`DrbgError::EntropyInputTooShort`] below 256 bits of entropy input,
    /// [`DrbgError::InputTooLong`] above 2^35 bits for any input.
    pub fn instantiate(
        entropy_input: &[u8],
        nonce: &[u8],
        personalization: &[u8],
    ) -> Result<Self, DrbgError> {
        check_instantiate_inputs(entropy_input, nonce, personalization, H::SECURITY_STRENGTH)?;
        let mut drbg = Self {
            v: [0; MAX_SEED_LEN],
            c: [0; MAX_SEED_LEN],
            reseed: ReseedState::new(),
            _hash: PhantomData,
        };
        // seed = Hash_df(entropy_input || nonce || personalization_string, seedlen)
        hash_df::<H>(&[entropy_input, nonce, personalization], &mut drbg.v[..H::SEED_LEN]);
        drbg.derive_c();
        Ok(drbg)
    }

    fn v(&self) -> &[u8] {
        &self.v[..H::SEED_LEN]
    }

    /// C = Hash_df(0x00 || V, seedlen); reseed_counter = 1.
    fn derive_c(&mut self) {
        let v = self.v;
        hash_df::<H>(&[&[0x00], &v[..H::SEED_LEN]], &mut self.c[..H::SEED_LEN]);
        self.reseed.counter = 1;
    }

    fn hash(parts: &[&[u8]]) -> sha2::digest::Output<H::Hasher> {
        let mut h = H::Hasher::new();
        for p in parts {
            h.update(p);
        }
        h.finalize()
    }
}

impl<H: DrbgHash> Drbg for HashDrbg<H> {
    fn name(&self) -> &'static str {
        H::HASH_DRBG_NAME
    }

    /// Hash_DRBG reseed algorithm (clause 10.1.1.3).
    fn reseed(&mut self, entropy_input: &[u8], additional_input: &[u8]) -> Result<(), DrbgError> {
        check_reseed_inputs(entropy_input, additional_input, H::SECURITY_STRENGTH)?;
        let old_v = self.v;
        hash_df::<H>(
            &[&[0x01], &old_v[..H::SEED_LEN], entropy_input, additional_input],
            &mut self.v[..H::SEED_LEN],
        );
        self.derive_c();
        Ok(())
    }

    /// Hash_DRBG generate algorithm (clause 10.1.1.4).
    fn generate(&mut self, out: &mut [u8], additional_input: &[u8]) -> Result<(), DrbgError> {
        self.reseed.check_generate(out.len(), additional_input)?;
        if !additional_input.is_empty() {
            let w = Self::hash(&[&[0x02], self.v(), additional_input]);
            add_be(&mut self.v[..H::SEED_LEN], &w);
        }
        // Hashgen (clause 10.1.1.4).
        H::hashgen(self.v(), out);
        let h = Self::hash(&[&[0x03], self.v()]);
        let c = self.c;
        let v = &mut self.v[..H::SEED_LEN];
        add_be(v, &h);
        add_be(v, &c[..H::SEED_LEN]);
        add_be(v, &self.reseed.counter.to_be_bytes());
        self.reseed.counter += 1;
        Ok(())
    }

    drbg_common_methods!(H);
}

impl_drbg_common!(HashDrbg);

impl<H: DrbgHash> Drop for HashDrbg<H> {
    /// Best-effort wipe of the working state (SP 800-90A 9.4 uninstantiate).
    fn drop(&mut self) {
        self.v.fill(0);
        self.c.fill(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_be_wraps_modulo_length() {
        let mut a = [0xff, 0xff];
        add_be(&mut a, &[0x01]);
        assert_eq!(a, [0, 0]);
        let mut b = [0x00, 0xff];
        add_be(&mut b, &[0x01, 0x01]);
        assert_eq!(b, [0x02, 0x00]);
    }
}
