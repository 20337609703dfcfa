//! Name comparison (RFC 5280 7.1): RDN by RDN, attributes as sets; DirectoryString values
//! compared after case folding and insignificant-space handling (a subset of RFC 4518
//! string preparation), other values by their encodings.

use super::{AttributeTypeAndValue, Name, Rdn};

/// RFC 4518 2.6 (insignificant space handling) and 2.3 (case folding, simplified to
/// Unicode lower-casing).
fn prepare(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

fn atv_match(a: &AttributeTypeAndValue<'_>, b: &AttributeTypeAndValue<'_>) -> bool {
    if a.oid != b.oid {
        return false;
    }
    if a.value.raw() == b.value.raw() {
        return true;
    }
    match (a.value.string_kind(), b.value.string_kind(), a.value.as_str(), b.value.as_str()) {
        (Some(_), Some(_), Some(x), Some(y)) => prepare(&x) == prepare(&y),
        _ => false,
    }
}

/// RFC 5280 7.1: two RDNs match when their attribute sets match.
fn rdn_match(x: Rdn<'_>, y: Rdn<'_>) -> bool {
    let xs: Vec<_> = x.attributes().collect();
    let ys: Vec<_> = y.attributes().collect();
    xs.len() == ys.len() && xs.iter().all(|p| ys.iter().any(|q| atv_match(p, q)))
}

/// RFC 5280 7.1: same number of RDNs, and each RDN pair holds matching attribute sets.
pub(super) fn names_match(a: &Name<'_>, b: &Name<'_>) -> bool {
    if a.raw() == b.raw() {
        return true;
    }
    let mut ra = a.rdns();
    let mut rb = b.rdns();
    loop {
        match (ra.next(), rb.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if rdn_match(x, y) => {}
            _ => return false,
        }
    }
}

impl Name<'_> {
    /// RFC 5280 4.2.1.10 / 7.1: whether `base`'s RDN sequence is a prefix of this name's
    /// (each RDN compared as in [`Name::matches`]); an empty `base` is a prefix of every name.
    /// Used by name-constraint checks on directoryName subtrees.
    #[cfg_attr(not(feature = "verify"), allow(dead_code))]
    pub(crate) fn has_rdn_prefix(&self, base: &Name<'_>) -> bool {
        let mut ra = self.rdns();
        for y in base.rdns() {
            match ra.next() {
                Some(x) if rdn_match(x, y) => {}
                _ => return false,
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::{DistinguishedName, Name};

    fn der(s: &str) -> Vec<u8> {
        s.parse::<DistinguishedName>().unwrap().to_der()
    }

    #[test]
    fn rfc5280_7_1_case_and_space_insensitive() {
        let a = der("CN=Example  CA,O=ACME Inc.,C=US");
        let b = der("CN= example ca ,O=acme inc.,C=us");
        let c = der("CN=Example CA2,O=ACME Inc.,C=US");
        let d = der("CN=Example CA,O=ACME Inc.");
        let (a, b, c, d) = (
            Name::from_der(&a).unwrap(),
            Name::from_der(&b).unwrap(),
            Name::from_der(&c).unwrap(),
            Name::from_der(&d).unwrap(),
        );
        assert!(a.matches(&b));
        assert!(!a.matches(&c));
        assert!(!a.matches(&d));
        assert!(a != b);
    }
}
