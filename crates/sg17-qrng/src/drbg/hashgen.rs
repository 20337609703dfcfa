//! Hashgen of SP 800-90A Rev. 1 clause 10.1.1.4 on the SHA-2 compression
//! function of the `sha2` crate.
//!
//! Hashgen hashes `data = V`, `V + 1`, `V + 2`, ... where `V` is `seedlen`
//! bits long. For both supported hashes `seedlen` is chosen so that `data`,
//! the `0x80` padding byte and the length field fill exactly one message
//! block (FIPS 180-4 clauses 5.1.1 and 5.1.2):
//!
//! * SHA-256: 55 + 1 + 8 = 64 bytes;
//! * SHA-512: 111 + 1 + 16 = 128 bytes.
//!
//! So each output block costs one compression, and the padded block can be
//! built once per request and incremented in place, instead of going through
//! a `Digest` (fresh state, buffering, padding) for every 32 or 64 bytes.
//! The result is the same bytes: the CAVP vectors and the unit tests below
//! compare it with `sha2::Sha256::digest` / `sha2::Sha512::digest`.

use sha2::block_api::{compress256, compress512};

/// SHA-256 initial hash value H(0) (FIPS 180-4 clause 5.3.3).
const SHA256_IV: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// SHA-512 initial hash value H(0) (FIPS 180-4 clause 5.3.5).
const SHA512_IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// Hashgen over a hash whose one-block message is `SEED` bytes long:
/// `hash_block` maps a padded block to the digest. `v.len()` must be `SEED`.
fn hashgen_one_block<const SEED: usize, const BLOCK: usize, const OUT: usize>(
    v: &[u8],
    out: &mut [u8],
    hash_block: impl Fn(&[u8; BLOCK], &mut [u8; OUT]),
) {
    // Seed, 0x80 and a length field of at least 8 bytes must make one block.
    const { assert!(SEED + 1 + 8 <= BLOCK && SEED + 1 + 16 >= BLOCK) };
    let mut block = [0u8; BLOCK];
    block[..SEED].copy_from_slice(v);
    block[SEED] = 0x80;
    // The length field is 64 bits (SHA-256) or 128 bits (SHA-512), big-endian;
    // seedlen fits in its last 8 bytes, the bytes before stay zero.
    block[BLOCK - 8..].copy_from_slice(&(SEED as u64 * 8).to_be_bytes());

    // Two blocks, data + k and data + k + 1, used in turn: each is advanced
    // by 2 right after it is hashed, so the compression never loads a block
    // that a byte store has just written (a store-forwarding stall on x86).
    let mut blocks = [block, block];
    block.fill(0);
    // data = (data + 1) mod 2^seedlen (clause 10.1.1.4, Hashgen step 4.3).
    add_small_be(&mut blocks[1][..SEED], 1);
    let (full, tail) = out.as_chunks_mut::<OUT>();
    for (k, chunk) in full.iter_mut().enumerate() {
        let b = &mut blocks[k & 1];
        hash_block(b, chunk);
        add_small_be(&mut b[..SEED], 2);
    }
    if !tail.is_empty() {
        let mut last = [0u8; OUT];
        hash_block(&blocks[full.len() & 1], &mut last);
        tail.copy_from_slice(&last[..tail.len()]);
        last.fill(0);
    }
    blocks[0].fill(0);
    blocks[1].fill(0);
}

/// `acc = (acc + n) mod 2^(8 * acc.len())`, big-endian, stopping at the
/// first byte that does not carry.
fn add_small_be(acc: &mut [u8], n: u8) {
    let mut carry = n;
    for a in acc.iter_mut().rev() {
        let (v, overflow) = a.overflowing_add(carry);
        *a = v;
        if !overflow {
            return;
        }
        carry = 1;
    }
}

/// Hashgen with SHA-256 (`seedlen` = 440 bits).
pub(super) fn hashgen_sha256(v: &[u8], out: &mut [u8]) {
    hashgen_one_block::<55, 64, 32>(v, out, |block, digest| {
        let mut state = SHA256_IV;
        compress256(&mut state, core::slice::from_ref(block));
        for (d, w) in digest.as_chunks_mut::<4>().0.iter_mut().zip(state) {
            *d = w.to_be_bytes();
        }
    });
}

/// Hashgen with SHA-512 (`seedlen` = 888 bits).
pub(super) fn hashgen_sha512(v: &[u8], out: &mut [u8]) {
    hashgen_one_block::<111, 128, 64>(v, out, |block, digest| {
        let mut state = SHA512_IV;
        compress512(&mut state, core::slice::from_ref(block));
        for (d, w) in digest.as_chunks_mut::<8>().0.iter_mut().zip(state) {
            *d = w.to_be_bytes();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drbg::hash_drbg::add_be;
    use sha2::Digest;

    #[test]
    fn add_small_be_carries_and_wraps() {
        let mut c = [0xff, 0xff, 0xfe];
        add_small_be(&mut c, 1);
        assert_eq!(c, [0xff, 0xff, 0xff]);
        add_small_be(&mut c, 1);
        assert_eq!(c, [0, 0, 0]);
        let mut d = [0x00, 0xff, 0xff];
        add_small_be(&mut d, 2);
        assert_eq!(d, [0x01, 0x00, 0x01]);
        let mut e = [0xff, 0xff];
        add_small_be(&mut e, 2);
        assert_eq!(e, [0x00, 0x01]);
    }

    /// The reference: Hashgen written with the `Digest` API, one full hash
    /// per block, as clause 10.1.1.4 states it.
    fn hashgen_reference<D: Digest>(v: &[u8], out: &mut [u8]) {
        let mut data = v.to_vec();
        for chunk in out.chunks_mut(<D as Digest>::output_size()) {
            let w = D::digest(&data);
            chunk.copy_from_slice(&w[..chunk.len()]);
            add_be(&mut data, &[1]);
        }
    }

    /// Seeds that exercise the carry of the in-place increment across bytes
    /// and the wrap of `V + i` modulo 2^seedlen, with output lengths that end
    /// on and off a block boundary.
    fn seeds(len: usize) -> Vec<Vec<u8>> {
        let mut near_wrap = vec![0xff; len];
        near_wrap[0] = 0xfe;
        *near_wrap.last_mut().unwrap() = 0xfd;
        let mut carry = vec![0x11; len];
        *carry.last_mut().unwrap() = 0xfe;
        vec![vec![0; len], vec![0xff; len], near_wrap, carry, (0..len as u8).collect()]
    }

    #[test]
    fn sp800_90a_10_1_1_4_hashgen_sha256_matches_digest() {
        for v in seeds(55) {
            for n in [0, 1, 31, 32, 33, 64, 100, 1000] {
                let (mut a, mut b) = (vec![0u8; n], vec![0u8; n]);
                hashgen_sha256(&v, &mut a);
                hashgen_reference::<sha2::Sha256>(&v, &mut b);
                assert_eq!(a, b, "v = {v:02x?}, n = {n}");
            }
        }
    }

    #[test]
    fn sp800_90a_10_1_1_4_hashgen_sha512_matches_digest() {
        for v in seeds(111) {
            for n in [0, 1, 63, 64, 65, 128, 200, 1000] {
                let (mut a, mut b) = (vec![0u8; n], vec![0u8; n]);
                hashgen_sha512(&v, &mut a);
                hashgen_reference::<sha2::Sha512>(&v, &mut b);
                assert_eq!(a, b, "v = {v:02x?}, n = {n}");
            }
        }
    }
}
