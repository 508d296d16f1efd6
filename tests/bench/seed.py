#!/usr/bin/env python3
"""Seeds a running harness Synapse for the initial-sync benchmark (stdlib only).

    seed.py SYNAPSE_DIR --rooms 200 --events 20000 --accounts 5 [--big 50] [--threads 8]
            [--files 0.02] [--room-version 10] [--encrypted]
    seed.py SYNAPSE_DIR --check-marker ARGS...   # exit 0: no marker or the same parameters, 3: other ones

Every benchmark account (bench1..benchK, password "bench-password") sees exactly
--rooms rooms and --events timeline events (text, replies, edits, reactions):

- shared group rooms: all K benchmark accounts plus other users (the largest room has
  --big members, the others 2..10 extra members);
- 30 % of each account's rooms are its own direct chats (is_direct + m.direct) with one
  other user, so every account has DMs of its own;
- with --files F, a share F of the events are file offers (m.file pointing at one small
  uploaded text file; unencrypted, so no `file` key with keys as in an encrypted room);
- with --room-version V, rooms are created with that room version (the server's default
  otherwise). nheko 0.11.3 cannot parse the m.room.create of versions 11 and 12 (no
  `creator`): it logs every such event and treats the room as version 1.

Separate accounts because each cold-start run signs in a fresh device, and a second
device of one account cannot cross-sign itself without the first one (Parley's
sign-in waits for that).

Without --encrypted, rooms are unencrypted and the events are sent here over plain HTTP.
With it, rooms are created encrypted and the events (only other users send, see
write_plan) are written to SYNAPSE_DIR/bench-plan.json for the Rust sender
(parley-core's example bench_seed_e2ee): plain HTTP cannot produce Megolm ciphertext.

Idempotent: writes SYNAPSE_DIR/bench-seed.json when done; a later run with the same
parameters prints it and exits at once. Prints that JSON (accounts, counts) on stdout.
"""

import argparse
import collections
import concurrent.futures as cf
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SYNAPSE = os.path.join(HERE, "..", "harness", "synapse")
PASSWORD = "bench-password"
DM_SHARE = 0.3
FILE_BYTES = b"Minutes of the benchmark meeting: nothing to report.\n" * 20
EMOJI = ["👍", "❤️", "😂", "🎉", "👀", "🚀", "✅", "🙏"]
WORDS = ("the quick brown fox jumps over a lazy dog while parley syncs two hundred rooms "
         "and twenty thousand events from the local homeserver for a benchmark run").split()

_local = threading.local()


def log(msg):
    print(f"seed: {msg}", file=sys.stderr, flush=True)


class Api:
    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port

    def conn(self):
        c = getattr(_local, "conn", None)
        if c is None:
            c = _local.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        return c

    def call(self, method, path, token=None, body=None, ok_codes=(200,), raw=None, content_type=None):
        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": content_type or "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        for attempt in range(8):
            try:
                c = self.conn()
                c.request(method, path, body=data, headers=headers)
                resp = c.getresponse()
                raw = resp.read()
            except (OSError, http.client.HTTPException) as e:
                _local.conn = None
                if attempt == 7:
                    raise
                time.sleep(0.2 * (attempt + 1))
                continue
            if resp.status in ok_codes:
                return json.loads(raw or b"{}")
            if resp.status == 429 or resp.status >= 500:
                time.sleep(0.2 * (attempt + 1))
                continue
            raise RuntimeError(f"{method} {path}: HTTP {resp.status} {raw[:300]!r}")
        raise RuntimeError(f"{method} {path}: gave up after retries")


def q(s):
    return urllib.parse.quote(s, safe="")


def text(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30)))


def plan(args):
    """Deterministic layout: rooms with members and event counts."""
    rng = random.Random(args.seed)
    k = args.accounts
    bench = [f"bench{i}" for i in range(1, k + 1)]
    dms = int(args.rooms * DM_SHARE)
    groups = args.rooms - dms
    n_pool = max(args.big - k, 10)
    pool = [f"member{i:03d}" for i in range(1, n_pool + 1)]
    # Account i's d-th direct chat is with partner d (each account has its own DM rooms).
    partners = [f"dm{i:04d}" for i in range(1, dms + 1)]
    rooms = []
    for g in range(groups):
        small = max(1, min(9, len(pool), args.big - k - 1))
        extra = pool[: args.big - k] if g == 0 else rng.sample(pool, rng.randint(1, small))
        rooms.append({"kind": "group", "name": f"Group {g:03d}", "creator": bench[0],
                      "members": bench + extra, "weight": 0.0})
    for i, b in enumerate(bench):
        for d in range(dms):
            partner = partners[d]
            rooms.append({"kind": "dm", "creator": b, "members": [b, partner], "weight": 0.0})
    # Events: each account sees args.events. DMs get 5 % of an account's events (they are
    # per account, so they multiply the seeding work).
    dm_events = int(args.events * 0.05) if dms else 0
    group_events = args.events - dm_events
    gw = [rng.uniform(0.5, 1.5) for _ in range(groups)]
    if groups:
        gw[0] = sum(gw) * 0.1 / 0.9 if groups > 1 else 1.0  # the big room gets ~10 %
    counts = split(group_events, gw)
    for r, c in zip(rooms[:groups], counts):
        r["events"] = c
    for i in range(k):
        dm_rooms = rooms[groups + i * dms: groups + (i + 1) * dms]
        for r, c in zip(dm_rooms, split(dm_events, [rng.uniform(0.5, 1.5) for _ in dm_rooms])):
            r["events"] = c
    return bench, pool + partners, rooms


def split(total, weights):
    s = sum(weights)
    counts = [int(total * w / s) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    return counts


def register_all(api, hs_dir, bench, others, threads):
    """Benchmark accounts through the harness; the many extras through open registration
    (one HTTP call each instead of a process each). Returns access tokens."""
    def reg(u):
        subprocess.run([SYNAPSE, "register", hs_dir, u, PASSWORD], check=True,
                       stdout=subprocess.DEVNULL)

    def open_reg(u):
        try:
            r = api.call("POST", "/_matrix/client/v3/register", body={
                "username": u, "password": PASSWORD, "auth": {"type": "m.login.dummy"},
                "initial_device_display_name": "seed"})
        except RuntimeError as e:
            if "M_USER_IN_USE" not in str(e):
                raise
            return login(u)
        return u, r["access_token"]

    def login(u):
        r = api.call("POST", "/_matrix/client/v3/login", body={
            "type": "m.login.password", "identifier": {"type": "m.id.user", "user": u},
            "password": PASSWORD, "initial_device_display_name": "seed"})
        return u, r["access_token"]
    with cf.ThreadPoolExecutor(threads) as ex:
        list(ex.map(reg, bench))
        tokens = dict(ex.map(login, bench))
        tokens.update(ex.map(open_reg, others))
    return tokens


def uid(u):
    return f"@{u}:localhost"


def create_room(api, tokens, room, idx, room_version=None, encrypted=False):
    creator, members = room["creator"], room["members"]
    invites = [uid(m) for m in members if m != creator]
    body = {"preset": "private_chat", "invite": invites}
    if encrypted:
        body["initial_state"] = [{"type": "m.room.encryption", "state_key": "",
                                  "content": {"algorithm": "m.megolm.v1.aes-sha2"}}]
    if room_version:
        body["room_version"] = room_version
    if room["kind"] == "dm":
        body["is_direct"] = True
    else:
        body["name"] = room["name"]
    room_id = api.call("POST", "/_matrix/client/v3/createRoom", tokens[creator], body)["room_id"]
    for m in members:
        if m != creator:
            api.call("POST", f"/_matrix/client/v3/join/{q(room_id)}", tokens[m], {})
    room["room_id"] = room_id
    return idx


def room_ops(room, seed, files=0.0, senders=None):
    """The room's events in sending order, as plain data: {"s": sender, "k": kind, ...} with
    kind text (b: body), reply and edit (b, t: index of the target op), reaction (t, e:
    emoji) or file (f: file name). Deterministic for a seed. `senders` limits who sends
    (every member otherwise)."""
    rng = random.Random(seed)
    senders = senders or room["members"]
    sent = []  # (op index, sender) of text messages and replies
    reacted = set()
    ops = []
    for n in range(room["events"]):
        sender = rng.choice(senders)
        roll = rng.random()
        if files and rng.random() < files:
            op = {"k": "file", "f": f"notes-{n}.txt"}
        elif not sent or roll < 0.65:
            op = {"k": "text", "b": text(rng)}
        elif roll < 0.80:
            target, _ = rng.choice(sent)
            op = {"k": "reply", "b": text(rng), "t": target}
        elif roll < 0.90:
            target, sender = rng.choice(sent)  # edits come from the original sender
            op = {"k": "edit", "b": text(rng), "t": target}
        else:
            target, _ = rng.choice(sent)
            key = rng.choice(EMOJI)
            if (target, sender, key) in reacted:
                op = {"k": "text", "b": text(rng)}
            else:
                reacted.add((target, sender, key))
                op = {"k": "reaction", "t": target, "e": key}
        op["s"] = sender
        if op["k"] in ("text", "reply"):
            sent.append((n, sender))
        ops.append(op)
    return ops


def op_content(op, event_ids, file_url):
    """An op as the (event type, content) sent over plain HTTP."""
    k = op["k"]
    if k == "file":
        return "m.room.message", {"msgtype": "m.file", "body": op["f"], "url": file_url,
                                  "info": {"mimetype": "text/plain", "size": len(FILE_BYTES)}}
    if k == "reaction":
        return "m.reaction", {"m.relates_to": {"rel_type": "m.annotation",
                                               "event_id": event_ids[op["t"]], "key": op["e"]}}
    content = {"msgtype": "m.text", "body": op["b"]}
    if k == "reply":
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": event_ids[op["t"]]}}
    elif k == "edit":
        content = {"msgtype": "m.text", "body": "* " + op["b"],
                   "m.new_content": {"msgtype": "m.text", "body": op["b"]},
                   "m.relates_to": {"rel_type": "m.replace", "event_id": event_ids[op["t"]]}}
    return "m.room.message", content


def fill_room(api, tokens, room, seed, counter, files=0.0, file_url=None):
    rid = q(room["room_id"])
    event_ids = []
    for n, op in enumerate(room_ops(room, seed, files if file_url else 0.0)):
        etype, content = op_content(op, event_ids, file_url)
        r = api.call("PUT", f"/_matrix/client/v3/rooms/{rid}/send/{etype}/seed-{seed}-{n}",
                     tokens[op["s"]], content)
        event_ids.append(r["event_id"])
        if op["k"] == "file":
            counter.file()
        counter.tick()


class Counter:
    def __init__(self, total):
        self.total, self.n, self.lock, self.t0 = total, 0, threading.Lock(), time.monotonic()
        self.files = 0

    def file(self):
        with self.lock:
            self.files += 1

    def tick(self):
        with self.lock:
            self.n += 1
            if self.n % 2000 == 0 or self.n == self.total:
                rate = self.n / max(time.monotonic() - self.t0, 1e-9)
                log(f"{self.n}/{self.total} events ({rate:.0f}/s)")


# Stands for the target's event ID in a planned event's content (known only once it is sent).
TARGET = "$target"


def planned_event(op):
    """An op as bench_seed_e2ee sends it: {s: sender, f: file name} for a file (an encrypted
    upload), else {s, type, content, t?} with the content op_content gives the plain set."""
    if op["k"] == "file":
        return {"s": op["s"], "f": op["f"]}
    etype, content = op_content(op, collections.defaultdict(lambda: TARGET), None)
    event = {"s": op["s"], "type": etype, "content": content}
    if "t" in op:
        event["t"] = op["t"]
    return event


def write_plan(args, api, bench, rooms, order, counter):
    """The encrypted data set's events, for bench_seed_e2ee (plain HTTP cannot make Megolm
    ciphertext). Only other users send: a benchmark account's own seeding device would be
    its first, cross-signed device, and the measured sign-ins would then wait for it to
    verify them."""
    plan = {"homeserver": f"http://{api.host}:{api.port}", "password": PASSWORD, "target": TARGET,
            "file_bytes": FILE_BYTES.decode(), "threads": args.threads, "rooms": []}
    for i in order:
        room = rooms[i]
        senders = [m for m in room["members"] if m not in bench]
        ops = room_ops(room, args.seed * 100000 + i, args.files, senders)
        counter.files += sum(op["k"] == "file" for op in ops)
        plan["rooms"].append({"room_id": room["room_id"], "ops": [planned_event(op) for op in ops]})
    path = os.path.join(args.hs_dir, "bench-plan.json")
    with open(path, "w") as f:
        json.dump(plan, f)
    log(f"wrote {sum(len(r['ops']) for r in plan['rooms'])} events for encrypted sending to {path}")


def forget_identities(hs_dir):
    import sqlite3
    db = sqlite3.connect(os.path.join(hs_dir, "homeserver.db"))
    like = "@bench%:localhost"
    tables = ["e2e_cross_signing_keys", "e2e_cross_signing_signatures", "e2e_device_keys_json",
              "e2e_one_time_keys_json", "e2e_fallback_keys_json", "access_tokens", "devices"]
    existing = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    n = 0
    for t in tables:
        if t in existing:
            n += db.execute(f"DELETE FROM {t} WHERE user_id LIKE ?", (like,)).rowcount
    db.commit()
    log(f"forgot {n} device/identity rows of the benchmark accounts")
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("hs_dir")
    p.add_argument("--rooms", type=int, default=200)
    p.add_argument("--events", type=int, default=20000)
    p.add_argument("--accounts", type=int, default=5)
    p.add_argument("--big", type=int, default=50)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--files", type=float, default=0.0,
                   help="share of events that are file offers (m.file)")
    p.add_argument("--room-version", default=None, help="room version of the created rooms")
    p.add_argument("--encrypted", action="store_true",
                   help="end-to-end encrypted rooms; the events are not sent but written to "
                        "SYNAPSE_DIR/bench-plan.json for bench_seed_e2ee")
    p.add_argument("--check-marker", action="store_true",
                   help="only compare SYNAPSE_DIR/bench-seed.json with these parameters: "
                        "exit 0 if it is missing or the same, 3 if it records other ones")
    p.add_argument("--forget-identities", action="store_true",
                   help="with Synapse stopped: delete the benchmark accounts' devices and "
                        "cross-signing keys so the next sign-in is a first one again")
    args = p.parse_args()
    if args.forget_identities:
        return forget_identities(args.hs_dir)
    params = {"rooms": args.rooms, "events": args.events, "accounts": args.accounts,
              "big": args.big, "seed": args.seed, "version": 2}
    # Only when used, so data sets seeded before these options existed stay valid.
    if args.files:
        params["files"] = args.files
    if args.room_version:
        params["room_version"] = args.room_version
    if args.encrypted:
        params["encrypted"] = True
    marker = os.path.join(args.hs_dir, "bench-seed.json")
    if args.check_marker:
        return 0 if not os.path.exists(marker) or json.load(open(marker)).get("params") == params else 3
    if os.path.exists(marker):
        done = json.load(open(marker))
        if done.get("params") == params:
            log(f"already seeded ({marker})")
            print(json.dumps(done))
            return 0
        log(f"{marker} records other parameters; the caller must start from an empty folder")
        return 3
    env = dict(line.split("=", 1) for line in open(os.path.join(args.hs_dir, "env")).read().split()
               if "=" in line)
    api = Api(env["PARLEY_TEST_HOMESERVER"].strip("'\""))
    t0 = time.monotonic()
    bench, others, rooms = plan(args)
    users = bench + others
    log(f"registering {len(users)} users")
    tokens = register_all(api, args.hs_dir, bench, others, args.threads)
    t1 = time.monotonic()
    log(f"creating {len(rooms)} rooms ({sum(len(r['members']) - 1 for r in rooms)} joins)")
    with cf.ThreadPoolExecutor(args.threads) as ex:
        list(ex.map(lambda ir: create_room(api, tokens, ir[1], ir[0], args.room_version, args.encrypted),
                    enumerate(rooms)))
    # m.direct for every DM, both sides.
    direct = {}
    for r in rooms:
        if r["kind"] == "dm":
            a, b = r["members"]
            direct.setdefault(a, {}).setdefault(uid(b), []).append(r["room_id"])
            direct.setdefault(b, {}).setdefault(uid(a), []).append(r["room_id"])
    with cf.ThreadPoolExecutor(args.threads) as ex:
        list(ex.map(lambda kv: api.call(
            "PUT", f"/_matrix/client/v3/user/{q(uid(kv[0]))}/account_data/m.direct", tokens[kv[0]], kv[1]),
            direct.items()))
    t2 = time.monotonic()
    total = sum(r["events"] for r in rooms)
    counter = Counter(total)
    # Biggest rooms first so the pool does not end on one long room.
    order = sorted(range(len(rooms)), key=lambda i: -rooms[i]["events"])
    if args.encrypted:
        write_plan(args, api, bench, rooms, order, counter)
    else:
        log(f"sending {total} events")
        file_url = None
        if args.files:
            file_url = api.call("POST", "/_matrix/media/v3/upload?filename=notes.txt", tokens[bench[0]],
                                raw=FILE_BYTES, content_type="text/plain")["content_uri"]
        with cf.ThreadPoolExecutor(args.threads) as ex:
            for f in [ex.submit(fill_room, api, tokens, rooms[i], args.seed * 100000 + i, counter, args.files, file_url)
                      for i in order]:
                f.result()
    t3 = time.monotonic()
    # Logging the seeding devices out keeps them out of the accounts' device lists.
    with cf.ThreadPoolExecutor(args.threads) as ex:
        list(ex.map(lambda u: api.call("POST", "/_matrix/client/v3/logout", tokens[u], {}), users))
    largest = max(len(r["members"]) for r in rooms)
    result = {
        "params": params,
        "password": PASSWORD,
        "accounts": [uid(b) for b in bench],
        "users": len(users),
        "rooms_per_account": args.rooms,
        "events_per_account": args.events,
        "rooms_total": len(rooms),
        "events_total": total,
        "largest_room_members": largest,
        "file_offers_total": counter.files,
        "encrypted": args.encrypted,
        "seconds": {"users": round(t1 - t0, 1), "rooms": round(t2 - t1, 1),
                    "events": round(t3 - t2, 1), "total": round(time.monotonic() - t0, 1)},
    }
    with open(marker + ".tmp", "w") as f:
        json.dump(result, f)
    os.replace(marker + ".tmp", marker)
    log(f"done in {result['seconds']['total']} s")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
