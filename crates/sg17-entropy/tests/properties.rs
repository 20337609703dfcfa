//! Property tests: the bitstring conversion of SP 800-90B 6.3 and invariance of the results to
//! how the input is split into blocks.

use proptest::prelude::*;
use sg17_entropy::estimators::{markov::markov, mcv::most_common_value, t_tuple::tuple_estimates};
use sg17_entropy::{Samples, select_block, to_bitstring};

proptest! {
    /// SP 800-90B 6.3: bit j of the bitstring is bit (b - 1 - j mod b) of sample floor(j / b).
    #[test]
    fn sp800_90b_6_3_bitstring_is_msb_first(raw in proptest::collection::vec(any::<u8>(), 0..64), bits in 1u8..=8) {
        let masked: Vec<u8> = raw.iter().map(|&b| if bits == 8 { b } else { b & ((1 << bits) - 1) }).collect();
        let bs = to_bitstring(&masked, bits);
        let b = usize::from(bits);
        prop_assert_eq!(bs.len(), masked.len() * b);
        for (j, &bit) in bs.iter().enumerate() {
            prop_assert_eq!(bit, (masked[j / b] >> (b - 1 - j % b)) & 1);
        }
    }

    /// Reading the file block by block (NIST's -l) and concatenating gives the same samples,
    /// hence the same estimates, as reading it whole.
    #[test]
    fn blocks_concatenate_to_the_whole(data in proptest::collection::vec(0u8..4, 40..400), count in 1u64..50) {
        let mut joined = Vec::new();
        let mut index = 0;
        while let Ok(block) = select_block(&data, index, count) {
            joined.extend_from_slice(block);
            index += 1;
        }
        prop_assert_eq!(&joined, &data);
        let whole = Samples::from_bytes(&data, Some(2)).unwrap();
        let again = Samples::from_bytes(&joined, Some(2)).unwrap();
        prop_assert_eq!(most_common_value(whole.symbols()).ok(), most_common_value(again.symbols()).ok());
        prop_assert_eq!(markov(&whole.bitstring()).ok(), markov(&again.bitstring()).ok());
    }

    /// Symbol translation does not change the estimates that only compare symbols.
    #[test]
    fn translation_preserves_tuple_estimates(data in proptest::collection::vec(0u8..3, 100..600), scale in 1u8..80) {
        let spread: Vec<u8> = data.iter().map(|&x| x * scale).collect();
        let a = Samples::from_bytes(&data, Some(8)).unwrap();
        let b = Samples::from_bytes(&spread, Some(8)).unwrap();
        prop_assert_eq!(a.symbols(), b.symbols());
        let (t1, l1) = tuple_estimates(a.symbols());
        let (t2, l2) = tuple_estimates(b.raw());
        prop_assert_eq!(t1.ok(), t2.ok());
        prop_assert_eq!(l1.ok(), l2.ok());
    }
}
