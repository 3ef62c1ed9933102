/// The committed `openapi/openapi.json` is what third-party clients and `web/` build from; it
/// must match what the code generates.
#[test]
fn committed_openapi_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let generated = tidings::openapi::json();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date with the code.\n\
         Regenerate it with:  make openapi\n\
         (which runs `cargo run -p tidings -- openapi > openapi/openapi.json`)"
    );
}
