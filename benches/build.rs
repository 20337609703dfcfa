//! Generates Rust types with PER and OER codecs from `asn1_schema.asn` for the `asn1_schema` bench
//! (`sg17_asn1_schema::codegen`), into `OUT_DIR/asn1_schema_generated.rs`, and the same types in
//! borrowed mode (zero-copy strings) into `OUT_DIR/asn1_schema_generated_borrowed.rs`.

fn main() {
    println!("cargo:rerun-if-changed=asn1_schema.asn");
    let src = std::fs::read_to_string("asn1_schema.asn").expect("asn1_schema.asn");
    let schema = sg17_asn1_schema::Schema::from_source(&src, "asn1_schema.asn").expect("schema");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    for (borrowed, file) in [(false, "asn1_schema_generated.rs"), (true, "asn1_schema_generated_borrowed.rs")]
    {
        let opts = sg17_asn1_schema::codegen::CodegenOptions {
            borrowed,
            ..sg17_asn1_schema::codegen::CodegenOptions::default()
        };
        let code = sg17_asn1_schema::codegen::generate(&schema, &opts).expect("codegen");
        std::fs::write(out.join(file), code).expect("write generated code");
    }
}
