//! Generates Rust types with PER and OER codecs from `asn1_schema.asn` for the `asn1_schema` bench
//! (`sg17_asn1_schema::codegen`), into `OUT_DIR/asn1_schema_generated.rs`.

fn main() {
    println!("cargo:rerun-if-changed=asn1_schema.asn");
    let src = std::fs::read_to_string("asn1_schema.asn").expect("asn1_schema.asn");
    let schema = sg17_asn1_schema::Schema::from_source(&src, "asn1_schema.asn").expect("schema");
    let code =
        sg17_asn1_schema::codegen::generate(&schema, &sg17_asn1_schema::codegen::CodegenOptions::default())
            .expect("codegen");
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("asn1_schema_generated.rs");
    std::fs::write(out, code).expect("write generated code");
}
