//! Templates and documentation generated from the schema.
//!
//! [`all`] returns every generated file with its path relative to the repository
//! root; `parleyctl policy generate` writes them and a test fails when the committed
//! copies differ, so the templates can never drift from the code.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::{
    kind::{EnumVariant, Item, Kind, MAX_LIST_ITEMS, MAX_STRING_LEN},
    schema::{KEYS, KeySpec, Policy},
    sources::{linux::DEFAULT_ROOT, macos::BUNDLE_ID, windows::POLICY_KEY_PATH},
};

/// Path of the JSON Schema for Linux policy files.
pub const SCHEMA_PATH: &str = "packaging/policy/linux/parley-policy.schema.json";
/// Path of the example Linux policy (every hardened default, to lock them all).
pub const LINUX_EXAMPLE_PATH: &str = "packaging/policy/linux/managed/parley-hardened.json";
/// Path of the ADMX template.
pub const ADMX_PATH: &str = "packaging/policy/windows/parley.admx";
/// Path of the English ADML resources.
pub const ADML_PATH: &str = "packaging/policy/windows/en-US/parley.adml";
/// Path of the example `.reg` file (every hardened default, mandatory).
pub const REG_EXAMPLE_PATH: &str = "packaging/policy/windows/parley-hardened.reg";
/// Path of the macOS configuration profile (every hardened default, forced).
pub const MOBILECONFIG_PATH: &str = "packaging/policy/macos/org.parley.desktop.mobileconfig";
/// Path of the administrator's policy reference.
pub const DOCS_PATH: &str = "docs/admin/policy.md";

/// Every generated file: `(path relative to the repository root, contents)`.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        (SCHEMA_PATH, json_schema()),
        (LINUX_EXAMPLE_PATH, linux_example()),
        (ADMX_PATH, admx()),
        (ADML_PATH, adml()),
        (REG_EXAMPLE_PATH, reg_example()),
        (MOBILECONFIG_PATH, mobileconfig()),
        (DOCS_PATH, docs_markdown()),
    ]
}

/// Writes every generated file under `root` (the repository root).
pub fn write_all(root: &std::path::Path) -> Result<Vec<std::path::PathBuf>, crate::PolicyError> {
    let mut written = Vec::new();
    for (relative, contents) in all() {
        let path = root.join(relative);
        let write = |path: &std::path::Path| -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, contents.as_bytes())
        };
        write(&path).map_err(|source| crate::PolicyError::Write { path: path.clone(), source })?;
        written.push(path);
    }
    Ok(written)
}

fn pretty(value: &Value) -> String {
    // Serialising a `Value` to a string cannot fail.
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// Hardened defaults of every key that has one (keys whose default is "none" are left out).
fn default_entries() -> Vec<(&'static KeySpec, Value)> {
    let defaults = Policy::hardened_default();
    KEYS.iter().map(|spec| (spec, defaults.get(spec.key))).filter(|(_, v)| !v.is_null()).collect()
}

fn enum_values(variants: &[EnumVariant]) -> Value {
    Value::from(variants.iter().map(|v| v.value).collect::<Vec<_>>())
}

fn string_schema(format: crate::StrFormat) -> Value {
    let mut schema = json!({ "type": "string", "maxLength": MAX_STRING_LEN });
    if let Some(pattern) = format.schema_pattern() {
        schema["pattern"] = Value::from(pattern);
    }
    schema
}

/// The JSON Schema (draft 2020-12) of a Linux policy file.
pub fn json_schema() -> String {
    let mut properties = Map::new();
    for spec in KEYS {
        let mut schema = match spec.kind {
            Kind::Bool => json!({ "type": "boolean" }),
            Kind::Int { min, max } => json!({ "type": "integer", "minimum": min, "maximum": max }),
            Kind::Str(format) => string_schema(format),
            Kind::Enum(variants) => json!({ "type": "string", "enum": enum_values(variants) }),
            Kind::List(item) => json!({
                "type": "array",
                "maxItems": MAX_LIST_ITEMS,
                "items": match item {
                    Item::Str(format) => string_schema(format),
                    Item::Enum(variants) => json!({ "type": "string", "enum": enum_values(variants) }),
                },
            }),
        };
        schema["description"] = Value::from(spec.description());
        properties.insert(spec.name.to_owned(), schema);
    }
    pretty(&json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://parley.invalid/policy.schema.json",
        "title": "Parley managed policy",
        "description": format!(
            "One Parley policy file in {DEFAULT_ROOT}/managed or {DEFAULT_ROOT}/recommended. Generated from crates/parley-policy; do not edit."
        ),
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
    }))
}

/// A Linux policy file setting every hardened default (drop it in `managed/` to lock them all).
pub fn linux_example() -> String {
    let map: Map<String, Value> =
        default_entries().into_iter().map(|(s, v)| (s.name.to_owned(), v)).collect();
    pretty(&Value::Object(map))
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The two policy flavours of each key in the ADMX: mandatory and recommended.
const ADMX_FLAVOURS: [(&str, &str, &str); 2] =
    [("", "parley", ""), ("_recommended", "parley_recommended", r"\Recommended")];

/// The ADMX template (Group Policy): each key as a mandatory and a recommended policy.
pub fn admx() -> String {
    let mut x = String::new();
    let _ = writeln!(x, r#"<?xml version="1.0" encoding="utf-8"?>"#);
    let _ = writeln!(x, "<!-- Generated from crates/parley-policy; do not edit. -->");
    let _ = writeln!(
        x,
        r#"<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">"#
    );
    x.push_str("  <policyNamespaces>\n    <target prefix=\"parley\" namespace=\"Parley.Policies\"/>\n    <using prefix=\"windows\" namespace=\"Microsoft.Policies.Windows\"/>\n  </policyNamespaces>\n");
    x.push_str("  <resources minRequiredRevision=\"1.0\"/>\n");
    x.push_str("  <supportedOn>\n    <definitions>\n      <definition name=\"SUPPORTED_PARLEY_0_1\" displayName=\"$(string.SUPPORTED_PARLEY_0_1)\"/>\n    </definitions>\n  </supportedOn>\n");
    x.push_str("  <categories>\n    <category name=\"parley\" displayName=\"$(string.parley)\"/>\n    <category name=\"parley_recommended\" displayName=\"$(string.parley_recommended)\"/>\n  </categories>\n");
    x.push_str("  <policies>\n");
    for (suffix, category, subkey) in ADMX_FLAVOURS {
        for spec in KEYS {
            admx_policy(&mut x, spec, suffix, category, &format!("Software\\Policies\\Parley{subkey}"));
        }
    }
    x.push_str("  </policies>\n</policyDefinitions>\n");
    x
}

fn admx_policy(x: &mut String, spec: &KeySpec, suffix: &str, category: &str, key: &str) {
    let name = spec.name;
    let presentation = if spec.kind == Kind::Bool {
        String::new()
    } else {
        format!(r#" presentation="$(presentation.{name})""#)
    };
    // Only boolean policies carry their value on the policy element; the others write it from `<elements>`.
    let value_name = if spec.kind == Kind::Bool { format!(r#" valueName="{name}""#) } else { String::new() };
    let _ = writeln!(
        x,
        r#"    <policy name="{name}{suffix}" class="Both" displayName="$(string.{name})" explainText="$(string.{name}_Explain)" key="{key}"{value_name}{presentation}>"#
    );
    let _ = writeln!(x, r#"      <parentCategory ref="{category}"/>"#);
    x.push_str("      <supportedOn ref=\"SUPPORTED_PARLEY_0_1\"/>\n");
    match spec.kind {
        Kind::Bool => x.push_str(
            "      <enabledValue><decimal value=\"1\"/></enabledValue>\n      <disabledValue><decimal value=\"0\"/></disabledValue>\n",
        ),
        Kind::Int { min, max } => {
            let _ = writeln!(
                x,
                r#"      <elements><decimal id="{name}" valueName="{name}" minValue="{min}" maxValue="{max}"/></elements>"#
            );
        }
        Kind::Str(_) => {
            let _ = writeln!(
                x,
                r#"      <elements><text id="{name}" valueName="{name}" maxLength="{MAX_STRING_LEN}"/></elements>"#
            );
        }
        Kind::Enum(variants) => {
            let _ = writeln!(x, r"      <elements>");
            let _ = writeln!(x, r#"        <enum id="{name}" valueName="{name}">"#);
            for v in variants {
                let id = string_id(name, v.value);
                let _ = writeln!(
                    x,
                    r#"          <item displayName="$(string.{id})"><value><string>{}</string></value></item>"#,
                    xml_escape(v.value)
                );
            }
            x.push_str("        </enum>\n      </elements>\n");
        }
        Kind::List(_) => {
            let _ = writeln!(
                x,
                r#"      <elements><list id="{name}Desc" key="{key}\{name}" valuePrefix=""/></elements>"#
            );
        }
    }
    x.push_str("    </policy>\n");
}

fn string_id(key: &str, value: &str) -> String {
    format!("{key}_{}", value.replace('-', "_"))
}

/// The English ADML resources for [`admx`].
pub fn adml() -> String {
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- Generated from crates/parley-policy; do not edit. -->\n");
    x.push_str("<policyDefinitionResources xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" revision=\"1.0\" schemaVersion=\"1.0\" xmlns=\"http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions\">\n");
    x.push_str("  <displayName>Parley</displayName>\n  <description>Parley managed policy</description>\n  <resources>\n    <stringTable>\n");
    let mut string = |id: &str, text: &str| {
        let _ = writeln!(x, r#"      <string id="{id}">{}</string>"#, xml_escape(text));
    };
    string("SUPPORTED_PARLEY_0_1", "Parley 0.1 and later");
    string("parley", "Parley");
    string("parley_recommended", "Parley - Default Settings (users can override)");
    for spec in KEYS {
        string(spec.name, spec.summary());
        string(
            &format!("{}_Explain", spec.name),
            &format!(
                "{}\n\nType: {}. Hardened default: {}.\nRegistry value: {}{}.",
                spec.description(),
                spec.kind.type_name().replace('`', "").replace("\\|", "|"),
                spec.default_text.replace('`', ""),
                spec.name,
                if matches!(spec.kind, Kind::List(_)) {
                    " (a subkey with values named 1, 2, 3, ...)"
                } else {
                    ""
                },
            ),
        );
        if let Kind::Enum(variants) = spec.kind {
            for v in variants {
                string(&string_id(spec.name, v.value), &format!("{} ({})", v.value, v.doc));
            }
        }
    }
    x.push_str("    </stringTable>\n    <presentationTable>\n");
    for spec in KEYS {
        let name = spec.name;
        let label = xml_escape(spec.summary());
        let element = match spec.kind {
            Kind::Bool => continue,
            Kind::Int { .. } => format!(r#"<decimalTextBox refId="{name}">{label}</decimalTextBox>"#),
            Kind::Str(_) => format!(r#"<textBox refId="{name}"><label>{label}</label></textBox>"#),
            Kind::Enum(_) => format!(r#"<dropdownList refId="{name}">{label}</dropdownList>"#),
            Kind::List(_) => format!(r#"<listBox refId="{name}Desc">{label}</listBox>"#),
        };
        let _ = writeln!(x, r#"      <presentation id="{name}">{element}</presentation>"#);
    }
    x.push_str("    </presentationTable>\n  </resources>\n</policyDefinitionResources>\n");
    x
}

fn reg_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A `.reg` file setting every hardened default as mandatory machine policy.
pub fn reg_example() -> String {
    let base = format!(r"HKEY_LOCAL_MACHINE\{POLICY_KEY_PATH}");
    let mut x = String::from("Windows Registry Editor Version 5.00\r\n\r\n");
    let _ = write!(
        x,
        "; Generated from crates/parley-policy; do not edit.\r\n; Every hardened default, locked.\r\n\r\n[{base}]\r\n"
    );
    let mut lists = Vec::new();
    for (spec, value) in default_entries() {
        match value {
            Value::Bool(b) => {
                let _ = write!(x, "{}=dword:{:08x}\r\n", reg_string(spec.name), u32::from(b));
            }
            Value::Number(n) => {
                let _ = write!(x, "{}=dword:{:08x}\r\n", reg_string(spec.name), n.as_u64().unwrap_or(0));
            }
            Value::String(s) => {
                let _ = write!(x, "{}={}\r\n", reg_string(spec.name), reg_string(&s));
            }
            Value::Array(items) => lists.push((spec.name, items)),
            Value::Null | Value::Object(_) => {}
        }
    }
    for (name, items) in lists {
        let _ = write!(x, "\r\n[{base}\\{name}]\r\n");
        for (i, item) in items.iter().enumerate() {
            let _ = write!(x, "\"{}\"={}\r\n", i + 1, reg_string(item.as_str().unwrap_or_default()));
        }
    }
    x
}

fn json_to_plist(value: &Value) -> plist::Value {
    match value {
        Value::Bool(b) => plist::Value::Boolean(*b),
        Value::Number(n) => n
            .as_i64()
            .map_or(plist::Value::Real(n.as_f64().unwrap_or(0.0)), |i| plist::Value::Integer(i.into())),
        Value::String(s) => plist::Value::String(s.clone()),
        Value::Array(items) => plist::Value::Array(items.iter().map(json_to_plist).collect()),
        Value::Object(map) => {
            plist::Value::Dictionary(map.iter().map(|(k, v)| (k.clone(), json_to_plist(v))).collect())
        }
        Value::Null => plist::Value::String(String::new()),
    }
}

/// A configuration profile that forces every hardened default (install with MDM).
pub fn mobileconfig() -> String {
    let mut payload = plist::Dictionary::new();
    for (key, value) in [
        ("PayloadType", BUNDLE_ID),
        ("PayloadVersion", ""),
        ("PayloadIdentifier", "org.parley.desktop.policy.settings"),
        ("PayloadUUID", "6F1C2E34-5A0B-4C8D-9E7F-1A2B3C4D5E61"),
        ("PayloadDisplayName", "Parley policy"),
    ] {
        let value = if key == "PayloadVersion" {
            plist::Value::Integer(1.into())
        } else {
            plist::Value::String(value.into())
        };
        payload.insert(key.into(), value);
    }
    for (spec, value) in default_entries() {
        payload.insert(spec.name.into(), json_to_plist(&value));
    }
    let mut profile = plist::Dictionary::new();
    profile.insert("PayloadContent".into(), plist::Value::Array(vec![plist::Value::Dictionary(payload)]));
    for (key, value) in [
        ("PayloadDescription", "Locks every Parley hardened default. Generated from crates/parley-policy."),
        ("PayloadDisplayName", "Parley hardened defaults"),
        ("PayloadIdentifier", "org.parley.desktop.policy"),
        ("PayloadScope", "System"),
        ("PayloadType", "Configuration"),
        ("PayloadUUID", "0B6E5C1A-2D3F-4E5A-8B9C-7D6E5F4A3B21"),
    ] {
        profile.insert(key.into(), plist::Value::String(value.into()));
    }
    profile.insert("PayloadVersion".into(), plist::Value::Integer(1.into()));
    let mut out = Vec::new();
    // Writing XML into a Vec cannot fail for these value types; an empty template
    // would fail the drift and parse tests loudly.
    let _ = plist::Value::Dictionary(profile).to_writer_xml(&mut out);
    let mut text = String::from_utf8(out).unwrap_or_default();
    text.push('\n');
    text
}

/// `docs/admin/policy.md`: every key with its type, default and meaning, and an example per platform.
pub fn docs_markdown() -> String {
    let mut d = String::new();
    d.push_str(
        "<!-- Generated from crates/parley-policy (`parleyctl policy generate .`); do not edit. -->\n",
    );
    d.push_str("# Parley policy reference\n\n");
    d.push_str(
        "IT sets Parley's behaviour with managed policy. Every key below has a hardened default that\n",
    );
    d.push_str("applies when no policy sets it. A **mandatory** value is enforced and shown in the app as\n");
    d.push_str("\"Set by your organisation\"; a **recommended** value applies unless a stronger source sets the key.\n\n");
    d.push_str("## Precedence\n\nStrongest first: machine mandatory → user mandatory → machine recommended → user recommended →\n");
    d.push_str("the user's own settings → built-in hardened defaults.\n\n");
    d.push_str("## Fail-safe rules\n\n");
    d.push_str("- A file that does not parse (syntax error, not UTF-8, larger than 1 MiB, nested deeper than 16 levels,\n");
    d.push_str("  not an object) is ignored as a whole and reported.\n");
    d.push_str("- A key with a bad value keeps the **hardened default** at that level (never the user's own looser value) and is reported.\n");
    d.push_str("- Unknown keys are reported and ignored.\n");
    d.push_str("- When two files of one level set a key differently, the last file in name order wins and the conflict is reported.\n");
    d.push_str("- Linux files not owned by root, or writable by other users, are refused and reported.\n\n");
    d.push_str(
        "Check files before deploying them with `parleyctl policy check FILE…` (`.json`, `.reg`, `.plist`,\n",
    );
    d.push_str(
        "`.mobileconfig`); see what is in force with `parleyctl policy explain [--json]`. Changes apply\n",
    );
    d.push_str("without restarting Parley.\n\n");
    d.push_str("## Locations\n\n");
    let _ = writeln!(
        d,
        "| Platform | Mandatory | Recommended |\n|---|---|---|\n\
         | Linux | `{DEFAULT_ROOT}/managed/*.json` | `{DEFAULT_ROOT}/recommended/*.json` |\n\
         | Windows | `HKLM\\{POLICY_KEY_PATH}`, `HKCU\\{POLICY_KEY_PATH}` | the same keys' `Recommended` subkey |\n\
         | macOS | managed preferences for `{BUNDLE_ID}` (forced), machine or per user | `/Library/Preferences/{BUNDLE_ID}.plist` |\n"
    );
    d.push_str("Templates: `packaging/policy/linux/parley-policy.schema.json` (JSON Schema), `packaging/policy/windows/parley.admx`\n");
    d.push_str("with `en-US/parley.adml` (Group Policy), `packaging/policy/macos/org.parley.desktop.mobileconfig` (configuration\n");
    d.push_str("profile). Each platform folder also has a file that locks every hardened default.\n\n");
    d.push_str("## Keys\n\n| Key | Type | Hardened default |\n|---|---|---|\n");
    for spec in KEYS {
        let _ = writeln!(
            d,
            "| [`{0}`](#{1}) | {2} | {3} |",
            spec.name,
            spec.name.to_lowercase(),
            spec.kind.type_name(),
            spec.default_text
        );
    }
    d.push('\n');
    for spec in KEYS {
        let _ = writeln!(d, "### {}\n\n{}\n", spec.name, spec.description());
        let _ = writeln!(d, "- Type: {}", spec.kind.type_name());
        let _ = writeln!(d, "- Hardened default: {}", spec.default_text);
        match spec.kind {
            Kind::Enum(variants) | Kind::List(Item::Enum(variants)) => {
                d.push_str("- Values:\n");
                for v in variants {
                    let _ = writeln!(d, "  - `{}`: {}", v.value, v.doc);
                }
            }
            Kind::List(_) => {
                let _ = writeln!(
                    d,
                    "- At most {MAX_LIST_ITEMS} items; Windows: a subkey `{}` with values `1`, `2`, …",
                    spec.name
                );
            }
            _ => {}
        }
        d.push('\n');
    }
    d.push_str("## Examples\n\nEach example requires encryption, allows links only over `https`, and sets the file scanner.\n\n");
    d.push_str("### Linux\n\n`/etc/parley/policies/managed/10-security.json` (owned by root, mode 0644):\n\n```json\n");
    d.push_str("{\n  \"RequireEncryption\": true,\n  \"AllowedLinkSchemes\": [\"https\"],\n  \"FileScannerAddress\": \"unix:/run/clamav/clamd.ctl\"\n}\n```\n\n");
    d.push_str("### Windows\n\nWith Group Policy (copy `parley.admx` and `en-US/parley.adml` to `PolicyDefinitions`), or as a `.reg` file:\n\n```reg\n");
    let _ = write!(
        d,
        "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\{POLICY_KEY_PATH}]\n\"RequireEncryption\"=dword:00000001\n\"FileScannerAddress\"=\"unix:/run/clamav/clamd.ctl\"\n\n[HKEY_LOCAL_MACHINE\\{POLICY_KEY_PATH}\\AllowedLinkSchemes]\n\"1\"=\"https\"\n```\n\n"
    );
    d.push_str("### macOS\n\nIn a configuration profile, a payload of type `org.parley.desktop` (see the template):\n\n```xml\n");
    d.push_str("<dict>\n  <key>PayloadType</key><string>org.parley.desktop</string>\n  <key>RequireEncryption</key><true/>\n");
    d.push_str("  <key>AllowedLinkSchemes</key><array><string>https</string></array>\n");
    d.push_str("  <key>FileScannerAddress</key><string>unix:/run/clamav/clamd.ctl</string>\n</dict>\n```\n");
    d
}
