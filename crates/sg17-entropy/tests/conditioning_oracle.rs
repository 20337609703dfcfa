//! SP 800-90B 3.1.5: `Output_Entropy` and `h_out` must match NIST's `ea_conditioning` (built from
//! source, arbitrary precision) on the cases recorded by
//! vectors/tools/entropy/run_nist_conditioning.sh.

use serde_json::Value;
use sg17_entropy::conditioning::conditioning;

#[test]
fn sp800_90b_3_1_5_matches_nist_ea_conditioning() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/entropy/reference/conditioning.json");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 10);
    for c in &cases {
        let u = |k: &str| u32::try_from(c[k].as_u64().unwrap()).unwrap();
        let r =
            conditioning(u("n_in"), u("n_out"), u("nw"), c["h_in"].as_f64().unwrap(), c["h_prime"].as_f64());
        for (ours, key) in [(r.output_entropy, "output_entropy"), (r.h_out, "h_out")] {
            let theirs = c[key].as_f64().unwrap();
            assert!((ours - theirs).abs() <= 1e-6, "{c}: {key} = {ours} vs NIST {theirs}");
        }
    }
}
