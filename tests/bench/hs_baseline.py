#!/usr/bin/env python3
"""The homeserver alone, for comparison with bench_roundtrip (stdlib only).

    hs_baseline.py SYNAPSE_DIR [--count 1000] [--burst 1000] [--warmup 5] [--sync v3|sliding]

Two fresh users, an unencrypted room, plain HTTP: A sends --count messages one at a
time (PUT /send, waiting for the response); B long-polls /v3/sync (or, with
--sync sliding, Synapse's simplified sliding sync, the protocol Parley's engine uses)
and stamps each message when its response arrives. Then a burst: A sends --burst messages back to back
(sequentially, like matrix-sdk's send queue) and we wait until B has them all.
Prints one JSON object with the same fields as bench_roundtrip.
"""

import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
import uuid


def percentile(sorted_ms, p):
    if not sorted_ms:
        return None
    rank = min(max(int(-(-p * len(sorted_ms) // 1)), 1), len(sorted_ms))
    return sorted_ms[rank - 1]


class Conn:
    def __init__(self, base, token=None, timeout=120):
        u = urllib.parse.urlsplit(base)
        self.c = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
        self.token = token

    def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.c.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        r = self.c.getresponse()
        raw = r.read()
        if r.status != 200:
            raise RuntimeError(f"{method} {path.split('?')[0]}: HTTP {r.status} {raw[:200]!r}")
        return json.loads(raw or b"{}")


def q(s):
    return urllib.parse.quote(s, safe="")


def register(base, name):
    r = Conn(base).call("POST", "/_matrix/client/v3/register", {
        "username": name, "password": "baseline-password", "auth": {"type": "m.login.dummy"}})
    return r["user_id"], r["access_token"]


class Receiver(threading.Thread):
    """B's /sync long-poll loop; records the arrival time of every message body."""

    def __init__(self, base, token, room_id):
        super().__init__(daemon=True)
        self.conn = Conn(base, token)
        self.room_id = room_id
        self.arrived = {}
        self.cond = threading.Condition()
        self.stop = False
        self.begin()

    def begin(self):
        """Starts from now: an initial sync without timeline, for a since token."""
        filt = json.dumps({"room": {"timeline": {"limit": 0}}})
        self.since = self.conn.call("GET", f"/_matrix/client/v3/sync?filter={q(filt)}")["next_batch"]
        self.filter = q(json.dumps({"room": {"rooms": [self.room_id], "timeline": {"limit": 5000}},
                                    "presence": {"not_types": ["*"]}}))

    def poll(self):
        """One long poll; returns the room's new timeline events."""
        r = self.conn.call("GET", f"/_matrix/client/v3/sync?timeout=30000&since={self.since}&filter={self.filter}")
        self.since = r["next_batch"]
        return r.get("rooms", {}).get("join", {}).get(self.room_id, {}).get("timeline", {}).get("events", [])

    def run(self):
        while not self.stop:
            events = self.poll()
            now = time.monotonic()
            if not events:
                continue
            with self.cond:
                for ev in events:
                    body = ev.get("content", {}).get("body")
                    if ev.get("type") == "m.room.message" and body is not None:
                        self.arrived.setdefault(body, now)
                self.cond.notify_all()

    def wait_for(self, pred, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while not pred(self.arrived):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)
        return True


class SlidingReceiver(Receiver):
    """The same over Synapse's simplified sliding sync (MSC4186), one list of every room."""

    PATH = "/_matrix/client/unstable/org.matrix.simplified_msc3575/sync"

    def begin(self):
        self.body = {"lists": {"all": {"ranges": [[0, 99]], "required_state": [["m.room.encryption", ""]],
                                       # Synapse's cap; more between two polls would be cut short
                                       # (a burst sent one at a time never gets that far ahead).
                                       "timeline_limit": 1000}}}
        # The first response holds the room's few events so far (none is a message yet).
        self.pos = self.conn.call("POST", self.PATH, self.body)["pos"]

    def poll(self):
        r = self.conn.call("POST", f"{self.PATH}?timeout=30000&pos={q(self.pos)}", self.body)
        self.pos = r["pos"]
        return r.get("rooms", {}).get(self.room_id, {}).get("timeline", [])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("hs_dir")
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--burst", type=int, default=1000)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--sync", choices=["v3", "sliding"], default="v3")
    args = p.parse_args()
    env = dict(l.split("=", 1) for l in open(os.path.join(args.hs_dir, "env")).read().split() if "=" in l)
    base = env["PARLEY_TEST_HOMESERVER"].strip("'\"")
    tag = uuid.uuid4().hex[:8]
    a_id, a_tok = register(base, f"base-a-{tag}")
    b_id, b_tok = register(base, f"base-b-{tag}")
    a = Conn(base, a_tok)
    room_id = a.call("POST", "/_matrix/client/v3/createRoom",
                     {"preset": "private_chat", "invite": [b_id], "is_direct": True})["room_id"]
    Conn(base, b_tok).call("POST", f"/_matrix/client/v3/join/{q(room_id)}", {})
    rx = (SlidingReceiver if args.sync == "sliding" else Receiver)(base, b_tok, room_id)
    rx.start()
    path = f"/_matrix/client/v3/rooms/{q(room_id)}/send/m.room.message/"

    lat, acks, warm, lost = [], [], [], 0
    for i in range(args.warmup + args.count):
        body = f"baseline {tag} seq {i}"
        t0 = time.monotonic()
        a.call("PUT", path + f"s{i}", {"msgtype": "m.text", "body": body})
        acked = time.monotonic() - t0
        if not rx.wait_for(lambda got: body in got, 60):
            lost += 1
            continue
        ms = (rx.arrived[body] - t0) * 1000
        if i < args.warmup:
            warm.append(ms)
        else:
            lat.append(ms)
            acks.append(acked * 1000)
    lat.sort()
    acks.sort()

    prefix = f"baseline {tag} burst "
    t0 = time.monotonic()
    for i in range(args.burst):
        a.call("PUT", path + f"b{i}", {"msgtype": "m.text", "body": f"{prefix}{i}"})
    queued = time.monotonic() - t0
    complete = rx.wait_for(lambda got: sum(1 for k in got if k.startswith(prefix)) >= args.burst, 600)
    with rx.cond:
        times = [t for k, t in rx.arrived.items() if k.startswith(prefix)]
    rx.stop = True
    print(json.dumps({
        "warmup_ms": warm,
        "sync": args.sync,
        "count": args.count,
        "received": len(lat),
        "lost": lost,
        "p50_ms": percentile(lat, 0.50),
        "p90_ms": percentile(lat, 0.90),
        "p99_ms": percentile(lat, 0.99),
        "mean_ms": sum(lat) / len(lat) if lat else None,
        "max_ms": lat[-1] if lat else None,
        "ack_p50_ms": percentile(acks, 0.50),
        "ack_p99_ms": percentile(acks, 0.99),
        "burst": args.burst,
        "burst_received": len(times),
        "burst_complete": complete,
        "burst_queue_ms": queued * 1000,
        "burst_ms": (max(times) - t0) * 1000 if times else None,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
