#!/usr/bin/env python3
"""Helper for tests/harness/synapse. Run it with the Synapse venv's python.

Subcommands:
  free-port                      print a free TCP port on 127.0.0.1
  write-config DIR PORT [FPORT]  write DIR/homeserver.yaml and DIR/log.config; with
                                 PARLEY_SYNAPSE_FEDERATION=1 also a federation TLS
                                 listener on FPORT (required then), server name
                                 127.0.0.1:FPORT and a fresh self-signed DIR/tls.crt;
                                 with PARLEY_SYNAPSE_LDAP=ldap://... (and
                                 PARLEY_SYNAPSE_LDAP_BASE) the matrix-synapse-ldap3
                                 password provider; with PARLEY_SYNAPSE_OIDC=ISSUER an
                                 OIDC provider "oidc-parley" (tests/harness/oidc)
  wait-health URL TIMEOUT [PIDFILE]
                                 poll URL/health until it answers "OK"; fail early
                                 if the pid in PIDFILE dies
  register URL SECRET USER PASS [--admin]
                                 shared-secret registration; prints @USER:SERVER_NAME
                                 (SERVER_NAME from $PARLEY_SYNAPSE_SERVER_NAME, default
                                 localhost; exit 0 also when the user already exists)
"""

import hashlib
import hmac
import json
import os
import secrets
import socket
import sys
import time
import urllib.error
import urllib.request

SERVER_NAME = "localhost"

# Rate limits that tests should never hit.
_RELAXED = {"per_second": 10000, "burst_count": 100000}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def federation_enabled() -> bool:
    return os.environ.get("PARLEY_SYNAPSE_FEDERATION", "") not in ("", "0")


def write_tls_cert(d: str) -> tuple[str, str]:
    """A throw-away self-signed certificate for the federation listener (peers do not
    check it: federation_verify_certificates is off). New on every start."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    key_path = os.path.join(d, "tls.key")
    cert_path = os.path.join(d, "tls.crt")
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            )
        )
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def write_config(d: str, port: int, fport: int | None = None) -> None:
    d = os.path.abspath(d)
    os.makedirs(d, exist_ok=True)
    secret_file = os.path.join(d, "registration_shared_secret")
    if os.path.exists(secret_file):
        with open(secret_file) as f:
            shared_secret = f.read().strip()
    else:
        shared_secret = secrets.token_hex(32)
        with open(secret_file, "w") as f:
            f.write(shared_secret)

    def keep(name: str) -> str:
        """Secrets that must survive a restart in the same DIR (tokens stay valid)."""
        p = os.path.join(d, name)
        if os.path.exists(p):
            with open(p) as f:
                return f.read().strip()
        v = secrets.token_hex(32)
        with open(p, "w") as f:
            f.write(v)
        return v

    log_config = os.path.join(d, "log.config")
    with open(log_config, "w") as f:
        f.write(
            f"""version: 1
formatters:
  precise:
    format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s'
handlers:
  file:
    class: logging.FileHandler
    formatter: precise
    filename: {json.dumps(os.path.join(d, "homeserver.log"))}
    encoding: utf8
  access:
    class: logging.FileHandler
    formatter: precise
    filename: {json.dumps(os.path.join(d, "access.log"))}
    encoding: utf8
loggers:
  # Every request, one line each: tests check what clients asked for (e.g. no preview_url).
  synapse.access:
    level: INFO
    handlers: [access]
    propagate: false
root:
  level: WARNING
  handlers: [file]
disable_existing_loggers: false
"""
        )

    relaxed = _RELAXED
    federating = fport is not None
    server_name = f"127.0.0.1:{fport}" if federating else SERVER_NAME
    cfg = {
        "server_name": server_name,
        "public_baseurl": f"http://127.0.0.1:{port}/",
        "pid_file": os.path.join(d, "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {
            "name": "sqlite3",
            "args": {"database": os.path.join(d, "homeserver.db")},
        },
        "log_config": log_config,
        "media_store_path": os.path.join(d, "media_store"),
        # The file-guard benchmark sends a 100 MB file (encrypted: a little more).
        "max_upload_size": "200M",
        "signing_key_path": os.path.join(
            d, "federation.signing.key" if federating else f"{SERVER_NAME}.signing.key"
        ),
        "registration_shared_secret": shared_secret,
        "macaroon_secret_key": keep("macaroon_secret_key"),
        "form_secret": keep("form_secret"),
        "enable_registration": True,
        "enable_registration_without_verification": True,
        "bcrypt_rounds": 4,
        "report_stats": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "url_preview_enabled": False,
        # Rate limits (keys as parsed by synapse/config/ratelimiting.py in 1.163.2).
        "rc_message": relaxed,
        "rc_registration": relaxed,
        "rc_registration_token_validity": relaxed,
        "rc_login": {
            "address": relaxed,
            "account": relaxed,
            "failed_attempts": relaxed,
        },
        "rc_admin_redaction": relaxed,
        "rc_joins": {"local": relaxed, "remote": relaxed},
        "rc_joins_per_room": relaxed,
        "rc_key_requests": relaxed,
        "rc_3pid_validation": relaxed,
        "rc_invites": {
            "per_room": relaxed,
            "per_user": relaxed,
            "per_issuer": relaxed,
        },
        "rc_third_party_invite": relaxed,
        "rc_media_create": relaxed,
        "rc_presence": {"per_user": relaxed},
        "rc_delayed_event_mgmt": relaxed,
        "rc_room_creation": relaxed,
        "rc_reports": relaxed,
        "rc_user_directory": relaxed,
        "rc_profile": relaxed,
        "federation_rr_transactions_per_room_per_second": 10000,
    }
    if federating:
        # Two (or more) of these on loopback federate with each other: the server name is
        # an IP literal with the federation port, so peers connect straight to it (no DNS,
        # no .well-known, no SRV), over TLS with a throw-away self-signed certificate.
        key_path, cert_path = write_tls_cert(d)
        cfg["listeners"].append(
            {
                "port": fport,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": True,
                "x_forwarded": False,
                "resources": [{"names": ["federation", "keys"], "compress": False}],
            }
        )
        cfg.update(
            {
                "tls_certificate_path": cert_path,
                "tls_private_key_path": key_path,
                # Test only: peers present self-signed certificates.
                "federation_verify_certificates": False,
                # Loopback peers: Synapse blocks private/loopback ranges by default
                # (0.0.0.0 and :: stay blocked whatever is configured).
                "ip_range_blacklist": [],
                "federation_ip_range_blacklist": [],
                # Never route loopback federation through a proxy from the environment.
                "no_proxy_hosts": ["127.0.0.1", "localhost"],
            }
        )
    ldap_uri = os.environ.get("PARLEY_SYNAPSE_LDAP")
    if ldap_uri:
        cfg["modules"] = [ldap_module(ldap_uri)]
    oidc_issuer = os.environ.get("PARLEY_SYNAPSE_OIDC")
    if oidc_issuer:
        cfg.update(oidc_config(oidc_issuer))
    # A test that needs other settings (e.g. short-lived access tokens) passes them as JSON.
    extra = os.environ.get("PARLEY_SYNAPSE_EXTRA")
    if extra:
        cfg.update(json.loads(extra))
    # JSON is valid YAML; avoids needing a YAML emitter.
    with open(os.path.join(d, "homeserver.yaml"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")


def ldap_module(uri: str) -> dict:
    """matrix-synapse-ldap3 as a password provider (tests/harness/ldap's directory).

    Search mode: for `m.login.password` with user "alice" (or "@alice:SERVER_NAME")
    Synapse searches BASE for uid=alice (anonymously, or as PARLEY_SYNAPSE_LDAP_BIND_DN
    with PARLEY_SYNAPSE_LDAP_BIND_PASSWORD if set), then binds as the entry it found
    with the password it was given. On success a Synapse user that does not exist yet
    is created, display name from cn, email from mail (simple mode, which only binds as
    uid=alice,BASE, would take neither). A failed bind falls through to Synapse's own
    password database, where such users have no password: 403 M_FORBIDDEN."""
    config = {
        "enabled": True,
        "mode": "search",
        "uri": uri,
        "start_tls": False,
        "base": os.environ.get("PARLEY_SYNAPSE_LDAP_BASE") or "ou=people,dc=parley,dc=test",
        "attributes": {"uid": "uid", "mail": "mail", "name": "cn"},
    }
    bind_dn = os.environ.get("PARLEY_SYNAPSE_LDAP_BIND_DN")
    if bind_dn:
        config["bind_dn"] = bind_dn
        config["bind_password"] = os.environ.get("PARLEY_SYNAPSE_LDAP_BIND_PASSWORD", "")
    return {"module": "ldap_auth_provider.LdapAuthProviderModule", "config": config}


def oidc_config(issuer: str) -> dict:
    """One OIDC identity provider (tests/harness/oidc) plus SSO settings for tests.

    Synapse prefixes idp_id with "oidc-": clients see the provider as "oidc-parley"
    (GET /_matrix/client/v3/login lists it under m.login.sso, and
    /_matrix/client/v3/login/sso/redirect/oidc-parley starts a login). The callback is
    /_synapse/client/oidc/callback on the client listener ("client" resource)."""
    return {
        "oidc_providers": [
            {
                "idp_id": "parley",
                "idp_name": "Parley Test IdP",
                "issuer": issuer,
                "client_id": "synapse",
                "client_secret": "parley-test-secret",
                "scopes": ["openid", "profile"],
                # Test only: the issuer is plain http on loopback, which discovery
                # validation (https issuer and endpoints) would reject.
                "skip_verification": True,
                # The provider's sub is the login name, so alice signs in as
                # @alice:SERVER_NAME without a "pick a username" page; a user that
                # already exists (e.g. registered with a password) is taken over
                # instead of failing with a mapping error.
                "user_mapping_provider": {
                    "config": {
                        "localpart_template": "{{ user.sub }}",
                        "display_name_template": "{{ user.name }}",
                    }
                },
                "allow_existing_users": True,
            }
        ],
        # Synapse normally shows a "Continue to your account" page before redirecting the
        # browser with the loginToken to a client it does not know; redirect URLs starting
        # with these prefixes (a desktop client's loopback listener) go straight through.
        # PARLEY_SYNAPSE_SSO_CONFIRM=1 keeps the page (tests of the confirmation step).
        "sso": {
            "client_whitelist": []
            if os.environ.get("PARLEY_SYNAPSE_SSO_CONFIRM", "") not in ("", "0")
            else ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"],
        },
    }


def _pid_dead(pidfile: str | None) -> bool:
    if not pidfile:
        return False
    try:
        with open(pidfile) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return False  # not written yet
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    return False


def wait_health(url: str, timeout: float, pidfile: str | None = None) -> int:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if _pid_dead(pidfile):
            print(f"synapse: process from {pidfile} exited during startup", file=sys.stderr)
            return 1
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=2) as r:
                body = r.read().decode(errors="replace").strip()
                if r.status == 200 and body == "OK":
                    return 0
                last = f"HTTP {r.status}: {body!r}"
        except Exception as e:  # noqa: BLE001 - connection refused etc.
            last = str(e)
        time.sleep(0.2)
    print(f"synapse: /health did not answer OK within {timeout}s (last: {last})", file=sys.stderr)
    return 1


def _request(method: str, url: str, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, {"raw": raw.decode(errors="replace")}


def register(url: str, shared_secret: str, user: str, password: str, admin: bool) -> int:
    user_id = f"@{user}:{os.environ.get('PARLEY_SYNAPSE_SERVER_NAME') or SERVER_NAME}"
    endpoint = url.rstrip("/") + "/_synapse/admin/v1/register"
    status, body = _request("GET", endpoint)
    if status != 200 or "nonce" not in body:
        print(f"synapse: cannot get registration nonce: HTTP {status} {body}", file=sys.stderr)
        return 1
    nonce = body["nonce"]
    # HMAC-SHA1 over nonce NUL user NUL password NUL admin|notadmin (no trailing NUL).
    mac = hmac.new(
        shared_secret.encode(),
        b"\x00".join(
            p.encode() for p in (nonce, user, password, "admin" if admin else "notadmin")
        ),
        hashlib.sha1,
    )
    status, body = _request(
        "POST",
        endpoint,
        {
            "nonce": nonce,
            "username": user,
            "password": password,
            "admin": admin,
            "mac": mac.hexdigest(),
        },
    )
    if status == 200:
        print(body.get("user_id", user_id))
        return 0
    if status == 400 and body.get("errcode") == "M_USER_IN_USE":
        print(user_id)
        return 0
    print(f"synapse: registering {user_id} failed: HTTP {status} {body}", file=sys.stderr)
    return 1


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[0], argv[1:]
    if cmd == "free-port" and not args:
        print(free_port())
        return 0
    if cmd == "write-config" and len(args) in (2, 3):
        if federation_enabled() != (len(args) == 3):
            print("write-config: FPORT is required with (only with) PARLEY_SYNAPSE_FEDERATION=1",
                  file=sys.stderr)
            return 2
        write_config(args[0], int(args[1]), int(args[2]) if len(args) == 3 else None)
        return 0
    if cmd == "wait-health" and len(args) in (2, 3):
        return wait_health(args[0], float(args[1]), args[2] if len(args) == 3 else None)
    if cmd == "register" and len(args) in (4, 5):
        admin = len(args) == 5
        if admin and args[4] != "--admin":
            print(__doc__, file=sys.stderr)
            return 2
        return register(args[0], args[1], args[2], args[3], admin)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
