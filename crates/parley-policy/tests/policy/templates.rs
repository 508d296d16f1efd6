//! Generated templates: no drift from the schema, well-formed, complete.

use std::collections::BTreeSet;

use parley_policy::{KEYS, Policy, PolicyKey, generate, load_file, resolve};
use serde_json::json;

use crate::support::repo_root;

/// The committed files are exactly what the schema generates.
/// To update them: `cargo run -p parleyctl -- policy generate .` (or `PARLEY_POLICY_BLESS=1 cargo test`).
#[test]
fn committed_templates_and_docs_match_the_schema() {
    let root = repo_root();
    if std::env::var_os("PARLEY_POLICY_BLESS").is_some() {
        generate::write_all(&root).expect("write generated files");
    }
    let mut stale = Vec::new();
    for (path, generated) in generate::all() {
        let committed = std::fs::read_to_string(root.join(path)).unwrap_or_default();
        if committed != generated {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "generated files differ from the schema: {stale:?}; run `cargo run -p parleyctl -- policy generate .`"
    );
}

fn attr_refs(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .filter_map(|(i, _)| text[i + prefix.len()..].split(')').next().map(str::to_owned))
        .collect()
}

#[test]
fn admx_and_adml_are_well_formed_and_cover_every_key() {
    let definitions_text = generate::admx();
    let resources_text = generate::adml();
    let definitions = roxmltree::Document::parse(&definitions_text).expect("ADMX is well-formed XML");
    let resources = roxmltree::Document::parse(&resources_text).expect("ADML is well-formed XML");

    let policies: BTreeSet<&str> = definitions
        .descendants()
        .filter(|n| n.has_tag_name("policy"))
        .filter_map(|n| n.attribute("name"))
        .collect();
    for spec in KEYS {
        for name in [spec.name.to_owned(), format!("{}_recommended", spec.name)] {
            assert!(policies.contains(name.as_str()), "ADMX has no policy {name}");
        }
    }
    assert_eq!(policies.len(), 2 * KEYS.len());

    let strings: BTreeSet<&str> = resources
        .descendants()
        .filter(|n| n.has_tag_name("string"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    let presentations: BTreeSet<&str> = resources
        .descendants()
        .filter(|n| n.has_tag_name("presentation"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    for id in attr_refs(&definitions_text, "$(string.") {
        assert!(strings.contains(id.as_str()), "ADMX uses string {id} missing from the ADML");
    }
    for id in attr_refs(&definitions_text, "$(presentation.") {
        assert!(presentations.contains(id.as_str()), "ADMX uses presentation {id} missing from the ADML");
    }
    // Every element a presentation refers to exists in the ADMX.
    let element_ids: BTreeSet<&str> = definitions
        .descendants()
        .filter(|n| n.parent().is_some_and(|p| p.has_tag_name("elements")))
        .filter_map(|n| n.attribute("id"))
        .collect();
    for node in resources.descendants().filter(|n| n.attribute("refId").is_some()) {
        let id = node.attribute("refId").unwrap_or_default();
        assert!(element_ids.contains(id), "presentation refers to missing element {id}");
    }
    // Lists are written as numbered values in a subkey named after the key.
    let list = definitions
        .descendants()
        .find(|n| n.has_tag_name("list") && n.attribute("id") == Some("AllowedLinkSchemesDesc"))
        .expect("AllowedLinkSchemes is a list");
    assert_eq!(list.attribute("key"), Some(r"Software\Policies\Parley\AllowedLinkSchemes"));
    assert_eq!(list.attribute("valuePrefix"), Some(""));
}

#[test]
fn the_mobileconfig_is_a_plist_that_forces_every_hardened_default() {
    let text = generate::mobileconfig();
    let value = plist::Value::from_reader(std::io::Cursor::new(text.as_bytes())).expect("valid plist");
    let profile = value.as_dictionary().expect("a dictionary");
    assert_eq!(profile.get("PayloadType").and_then(plist::Value::as_string), Some("Configuration"));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.mobileconfig");
    std::fs::write(&path, text).expect("write");
    let resolved = resolve(&load_file(&path), &Vec::new());
    assert!(resolved.problems.is_empty(), "{:?}", resolved.problems);
    assert_eq!(resolved.policy, Policy::hardened_default());
    assert!(resolved.is_locked(PolicyKey::RequireEncryption));
}

#[test]
fn the_json_schema_accepts_the_example_and_rejects_bad_files() {
    let schema: serde_json::Value = serde_json::from_str(&generate::json_schema()).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let example: serde_json::Value =
        serde_json::from_str(&generate::linux_example()).expect("example is JSON");
    let errors: Vec<String> = validator.iter_errors(&example).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    for bad in [
        json!({ "RequireEncryption": "false" }),
        json!({ "MaxIncomingFileSizeMb": 0 }),
        json!({ "DlpMode": "OFF" }),
        json!({ "AllowedLinkSchemes": "https" }),
        json!({ "LoginMethods": ["magic"] }),
        json!({ "SendReadRecipts": true }),
        json!({ "FileScannerAddress": "clamd" }),
        json!([]),
    ] {
        assert!(!validator.is_valid(&bad), "schema accepted {bad}");
    }
    // The example in the packaging folder is a valid policy to Parley itself, too.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("e.json");
    std::fs::write(&path, generate::linux_example()).expect("write");
    let resolved = resolve(&load_file(&path), &Vec::new());
    assert!(resolved.problems.is_empty() && resolved.policy == Policy::hardened_default());
}

#[test]
fn the_admin_reference_documents_every_key_type_and_default() {
    let docs = generate::docs_markdown();
    for spec in KEYS {
        let row = format!(
            "| [`{}`](#{}) | {} | {} |",
            spec.name,
            spec.name.to_lowercase(),
            spec.kind.type_name(),
            spec.default_text
        );
        assert!(docs.contains(&row), "no table row for {}", spec.name);
        assert!(docs.contains(&format!("### {}\n", spec.name)), "no section for {}", spec.name);
    }
    for platform in ["### Linux", "### Windows", "### macOS"] {
        assert!(docs.contains(platform), "no {platform} example");
    }
}
