//! CTR_DRBG, SP 800-90A Rev. 1 clause 10.2.1, over AES-128 and AES-256,
//! with and without the Block_Cipher_df derivation function of clause 10.3.2.
//!
//! The counter field is the whole block (`ctr_len` = `blocklen` = 128,
//! clause 10.2.1 Table 3), so `V` is incremented modulo 2^128 and
//! `max_number_of_bits_per_request` is 2^19 as for the hash-based DRBGs.

use super::{Drbg, DrbgError, ReseedState, check_instantiate_inputs, check_reseed_inputs};
use aes::cipher::{Array, BlockCipherEncrypt, KeyInit, typenum::U16};

/// AES block length in bytes (`blocklen` / 8).
const BLOCK_LEN: usize = 16;
/// Largest `seedlen` / 8 over the supported ciphers (AES-256: 48 bytes).
const MAX_SEED_LEN: usize = 48;
/// Blocks encrypted per call in generate: fills a small stack buffer of
/// counter values, so the cipher can pipeline them (AES-NI/VAES).
const BATCH_BLOCKS: usize = 32;

mod sealed {
    pub trait Sealed {}
    impl Sealed for aes::Aes128 {}
    impl Sealed for aes::Aes256 {}
}

/// A block cipher approved for CTR_DRBG, with the parameters of
/// SP 800-90A Rev. 1 clause 10.2.1, Table 3.
///
/// Implemented for [`aes::Aes128`] and [`aes::Aes256`]; sealed.
pub trait CtrCipher: sealed::Sealed + Send + Sync + 'static {
    /// Name as used in CAVP files, e.g. `AES-256`.
    const NAME: &'static str;
    /// Key length in bytes (`keylen` / 8).
    const KEY_LEN: usize;
    /// Seed length in bytes (`seedlen` / 8 = (`keylen` + `blocklen`) / 8).
    const SEED_LEN: usize = Self::KEY_LEN + BLOCK_LEN;
    /// Highest supported security strength in bits (the key length).
    const SECURITY_STRENGTH: usize;
    /// Display name of CTR_DRBG with the derivation function.
    const DF_NAME: &'static str;
    /// Display name of CTR_DRBG without the derivation function.
    const NO_DF_NAME: &'static str;
    /// The RustCrypto block cipher.
    type Cipher: BlockCipherEncrypt<BlockSize = U16> + KeyInit + Send;
}

impl CtrCipher for aes::Aes128 {
    const NAME: &'static str = "AES-128";
    const KEY_LEN: usize = 16;
    const SECURITY_STRENGTH: usize = 128;
    const DF_NAME: &'static str = "CTR_DRBG with AES-128, derivation function";
    const NO_DF_NAME: &'static str = "CTR_DRBG with AES-128, no derivation function";
    type Cipher = aes::Aes128;
}

impl CtrCipher for aes::Aes256 {
    const NAME: &'static str = "AES-256";
    const KEY_LEN: usize = 32;
    const SECURITY_STRENGTH: usize = 256;
    const DF_NAME: &'static str = "CTR_DRBG with AES-256, derivation function";
    const NO_DF_NAME: &'static str = "CTR_DRBG with AES-256, no derivation function";
    type Cipher = aes::Aes256;
}

fn new_cipher<C: CtrCipher>(key: &[u8]) -> C::Cipher {
    <C::Cipher as KeyInit>::new_from_slice(key).expect("key is keylen bytes")
}

fn encrypt<C: CtrCipher>(cipher: &C::Cipher, block: &mut [u8; BLOCK_LEN]) {
    cipher.encrypt_block(Array::cast_from_core_mut(block));
}

/// BCC of SP 800-90A Rev. 1 clause 10.3.3, fed incrementally: the data is
/// the concatenation of everything passed to [`Bcc::absorb`], zero-padded
/// to a whole number of blocks by [`Bcc::finish`].
struct Bcc<'a, C: CtrCipher> {
    cipher: &'a C::Cipher,
    /// chaining_value XOR the bytes of the current block absorbed so far.
    chain: [u8; BLOCK_LEN],
    pos: usize,
}

impl<'a, C: CtrCipher> Bcc<'a, C> {
    fn new(cipher: &'a C::Cipher) -> Self {
        Self { cipher, chain: [0; BLOCK_LEN], pos: 0 }
    }

    fn absorb(&mut self, data: &[u8]) {
        for &b in data {
            self.chain[self.pos] ^= b;
            self.pos += 1;
            if self.pos == BLOCK_LEN {
                // chaining_value = Block_Encrypt(Key, chaining_value XOR block_i)
                encrypt::<C>(self.cipher, &mut self.chain);
                self.pos = 0;
            }
        }
    }

    fn finish(mut self) -> [u8; BLOCK_LEN] {
        if self.pos != 0 {
            // The zero bytes of the padding leave the XOR unchanged.
            encrypt::<C>(self.cipher, &mut self.chain);
        }
        self.chain
    }
}

/// Block_Cipher_df of SP 800-90A Rev. 1 clause 10.3.2: fills `out`
/// (at most 512 bits, step 1) from the concatenation of `parts`.
///
/// # Errors
/// [`DrbgError::InputTooLong`] when the input is 2^32 bytes or longer: its
/// length `L` is a 32-bit integer (step 2).
fn block_cipher_df<C: CtrCipher>(parts: &[&[u8]], out: &mut [u8]) -> Result<(), DrbgError> {
    debug_assert!(out.len() <= 64 && out.len() <= C::SEED_LEN);
    let total = parts.iter().try_fold(0u64, |acc, p| acc.checked_add(p.len() as u64));
    let l = total.and_then(|t| u32::try_from(t).ok()).ok_or(DrbgError::InputTooLong {
        input: "Block_Cipher_df input_string",
        bits: total.map_or(u64::MAX, |t| t.saturating_mul(8)),
    })?;
    let n = u32::try_from(out.len()).expect("at most 64 bytes");

    // Step 8: K = leftmost(0x00010203...1F, keylen).
    let k: [u8; 32] = core::array::from_fn(|i| i as u8);
    let cipher = new_cipher::<C>(&k[..C::KEY_LEN]);
    // Step 9: temp = BCC(K, IV_i || S) for i = 0, 1, ... until keylen + outlen
    // bits, with S = L || N || input_string || 0x80, zero-padded (steps 4-5).
    let mut temp = [0u8; MAX_SEED_LEN];
    for (i, chunk) in temp[..C::SEED_LEN].as_chunks_mut::<BLOCK_LEN>().0.iter_mut().enumerate() {
        let mut iv = [0u8; BLOCK_LEN];
        iv[..4].copy_from_slice(&(i as u32).to_be_bytes());
        let mut bcc = Bcc::<C>::new(&cipher);
        bcc.absorb(&iv);
        bcc.absorb(&l.to_be_bytes());
        bcc.absorb(&n.to_be_bytes());
        for p in parts {
            bcc.absorb(p);
        }
        bcc.absorb(&[0x80]);
        *chunk = bcc.finish();
    }
    // Steps 10-14: K = leftmost(temp, keylen), X = the next block;
    // X = Block_Encrypt(K, X) repeatedly, output leftmost bits.
    let cipher = new_cipher::<C>(&temp[..C::KEY_LEN]);
    let mut x = [0u8; BLOCK_LEN];
    x.copy_from_slice(&temp[C::KEY_LEN..C::SEED_LEN]);
    for chunk in out.chunks_mut(BLOCK_LEN) {
        encrypt::<C>(&cipher, &mut x);
        chunk.copy_from_slice(&x[..chunk.len()]);
    }
    temp.fill(0);
    x.fill(0);
    Ok(())
}

/// Checks an input of CTR_DRBG without a derivation function against the
/// exact or maximal length of SP 800-90A Rev. 1 clause 10.2.1, Table 3.
fn check_no_df_len(input: &'static str, data: &[u8], min: usize, max: usize) -> Result<(), DrbgError> {
    if (min..=max).contains(&data.len()) {
        return Ok(());
    }
    Err(DrbgError::InputLengthOutOfRange {
        input,
        bits: (data.len() as u64).saturating_mul(8),
        min_bits: min as u64 * 8,
        max_bits: max as u64 * 8,
    })
}

/// CTR_DRBG of SP 800-90A Rev. 1 clause 10.2.1 over AES-128 or AES-256.
///
/// [`CtrDrbg::instantiate`] uses the Block_Cipher_df derivation function
/// (clause 10.2.1.3.2), [`CtrDrbg::instantiate_no_df`] does not
/// (clause 10.2.1.3.1: the entropy input must then be full entropy of
/// exactly `seedlen` bits, and no nonce is used).
///
/// ```
/// use aes::Aes256;
/// use sg17_qrng::drbg::{CtrDrbg, Drbg};
/// let mut drbg = CtrDrbg::<Aes256>::instantiate(&[1u8; 32], &[2u8; 16], b"app")?;
/// let mut out = [0u8; 64];
/// drbg.generate(&mut out, b"additional input")?;
/// assert_eq!(drbg.name(), "CTR_DRBG with AES-256, derivation function");
///
/// // Without df the entropy input is exactly seedlen = 384 bits.
/// let mut raw = CtrDrbg::<Aes256>::instantiate_no_df(&[3u8; 48], b"")?;
/// raw.generate(&mut out, &[])?;
/// assert!(CtrDrbg::<Aes256>::instantiate_no_df(&[3u8; 32], b"").is_err());
/// # Ok::<(), sg17_qrng::drbg::DrbgError>(())
/// ```
pub struct CtrDrbg<C: CtrCipher> {
    /// The cipher keyed with the current `Key`.
    cipher: C::Cipher,
    v: [u8; BLOCK_LEN],
    df: bool,
    reseed: ReseedState,
}

impl<C: CtrCipher> CtrDrbg<C> {
    /// Key = 0^keylen, V = 0^blocklen (clause 10.2.1.3.1 steps 4-5,
    /// 10.2.1.3.2 steps 2-3).
    fn zero(df: bool) -> Self {
        Self {
            cipher: new_cipher::<C>(&[0u8; 32][..C::KEY_LEN]),
            v: [0; BLOCK_LEN],
            df,
            reseed: ReseedState::new(),
        }
    }

    /// CTR_DRBG instantiate algorithm with the derivation function
    /// (clause 10.2.1.3.2).
    ///
    /// # Errors
    /// [`DrbgError::EntropyInputTooShort`] below the security strength
    /// (128 or 256 bits), [`DrbgError::InputTooLong`] above 2^35 bits for any
    /// input.
    pub fn instantiate(
        entropy_input: &[u8],
        nonce: &[u8],
        personalization: &[u8],
    ) -> Result<Self, DrbgError> {
        check_instantiate_inputs(entropy_input, nonce, personalization, C::SECURITY_STRENGTH)?;
        let mut seed = [0u8; MAX_SEED_LEN];
        // seed_material = Block_Cipher_df(entropy_input || nonce || personalization_string, seedlen)
        block_cipher_df::<C>(&[entropy_input, nonce, personalization], &mut seed[..C::SEED_LEN])?;
        let mut drbg = Self::zero(true);
        drbg.update(&seed[..C::SEED_LEN]);
        seed.fill(0);
        Ok(drbg)
    }

    /// CTR_DRBG instantiate algorithm without a derivation function
    /// (clause 10.2.1.3.1).
    ///
    /// # Errors
    /// [`DrbgError::InputLengthOutOfRange`] unless the entropy input is
    /// exactly `seedlen` bits (256 for AES-128, 384 for AES-256) and the
    /// personalization string at most `seedlen` bits.
    pub fn instantiate_no_df(entropy_input: &[u8], personalization: &[u8]) -> Result<Self, DrbgError> {
        check_no_df_len("entropy_input", entropy_input, C::SEED_LEN, C::SEED_LEN)?;
        check_no_df_len("personalization_string", personalization, 0, C::SEED_LEN)?;
        let seed = xor_padded(entropy_input, personalization);
        let mut drbg = Self::zero(false);
        drbg.update(&seed[..C::SEED_LEN]);
        Ok(drbg)
    }

    /// Whether this instantiation uses the derivation function.
    #[must_use]
    pub fn uses_df(&self) -> bool {
        self.df
    }

    /// CTR_DRBG_Update (clause 10.2.1.2); `provided_data` is `seedlen` bits.
    fn update(&mut self, provided_data: &[u8]) {
        debug_assert_eq!(provided_data.len(), C::SEED_LEN);
        let mut temp = [0u8; MAX_SEED_LEN];
        let mut v = u128::from_be_bytes(self.v);
        let blocks = temp[..C::SEED_LEN].as_chunks_mut::<BLOCK_LEN>().0;
        for block in blocks.iter_mut() {
            v = v.wrapping_add(1);
            *block = v.to_be_bytes();
        }
        self.cipher.encrypt_blocks(Array::cast_slice_from_core_mut(blocks));
        for (t, p) in temp.iter_mut().zip(provided_data) {
            *t ^= p;
        }
        self.cipher = new_cipher::<C>(&temp[..C::KEY_LEN]);
        self.v.copy_from_slice(&temp[C::KEY_LEN..C::SEED_LEN]);
        temp.fill(0);
    }

    /// The `seedlen`-bit form of an additional input: Block_Cipher_df of it
    /// (clause 10.2.1.5.2 step 2.1) or it zero-padded (10.2.1.5.1 step 2.2).
    fn derive_input(&self, input: &[u8]) -> Result<[u8; MAX_SEED_LEN], DrbgError> {
        if self.df {
            let mut out = [0u8; MAX_SEED_LEN];
            block_cipher_df::<C>(&[input], &mut out[..C::SEED_LEN])?;
            Ok(out)
        } else {
            Ok(xor_padded(input, &[]))
        }
    }
}

/// `a XOR b`, each zero-padded on the right to `MAX_SEED_LEN` bytes (callers
/// check both are at most `seedlen` and use the first `seedlen` bytes).
fn xor_padded(a: &[u8], b: &[u8]) -> [u8; MAX_SEED_LEN] {
    let mut out = [0u8; MAX_SEED_LEN];
    out[..a.len()].copy_from_slice(a);
    for (o, x) in out.iter_mut().zip(b) {
        *o ^= x;
    }
    out
}

impl<C: CtrCipher> Drbg for CtrDrbg<C> {
    fn name(&self) -> &'static str {
        if self.df { C::DF_NAME } else { C::NO_DF_NAME }
    }

    /// CTR_DRBG reseed algorithm (clause 10.2.1.4.1 without, 10.2.1.4.2
    /// with the derivation function).
    fn reseed(&mut self, entropy_input: &[u8], additional_input: &[u8]) -> Result<(), DrbgError> {
        let mut seed = if self.df {
            check_reseed_inputs(entropy_input, additional_input, C::SECURITY_STRENGTH)?;
            let mut seed = [0u8; MAX_SEED_LEN];
            block_cipher_df::<C>(&[entropy_input, additional_input], &mut seed[..C::SEED_LEN])?;
            seed
        } else {
            check_no_df_len("entropy_input", entropy_input, C::SEED_LEN, C::SEED_LEN)?;
            check_no_df_len("additional_input", additional_input, 0, C::SEED_LEN)?;
            xor_padded(entropy_input, additional_input)
        };
        self.update(&seed[..C::SEED_LEN]);
        seed.fill(0);
        self.reseed.counter = 1;
        Ok(())
    }

    /// CTR_DRBG generate algorithm (clause 10.2.1.5.1 without, 10.2.1.5.2
    /// with the derivation function).
    fn generate(&mut self, out: &mut [u8], additional_input: &[u8]) -> Result<(), DrbgError> {
        self.reseed.check_generate(out.len(), additional_input)?;
        if !self.df {
            check_no_df_len("additional_input", additional_input, 0, C::SEED_LEN)?;
        }
        // Step 2: additional_input = its seedlen form, or 0^seedlen if Null.
        let mut add = [0u8; MAX_SEED_LEN];
        if !additional_input.is_empty() {
            add = self.derive_input(additional_input)?;
            self.update(&add[..C::SEED_LEN]);
        }
        // Steps 3-5: V = V + 1, output_block = Block_Encrypt(Key, V), ...
        let mut v = u128::from_be_bytes(self.v);
        let (full, tail) = out.as_chunks_mut::<BLOCK_LEN>();
        for batch in full.chunks_mut(BATCH_BLOCKS) {
            for block in batch.iter_mut() {
                v = v.wrapping_add(1);
                *block = v.to_be_bytes();
            }
            self.cipher.encrypt_blocks(Array::cast_slice_from_core_mut(batch));
        }
        if !tail.is_empty() {
            v = v.wrapping_add(1);
            let mut last = v.to_be_bytes();
            encrypt::<C>(&self.cipher, &mut last);
            tail.copy_from_slice(&last[..tail.len()]);
            last.fill(0);
        }
        self.v = v.to_be_bytes();
        // Step 6: (Key, V) = CTR_DRBG_Update(additional_input, Key, V).
        self.update(&add[..C::SEED_LEN]);
        add.fill(0);
        self.reseed.counter += 1;
        Ok(())
    }

    drbg_common_methods!(C);
}

impl<C: CtrCipher> CtrDrbg<C> {
    /// Sets the reseed interval in generate requests (1..=2^48).
    ///
    /// # Errors
    /// [`DrbgError::ReseedIntervalOutOfRange`].
    pub fn with_reseed_interval(mut self, interval: u64) -> Result<Self, DrbgError> {
        self.set_reseed_interval(interval)?;
        Ok(self)
    }
}

impl<C: CtrCipher> core::fmt::Debug for CtrDrbg<C> {
    /// Shows the mechanism and counters, never the secret state.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CtrDrbg")
            .field("cipher", &C::NAME)
            .field("df", &self.df)
            .field("reseed_counter", &self.reseed.counter)
            .field("reseed_interval", &self.reseed.interval)
            .finish_non_exhaustive()
    }
}

impl<C: CtrCipher> Drop for CtrDrbg<C> {
    /// Best-effort wipe of `V` (SP 800-90A 9.4 uninstantiate); the key
    /// schedule is owned by the `aes` crate.
    fn drop(&mut self) {
        self.v.fill(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sp800_90a_10_2_1_no_df_length_limits() {
        use aes::Aes128;
        // Table 3: entropy input exactly seedlen = 256 bits for AES-128.
        for len in [31, 33, 0] {
            let e = CtrDrbg::<Aes128>::instantiate_no_df(&vec![1; len], b"").unwrap_err();
            assert!(matches!(e, DrbgError::InputLengthOutOfRange { input: "entropy_input", .. }), "{e}");
        }
        let e = CtrDrbg::<Aes128>::instantiate_no_df(&[1; 32], &[0; 33]).unwrap_err();
        assert!(matches!(e, DrbgError::InputLengthOutOfRange { input: "personalization_string", .. }));
        let mut d = CtrDrbg::<Aes128>::instantiate_no_df(&[1; 32], &[0; 32]).unwrap();
        let mut out = [0u8; 16];
        let e = d.generate(&mut out, &[7; 33]).unwrap_err();
        assert!(matches!(e, DrbgError::InputLengthOutOfRange { input: "additional_input", .. }));
        assert_eq!(d.reseed_counter(), 1, "a rejected request must not change the state");
        let e = d.reseed(&[1; 32], &[7; 33]).unwrap_err();
        assert!(matches!(e, DrbgError::InputLengthOutOfRange { input: "additional_input", .. }));
        d.generate(&mut out, &[7; 32]).unwrap();
        assert_eq!(d.reseed_counter(), 2);
    }

    #[test]
    fn sp800_90a_10_2_1_df_entropy_minimum_is_security_strength() {
        // 10.2.1.3.2 with Table 3: min entropy input = security_strength.
        assert!(matches!(
            CtrDrbg::<aes::Aes128>::instantiate(&[1; 15], &[2; 8], b""),
            Err(DrbgError::EntropyInputTooShort { got_bits: 120, min_bits: 128 })
        ));
        assert!(CtrDrbg::<aes::Aes128>::instantiate(&[1; 16], &[2; 8], b"").is_ok());
        assert!(matches!(
            CtrDrbg::<aes::Aes256>::instantiate(&[1; 31], &[2; 16], b""),
            Err(DrbgError::EntropyInputTooShort { got_bits: 248, min_bits: 256 })
        ));
    }

    /// Output that ends off a block boundary is the prefix of the output
    /// for the next whole block (clause 10.2.1.5.1 step 4: leftmost bits).
    #[test]
    fn sp800_90a_10_2_1_5_partial_block_is_leftmost_bits() {
        let mk = || CtrDrbg::<aes::Aes256>::instantiate(&[9; 32], &[8; 16], b"p").unwrap();
        let (mut a, mut b) = (mk(), mk());
        let mut long = [0u8; 48 * 16];
        let mut short = [0u8; 48 * 16 - 5];
        a.generate(&mut long, &[]).unwrap();
        b.generate(&mut short, &[]).unwrap();
        assert_eq!(&long[..short.len()], &short[..]);
    }

    #[test]
    fn sp800_90a_10_2_1_2_update_counter_wraps_mod_2_128() {
        let mut d = CtrDrbg::<aes::Aes128>::instantiate_no_df(&[0; 32], b"").unwrap();
        d.v = [0xff; BLOCK_LEN];
        // Reference: V + 1 = 0, V + 2 = 1 under Key, XOR 0 provided data.
        let mut first = [0u8; BLOCK_LEN];
        let mut second = [0u8; BLOCK_LEN];
        second[15] = 1;
        encrypt::<aes::Aes128>(&d.cipher, &mut first);
        encrypt::<aes::Aes128>(&d.cipher, &mut second);
        d.update(&[0; 32]);
        assert_eq!(d.v, second);
        let mut probe = [0u8; BLOCK_LEN];
        encrypt::<aes::Aes128>(&d.cipher, &mut probe);
        let mut expected = [0u8; BLOCK_LEN];
        encrypt::<aes::Aes128>(&new_cipher::<aes::Aes128>(&first), &mut expected);
        assert_eq!(probe, expected);
    }
}
