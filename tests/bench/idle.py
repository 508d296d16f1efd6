#!/usr/bin/env python3
"""Memory and CPU of an idle app: every process of it (PID and its descendants, e.g. the
desktop app with its WebKitWebProcess and WebKitNetworkProcess).

    idle.py PID SETTLE_SECONDS CPU_SECONDS

Waits SETTLE_SECONDS, takes the PSS (/proc/PID/smaps_rollup) summed over the tree, then
counts user + system CPU time (/proc/PID/stat utime + stime) of the tree over the next
CPU_SECONDS, sampled every second so processes that start meanwhile are counted too (one
that both starts and exits between two samples is missed). Prints one JSON object:
pss_kib, pss_by_process_kib, cpu_percent (of one core), cpu_by_process_percent,
pss_end_kib, seconds. Exits 1 if PID is gone before the end.
"""
import json
import os
import sys
import time

from pss_peak import snapshot as snapshot_pss, tree

TICK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    """(comm, utime + stime) of pid, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    comm = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()
    # fields[0] is field 3 (state): utime is field 14, stime field 15.
    return comm, int(fields[11]) + int(fields[12])


def main():
    root, settle, window = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    alive = lambda: os.path.exists(f"/proc/{root}")
    time.sleep(settle)
    if not alive():
        print(f"idle.py: process {root} exited during the {settle:.0f} s settle time", file=sys.stderr)
        return 1
    pss_kib, pss_by = snapshot_pss(root)
    first, last, names = {}, {}, {}
    t0 = time.monotonic()
    for pid in tree(root):
        got = cpu_ticks(pid)
        if got:
            names[pid], first[pid] = got[0], got[1]
            last[pid] = got[1]
    while time.monotonic() - t0 < window and alive():
        time.sleep(min(1.0, max(0.0, window - (time.monotonic() - t0))))
        for pid in tree(root):
            got = cpu_ticks(pid)
            if got:
                names[pid] = got[0]
                first.setdefault(pid, 0)  # born during the window: all its time counts
                last[pid] = got[1]
    elapsed = time.monotonic() - t0
    if not alive():
        print(f"idle.py: process {root} exited during the CPU window", file=sys.stderr)
        return 1
    by_name = {}
    for pid, ticks in last.items():
        by_name[names[pid]] = by_name.get(names[pid], 0) + ticks - first[pid]
    pct = lambda ticks: round(100.0 * ticks / TICK / elapsed, 3)
    end_kib, _ = snapshot_pss(root)
    print(json.dumps({
        "pss_kib": pss_kib, "pss_by_process_kib": pss_by,
        "cpu_percent": pct(sum(by_name.values())),
        "cpu_by_process_percent": {n: pct(t) for n, t in by_name.items()},
        "pss_end_kib": end_kib, "settle_s": settle, "cpu_window_s": round(elapsed, 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
