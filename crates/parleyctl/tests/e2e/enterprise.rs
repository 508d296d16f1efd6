//! Enterprise sign-in against real services: a directory-backed homeserver (`OpenLDAP` with
//! Synapse's `matrix-synapse-ldap3` provider, standing in for Active Directory), single
//! sign-on through a local `OpenID` Connect provider driven by headless Chromium (standing in
//! for the system browser), the `LoginMethods` policy, and the end of a session the
//! organisation ended: the client notices, stops, and wipes its store and keyring entry.

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Command, Stdio},
};

use serde_json::{Value, json};

use crate::{
    restart::keyring_has,
    support::{
        Ctl, Homeserver, PrivateHomeserver, User, harness_dir, keyring_slot, let_listener_start,
        managed_policy,
    },
};

/// Runs a harness tool and returns its stdout; panics with its stderr on failure.
fn harness(tool: &str, args: &[&str]) -> String {
    let out = Command::new(harness_dir().join(tool)).args(args).output().expect("run a harness tool");
    assert!(out.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8").trim().to_owned()
}

/// A value from a harness tool's `DIR/env`.
fn env_value(dir: &Path, key: &str) -> String {
    let env = std::fs::read_to_string(dir.join("env")).expect("env file");
    env.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("{key} in env"))
        .to_owned()
}

/// An `OpenLDAP` directory of the test's own (`tests/harness/ldap`), stopped on drop.
struct Directory {
    dir: tempfile::TempDir,
}

impl Directory {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        harness("ldap", &["start", &path(&dir)]);
        Self { dir }
    }

    fn uri(&self) -> String {
        env_value(self.dir.path(), "PARLEY_TEST_LDAP_URI")
    }

    fn base(&self) -> String {
        env_value(self.dir.path(), "PARLEY_TEST_LDAP_BASE")
    }

    fn add_user(&self, uid: &str, password: &str, name: &str) {
        harness("ldap", &["add-user", &path(&self.dir), uid, password, name]);
    }

    fn disable_user(&self, uid: &str) {
        harness("ldap", &["disable-user", &path(&self.dir), uid]);
    }
}

impl Drop for Directory {
    fn drop(&mut self) {
        let _ = Command::new(harness_dir().join("ldap")).arg("stop").arg(self.dir.path()).output();
    }
}

/// A local `OpenID` Connect provider (`tests/harness/oidc`) for a Synapse on `synapse_port`.
struct IdentityProvider {
    dir: tempfile::TempDir,
    issuer: String,
}

impl IdentityProvider {
    fn start(synapse_port: u16) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let issuer = harness("oidc", &["start", &path(&dir), &synapse_port.to_string()]);
        Self { dir, issuer }
    }
}

impl Drop for IdentityProvider {
    fn drop(&mut self) {
        let _ = Command::new(harness_dir().join("oidc")).arg("stop").arg(self.dir.path()).output();
    }
}

fn path(dir: &tempfile::TempDir) -> String {
    dir.path().to_str().expect("utf-8 temp path").to_owned()
}

/// An admin's access token on `hs` (registered through the shared secret).
async fn admin_token(hs: &Homeserver) -> String {
    let name = format!("admin_{}", rand::random::<u32>());
    let password = format!("pw-{}", rand::random::<u64>());
    let synapse_dir = hs.synapse_dir().to_str().expect("utf-8").to_owned();
    let id = harness("synapse", &["register", &synapse_dir, &name, &password, "--admin"]);
    crate::support::raw_login(hs, &User { name, password, id }).await
}

/// Signs every device of `user_id` out through the Synapse admin API, as an administrator
/// offboarding someone does.
async fn admin_sign_out(hs: &Homeserver, token: &str, user_id: &str) {
    let http = reqwest::Client::new();
    let base = format!("{}/_synapse/admin/v2/users/{}", hs.url, crate::support::path_id(user_id));
    let devices: Value = http
        .get(format!("{base}/devices"))
        .bearer_auth(token)
        .send()
        .await
        .expect("devices")
        .json()
        .await
        .expect("json");
    let ids: Vec<&str> = devices["devices"]
        .as_array()
        .expect("devices")
        .iter()
        .filter_map(|d| d["device_id"].as_str())
        .collect();
    assert!(!ids.is_empty(), "the user has no device to sign out: {devices}");
    let out = http
        .post(format!("{base}/delete_devices"))
        .bearer_auth(token)
        .json(&json!({ "devices": ids }))
        .send()
        .await
        .expect("delete_devices");
    assert!(out.status().is_success(), "{out:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_directory_user_signs_in_with_the_directory_password_and_is_signed_out_and_wiped_when_disabled() {
    let directory = Directory::start();
    directory.add_user("dana", "directory-pass-1", "Dana Directory");
    let (uri, base) = (directory.uri(), directory.base());
    let private = PrivateHomeserver::start_with_env(&[
        ("PARLEY_SYNAPSE_LDAP", &uri),
        ("PARLEY_SYNAPSE_LDAP_BASE", &base),
    ]);
    let hs = private.homeserver();
    let dir = tempfile::tempdir().expect("tmp");
    let a = Ctl::new(&dir.path().join("dana"));

    let wrong = a.login_raw(&hs.url, "dana", "not-the-directory-password");
    assert_eq!(wrong.status.code(), Some(1), "{wrong:?}");
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("The user name or password is wrong."),
        "{wrong:?}"
    );
    let out = a.login_raw(&hs.url, "dana", "directory-pass-1");
    assert!(out.status.success(), "directory sign-in: {}", String::from_utf8_lossy(&out.stderr));
    let account: Value = serde_json::from_slice(&out.stdout).expect("login JSON");
    assert_eq!(account["user_id"], "@dana:localhost");
    let slot = keyring_slot(&a);
    assert!(keyring_has(&slot), "no keyring entry after sign-in");

    let listener = a
        .command(&["listen", "--json", "--timeout", "120"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("listen");
    let_listener_start();
    // Offboarding: the directory no longer lets Dana in, and the administrator signs her
    // devices out on the homeserver (disabling her in the directory alone ends no session).
    directory.disable_user("dana");
    let admin = admin_token(&hs).await;
    admin_sign_out(&hs, &admin, "@dana:localhost").await;

    let out = listener.wait_with_output().expect("listen");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("You were signed out by your organisation."),
        "{out:?}"
    );
    for gone in ["session.sealed", "profile.json", "store"] {
        assert!(!a.profile.join(gone).exists(), "{gone} was kept after the organisation ended the session");
    }
    assert!(!keyring_has(&slot), "the keyring entry was kept");
    let log = parley_core::audit::account_dir(&a.profile, "@dana:localhost");
    let audit = a.ok(&["audit", "show", "--json", log.to_str().expect("utf-8")]);
    assert!(audit.contains("\"ended_by_server\"") && audit.contains("\"local_data_wiped\""), "{audit}");

    let again = a.login_raw(&hs.url, "dana", "directory-pass-1");
    assert_eq!(again.status.code(), Some(1), "a disabled directory user signed in again: {again:?}");
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("The user name or password is wrong."),
        "{again:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn single_sign_on_through_the_organisations_identity_provider_in_a_browser() {
    let port = crate::support::free_port();
    let idp = IdentityProvider::start(port);
    let port_text = port.to_string();
    let private = PrivateHomeserver::start_with_env(&[
        ("PARLEY_SYNAPSE_PORT", &port_text),
        ("PARLEY_SYNAPSE_OIDC", &idp.issuer),
    ]);
    let hs = private.homeserver();
    assert!(
        hs.url.ends_with(&format!(":{port}")),
        "Synapse moved to {} (the provider expects {port})",
        hs.url
    );
    let dir = tempfile::tempdir().expect("tmp");
    let a = Ctl::new(&dir.path().join("erin"));

    let options: Value =
        serde_json::from_str(&a.ok(&["login-options", "--homeserver", &hs.url, "--json"])).expect("json");
    assert_eq!(options["sso"], true, "{options}");
    assert_eq!(options["password"], true, "{options}");
    assert_eq!(options["identity_providers"][0]["id"], "oidc-parley", "{options}");

    // IT allows single sign-on only: the password is refused before it leaves, in words.
    let sso_only = managed_policy(r#"{"LoginMethods": ["sso"]}"#);
    let mut login = a.login_command(&hs.url, "erin");
    login.env("PARLEY_POLICY_DIR", sso_only.path());
    let refused = Ctl::run_with_stdin(login, "whatever\n");
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("Your organisation does not allow signing in with a password; sign in with single sign-on instead."),
        "{refused:?}"
    );
    assert!(!a.profile.join("profile.json").exists(), "a refused sign-in left a profile behind");
    let mut narrowed = a.command(&["login-options", "--homeserver", &hs.url, "--json"]);
    narrowed.env("PARLEY_POLICY_DIR", sso_only.path());
    let narrowed: Value =
        serde_json::from_slice(&narrowed.output().expect("login-options").stdout).expect("json");
    assert_eq!(
        (narrowed["password"].clone(), narrowed["sso"].clone()),
        (json!(false), json!(true)),
        "{narrowed}"
    );
    assert_eq!(narrowed["restricted_by_policy"], true, "{narrowed}");

    let start_sso = || {
        let mut login = a.command(&[
            "login",
            "--homeserver",
            &hs.url,
            "--sso",
            "--idp",
            "oidc-parley",
            "--timeout",
            "120",
        ]);
        login.env("PARLEY_POLICY_DIR", sso_only.path());
        let mut child = login
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("login --sso");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        stdout.read_line(&mut first).expect("the sign-in address");
        let open: Value = serde_json::from_str(&first).unwrap_or_else(|e| panic!("{e}: {first}"));
        (child, stdout, open["open_in_browser"].as_str().expect("open_in_browser").to_owned())
    };

    // Cancelled while the browser is open (SIGTERM, as Ctrl-C): nothing is kept.
    let (child, _, _) = start_sso();
    let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(term.success());
    let out = child.wait_with_output().expect("login --sso");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Signing in was cancelled; nothing was saved."),
        "{out:?}"
    );
    crate::support::assert_empty_profile(&a, "a cancelled sign-in left files behind");

    let (mut child, mut stdout, url) = start_sso();
    assert!(
        url.starts_with(&format!("{}/_matrix/client/v3/login/sso/redirect/oidc-parley?", hs.url)),
        "{url}"
    );
    assert!(url.contains("redirectUrl=http%3A%2F%2F127.0.0.1%3A"), "not a loopback redirect: {url}");

    let browser = Command::new("node")
        .arg(harness_dir().join("sso-browser.mjs"))
        .args([url.as_str(), "erin"])
        .output()
        .expect("node sso-browser.mjs");
    assert!(browser.status.success(), "browser: {}", String::from_utf8_lossy(&browser.stderr));
    assert!(String::from_utf8_lossy(&browser.stdout).contains("You are signed in to Parley"), "{browser:?}");

    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).expect("stdout");
    let status = child.wait().expect("login --sso");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr).expect("stderr");
    assert!(status.success(), "login --sso: {stderr}");
    let account: Value = serde_json::from_str(rest.trim()).unwrap_or_else(|e| panic!("{e}: {rest}"));
    assert_eq!(account["user_id"], "@erin:localhost", "{account}");
    let who: Value = serde_json::from_str(&a.ok(&["whoami"])).expect("whoami JSON");
    assert_eq!(who["user_id"], "@erin:localhost");
    let audit = a.ok(&["audit", "show", "--json"]);
    assert!(audit.contains("\"method\":\"sso\""), "the sign-in's method was not recorded: {audit}");
}
