//! Shared helpers: the test homeserver (started by `make test` through
//! `tests/harness/synapse`) and a runner for the real `parleyctl` binary.

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::{Child, Command, Output, Stdio},
    time::Duration,
};

use rand::Rng;
use serde_json::Value;

/// The homeserver the harness started; its address comes from the environment.
pub struct Homeserver {
    pub url: String,
    synapse_dir: PathBuf,
    server_name: String,
}

impl Homeserver {
    /// Panics with instructions when the harness is not running: these tests need a real Synapse.
    pub fn from_env() -> Self {
        let url = std::env::var("PARLEY_TEST_HOMESERVER").unwrap_or_else(|_| {
            panic!("PARLEY_TEST_HOMESERVER is not set: run these tests through `make test` (tests/run-e2e)")
        });
        let synapse_dir = std::env::var("PARLEY_TEST_SYNAPSE_DIR")
            .expect("PARLEY_TEST_SYNAPSE_DIR with PARLEY_TEST_HOMESERVER");
        let server_name = std::env::var("PARLEY_TEST_SERVER_NAME").unwrap_or_else(|_| "localhost".to_owned());
        Self { url, synapse_dir: synapse_dir.into(), server_name }
    }

    /// The Matrix server name (the part after the colon in user ids): `localhost`, or
    /// `127.0.0.1:FPORT` for a federating one.
    pub fn server_name(&self) -> &str {
        &self.server_name
    }

    /// The homeserver's folder (configuration, database, logs).
    pub fn synapse_dir(&self) -> &Path {
        &self.synapse_dir
    }

    /// The harness's request log: one line per request the homeserver received.
    pub fn access_log(&self) -> PathBuf {
        self.synapse_dir.join("access.log")
    }

    /// Registers a fresh user named `{prefix}{random}`; returns (localpart, password, user id
    /// `@{name}:{server_name}`).
    pub fn new_user(&self, prefix: &str) -> User {
        let suffix: u32 = rand::thread_rng().r#gen();
        let name = format!("{prefix}{suffix:08x}");
        let password = format!("pw-{name}-{suffix}");
        let out = Command::new(harness_dir().join("synapse"))
            .args(["register"])
            .arg(&self.synapse_dir)
            .args([&name, &password])
            .output()
            .expect("run tests/harness/synapse register");
        assert!(out.status.success(), "register {name}: {}", String::from_utf8_lossy(&out.stderr));
        let user_id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        assert_eq!(user_id, format!("@{name}:{}", self.server_name), "registered on another server?");
        User { name, password, id: user_id }
    }
}

/// A homeserver of one test's own, for tests that kill and restart it.
/// Stopped (and its folder removed) on drop.
pub struct PrivateHomeserver {
    dir: tempfile::TempDir,
    port: String,
    server_name: String,
}

impl PrivateHomeserver {
    pub fn start() -> Self {
        Self::start_with("{}")
    }

    /// With extra Synapse settings (JSON merged into its configuration).
    pub fn start_with(settings: &str) -> Self {
        Self::launch(settings, false, &[])
    }

    /// With extra harness environment (`PARLEY_SYNAPSE_LDAP`, `PARLEY_SYNAPSE_OIDC`,
    /// `PARLEY_SYNAPSE_PORT`…; tests/harness/README.md).
    pub fn start_with_env(env: &[(&str, &str)]) -> Self {
        Self::launch("{}", false, env)
    }

    /// One that federates: server name `127.0.0.1:FPORT` with a TLS federation listener on
    /// FPORT (`PARLEY_SYNAPSE_FEDERATION=1`, tests/harness/README.md), so any two of these
    /// talk to each other over loopback. Its users are `@name:127.0.0.1:FPORT`.
    pub fn start_federating() -> Self {
        Self::launch("{}", true, &[])
    }

    fn launch(settings: &str, federating: bool, env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut start = Command::new(harness_dir().join("synapse"));
        start.arg("start").arg(dir.path().join("hs")).env("PARLEY_SYNAPSE_EXTRA", settings);
        if federating {
            start.env("PARLEY_SYNAPSE_FEDERATION", "1");
        } else {
            start.env_remove("PARLEY_SYNAPSE_FEDERATION");
        }
        start.envs(env.iter().copied());
        let out = start.output().expect("run tests/harness/synapse start");
        assert!(out.status.success(), "start synapse: {}", String::from_utf8_lossy(&out.stderr));
        let url = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let port = url.rsplit(':').next().expect("port in URL").to_owned();
        let env = std::fs::read_to_string(dir.path().join("hs/env")).expect("synapse env file");
        let server_name = env
            .lines()
            .find_map(|l| l.strip_prefix("PARLEY_TEST_SERVER_NAME="))
            .unwrap_or("localhost")
            .to_owned();
        assert_eq!(federating, server_name != "localhost", "federating server name: {server_name}");
        Self { dir, port, server_name }
    }

    /// The Matrix server name: `localhost`, or `127.0.0.1:FPORT` when federating.
    pub fn server_name(&self) -> &str {
        &self.server_name
    }

    /// A handle for registering users and logging in.
    pub fn homeserver(&self) -> Homeserver {
        Homeserver {
            url: format!("http://127.0.0.1:{}", self.port),
            synapse_dir: self.dir.path().join("hs"),
            server_name: self.server_name.clone(),
        }
    }

    /// SIGKILL: the homeserver vanishes mid-whatever, as in a crash or power loss.
    pub fn kill(&self) {
        let pid = std::fs::read_to_string(self.dir.path().join("hs/homeserver.pid")).expect("pid file");
        let status = Command::new("kill").args(["-KILL", pid.trim()]).status().expect("kill");
        assert!(status.success(), "kill synapse");
        // Wait until the port no longer answers.
        for _ in 0..100 {
            if std::net::TcpStream::connect(format!("127.0.0.1:{}", self.port)).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("synapse still answers after SIGKILL");
    }

    /// Starts it again on the same address, with its database intact.
    pub fn restart(&self) {
        let out = Command::new(harness_dir().join("synapse"))
            .arg("start")
            .arg(self.dir.path().join("hs"))
            .env("PARLEY_SYNAPSE_PORT", &self.port)
            .output()
            .expect("run tests/harness/synapse start");
        assert!(out.status.success(), "restart synapse: {}", String::from_utf8_lossy(&out.stderr));
        let url = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        assert!(url.ends_with(&format!(":{}", self.port)), "restarted on another port: {url}");
    }
}

impl Drop for PrivateHomeserver {
    fn drop(&mut self) {
        let _ =
            Command::new(harness_dir().join("synapse")).arg("stop").arg(self.dir.path().join("hs")).output();
    }
}

/// A registered test user.
pub struct User {
    pub name: String,
    pub password: String,
    pub id: String,
}

/// A loopback port nothing listens on right now (the system's pick).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

pub fn harness_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).to_owned(), PathBuf::from)
        .join("../../tests/harness")
}

/// One `parleyctl` profile.
pub struct Ctl {
    pub profile: PathBuf,
}

impl Ctl {
    pub fn new(profile: &Path) -> Self {
        Self { profile: profile.to_owned() }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_parleyctl"));
        cmd.arg("--profile").arg(&self.profile).args(args);
        cmd.env_remove("PARLEY_STORE_PASSPHRASE").env_remove("PARLEY_LOG");
        cmd
    }

    /// Runs a command with `stdin` on standard input.
    pub fn run_with_stdin(mut cmd: Command, stdin: &str) -> Output {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn parleyctl");
        child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
        child.wait_with_output().expect("wait parleyctl")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().expect("run parleyctl")
    }

    /// Runs and requires success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "parleyctl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    pub fn login(&self, hs: &Homeserver, user: &User) -> Value {
        let out = self.login_raw(&hs.url, &user.name, &user.password);
        assert!(out.status.success(), "login {}: {}", user.name, String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("login prints JSON")
    }

    pub fn login_raw(&self, homeserver: &str, user: &str, password: &str) -> Output {
        Self::run_with_stdin(self.login_command(homeserver, user), &format!("{password}\n"))
    }

    /// The `login` command (password on stdin), for tests that change its environment.
    pub fn login_command(&self, homeserver: &str, user: &str) -> Command {
        self.command(&["login", "--homeserver", homeserver, "--user", user, "--password-stdin"])
    }

    /// Starts `listen` in the background until `count` messages arrived.
    pub fn listen(&self, count: usize, timeout: Duration) -> Child {
        self.command(&[
            "listen",
            "--json",
            "--count",
            &count.to_string(),
            "--timeout",
            &timeout.as_secs().to_string(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn listen")
    }
}

/// Parses JSON lines from a finished `listen`.
pub fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Waits for a background `listen` and returns its messages (kind = "message").
pub fn messages_from(child: Child) -> Vec<Value> {
    let out = child.wait_with_output().expect("wait listen");
    assert!(out.status.success(), "listen failed: {}", String::from_utf8_lossy(&out.stderr));
    json_lines(&out).into_iter().filter(|v| v["kind"] == "message").collect()
}

/// Gives a background `listen` time to reach its first sync before something is sent.
pub fn let_listener_start() {
    std::thread::sleep(Duration::from_secs(4));
}

/// Logs in over the plain Client-Server API (a client other than Parley); returns the token.
pub async fn raw_login(hs: &Homeserver, user: &User) -> String {
    let login: Value = reqwest::Client::new()
        .post(format!("{}/_matrix/client/v3/login", hs.url))
        .json(&serde_json::json!({
            "type": "m.login.password",
            "identifier": { "type": "m.id.user", "user": user.name },
            "password": user.password,
        }))
        .send()
        .await
        .expect("login request")
        .json()
        .await
        .expect("login JSON");
    login["access_token"].as_str().expect("access token").to_owned()
}

/// Creates a room as another client would (plain HTTP as `token`'s owner); returns its id.
pub async fn create_room(hs: &Homeserver, token: &str, body: &Value) -> String {
    let created: Value = reqwest::Client::new()
        .post(format!("{}/_matrix/client/v3/createRoom", hs.url))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("createRoom")
        .json()
        .await
        .expect("createRoom JSON");
    created["room_id"].as_str().expect("room_id").to_owned()
}

/// Percent-encodes a Matrix id for a URL path segment.
pub fn path_id(id: &str) -> String {
    id.replace('!', "%21").replace('$', "%24").replace(':', "%3A").replace('@', "%40")
}

/// Direct Client-Server API access, to check what the server really stores.
pub async fn server_event(hs: &Homeserver, user: &User, room_id: &str, event_id: &str) -> Value {
    let token = raw_login(hs, user).await;
    reqwest::Client::new()
        .get(format!("{}/_matrix/client/v3/rooms/{}/event/{}", hs.url, path_id(room_id), path_id(event_id)))
        .bearer_auth(token)
        .send()
        .await
        .expect("event request")
        .json()
        .await
        .expect("event JSON")
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() { stack.push(path) } else { out.push(path) }
        }
    }
    out
}

/// Two signed-in users with an encrypted DM that both have joined.
pub struct DmPair {
    pub alice: User,
    pub bob: User,
    pub a: Ctl,
    pub b: Ctl,
    pub room_id: String,
    _dir: tempfile::TempDir,
}

impl DmPair {
    /// On the shared test homeserver.
    pub fn new() -> Self {
        Self::on(&Homeserver::from_env())
    }

    /// On a given homeserver.
    pub fn on(hs: &Homeserver) -> Self {
        Self::on_via(hs, &hs.url)
    }

    /// On a given homeserver, with A reaching it at `a_url` (a fault proxy in front of it).
    pub fn on_via(hs: &Homeserver, a_url: &str) -> Self {
        let (alice, bob) = (hs.new_user("alice"), hs.new_user("bob"));
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (Ctl::new(&dir.path().join("alice")), Ctl::new(&dir.path().join("bob")));
        let out = a.login_raw(a_url, &alice.name, &alice.password);
        assert!(out.status.success(), "login {}: {}", alice.name, String::from_utf8_lossy(&out.stderr));
        b.login(hs, &bob);
        let created: Value =
            serde_json::from_str(&a.ok(&["dm", "create", &bob.id, "--json"])).expect("dm JSON");
        let room_id = created["room_id"].as_str().expect("room_id").to_owned();
        b.ok(&["join", &room_id]);
        // A syncs once B is a member, so A holds B's device keys before B's first room key
        // arrives (a key received from an unknown device stays untrusted; see the session notes).
        a.ok(&["rooms", "--json"]);
        Self { alice, bob, a, b, room_id, _dir: dir }
    }
}

/// The keyring slot (`profile-<id>`) that holds a profile's master key.
pub fn keyring_slot(ctl: &Ctl) -> String {
    let meta: Value =
        serde_json::from_slice(&std::fs::read(ctl.profile.join("profile.json")).expect("profile.json"))
            .expect("profile.json is JSON");
    format!("profile-{}", meta["profile_id"].as_str().expect("profile_id"))
}

/// Asserts that nothing at all was left in a profile folder.
/// Nothing but the audit log is left in the profile (the log is the organisation's record
/// and outlives sign-out; it holds no secret, which the audit tests check).
pub fn assert_empty_profile(ctl: &Ctl, why: &str) {
    let audit = ctl.profile.join("audit");
    let left: Vec<PathBuf> =
        files_under(&ctl.profile).into_iter().filter(|f| !f.starts_with(&audit)).collect();
    assert!(left.is_empty(), "{why}: {left:?}");
}

/// A policy root for `PARLEY_POLICY_DIR` with one mandatory (managed) file holding `json`,
/// with the ownership and modes the policy loader insists on.
pub fn managed_policy(json: &str) -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let policy = tempfile::tempdir().expect("temp dir");
    let managed = policy.path().join("managed");
    std::fs::create_dir(&managed).expect("managed dir");
    std::fs::write(managed.join("test.json"), json).expect("policy file");
    for p in [policy.path(), managed.as_path()] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    std::fs::set_permissions(managed.join("test.json"), std::fs::Permissions::from_mode(0o644))
        .expect("chmod");
    policy
}
