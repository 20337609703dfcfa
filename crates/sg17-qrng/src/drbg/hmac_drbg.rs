//! HMAC_DRBG, SP 800-90A Rev. 1 clause 10.1.2.

use super::{Drbg, DrbgError, DrbgHash, ReseedState, check_instantiate_inputs, check_reseed_inputs};
use hmac::{KeyInit, Mac};

/// Largest hash output over the supported hashes (SHA-512: 64 bytes).
const MAX_OUT_LEN: usize = 64;

/// HMAC_DRBG of SP 800-90A Rev. 1 clause 10.1.2 over SHA-256 or SHA-512.
///
/// ```
/// use sg17_qrng::drbg::{Drbg, HmacDrbg};
/// use sha2::Sha256;
/// let mut drbg = HmacDrbg::<Sha256>::instantiate(&[1u8; 32], &[2u8; 16], b"")?;
/// let mut out = [0u8; 16];
/// // Prediction resistance: fresh entropy input goes in before the output.
/// drbg.generate_with_prediction_resistance(&mut out, &[3u8; 32], b"")?;
/// // 2^19 bits is the most one request may return.
/// let mut too_big = vec![0u8; (1 << 16) + 1];
/// assert!(drbg.generate(&mut too_big, &[]).is_err());
/// # Ok::<(), sg17_qrng::drbg::DrbgError>(())
/// ```
pub struct HmacDrbg<H: DrbgHash> {
    /// HMAC keyed with the current `Key`, cloned for each HMAC call so the
    /// key schedule is computed once per update, not once per block.
    keyed: H::Hmac,
    v: [u8; MAX_OUT_LEN],
    reseed: ReseedState,
}

impl<H: DrbgHash> HmacDrbg<H> {
    /// HMAC_DRBG instantiate algorithm (clause 10.1.2.3).
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
        // Key = 0x00 00...00, V = 0x01 01...01 (clause 10.1.2.3 steps 2-3).
        let mut drbg = Self {
            keyed: Self::key(&[0u8; MAX_OUT_LEN][..H::OUT_LEN]),
            v: [0x01; MAX_OUT_LEN],
            reseed: ReseedState::new(),
        };
        drbg.update(&[entropy_input, nonce, personalization]);
        Ok(drbg)
    }

    fn key(key: &[u8]) -> H::Hmac {
        <H::Hmac as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length")
    }

    fn mac(&self, parts: &[&[u8]]) -> [u8; MAX_OUT_LEN] {
        let mut m = self.keyed.clone();
        for p in parts {
            m.update(p);
        }
        let tag = m.finalize().into_bytes();
        let mut out = [0u8; MAX_OUT_LEN];
        out[..H::OUT_LEN].copy_from_slice(&tag);
        out
    }

    /// V = HMAC(Key, V) with the current key.
    fn step_v(&mut self) {
        let v = self.mac(&[&self.v[..H::OUT_LEN]]);
        self.v = v;
    }

    /// HMAC_DRBG_Update (clause 10.1.2.2); `provided` is the concatenation
    /// of the parts, and is `Null` when all parts are empty.
    fn update(&mut self, provided: &[&[u8]]) {
        let null = provided.iter().all(|p| p.is_empty());
        for round in [0x00u8, 0x01] {
            if round == 0x01 && null {
                return;
            }
            let mut parts: Vec<&[u8]> = Vec::with_capacity(provided.len() + 2);
            let v = self.v;
            parts.push(&v[..H::OUT_LEN]);
            let sep = [round];
            parts.push(&sep);
            parts.extend_from_slice(provided);
            let k = self.mac(&parts);
            self.keyed = Self::key(&k[..H::OUT_LEN]);
            self.step_v();
        }
    }
}

impl<H: DrbgHash> Drbg for HmacDrbg<H> {
    fn name(&self) -> &'static str {
        H::HMAC_DRBG_NAME
    }

    /// HMAC_DRBG reseed algorithm (clause 10.1.2.4).
    fn reseed(&mut self, entropy_input: &[u8], additional_input: &[u8]) -> Result<(), DrbgError> {
        check_reseed_inputs(entropy_input, additional_input, H::SECURITY_STRENGTH)?;
        self.update(&[entropy_input, additional_input]);
        self.reseed.counter = 1;
        Ok(())
    }

    /// HMAC_DRBG generate algorithm (clause 10.1.2.5).
    fn generate(&mut self, out: &mut [u8], additional_input: &[u8]) -> Result<(), DrbgError> {
        self.reseed.check_generate(out.len(), additional_input)?;
        if !additional_input.is_empty() {
            self.update(&[additional_input]);
        }
        for chunk in out.chunks_mut(H::OUT_LEN) {
            self.step_v();
            chunk.copy_from_slice(&self.v[..chunk.len()]);
        }
        self.update(&[additional_input]);
        self.reseed.counter += 1;
        Ok(())
    }

    drbg_common_methods!(H);
}

impl_drbg_common!(HmacDrbg);

impl<H: DrbgHash> Drop for HmacDrbg<H> {
    /// Best-effort wipe of `V` (SP 800-90A 9.4 uninstantiate); the keyed HMAC
    /// state is owned by the `hmac` crate.
    fn drop(&mut self) {
        self.v.fill(0);
    }
}
