//! Rust names for ASN.1 identifiers: UpperCamelCase types and variants, snake_case fields,
//! keywords escaped.

/// Words of an identifier: split at `-`, `_` and lower-to-upper case changes.
fn words(id: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in id.chars() {
        if c == '-' || c == '_' || !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `dateOfHire` -> `DateOfHire`, `my-type` -> `MyType`.
pub(crate) fn upper_camel(id: &str) -> String {
    let mut s: String = words(id)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'T');
    }
    if s == "Self" {
        s.push('_');
    }
    s
}

/// `dateOfHire` -> `date_of_hire`; keywords become raw identifiers (`r#type`).
pub(crate) fn snake(id: &str) -> String {
    let mut s = words(id).iter().map(|w| w.to_ascii_lowercase()).collect::<Vec<_>>().join("_");
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'f');
    }
    match s.as_str() {
        "self" | "super" | "crate" => s + "_",
        k if KEYWORDS.contains(&k) => format!("r#{s}"),
        _ => s,
    }
}

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait",
    "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(upper_camel("PersonnelRecord"), "PersonnelRecord");
        assert_eq!(upper_camel("my-type"), "MyType");
        assert_eq!(snake("dateOfHire"), "date_of_hire");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("nameOfSpouse"), "name_of_spouse");
        assert_eq!(snake("a-b"), "a_b");
    }
}
