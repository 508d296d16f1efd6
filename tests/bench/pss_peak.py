#!/usr/bin/env python3
"""Samples the PSS of a process and all its descendants (the desktop app, its
WebKitWebProcess and WebKitNetworkProcess) from /proc/PID/smaps_rollup.

    pss_peak.py PID SECONDS [INTERVAL]

Prints one JSON object: peak and final total PSS (KiB), the peak per process name,
and how many samples were taken. Stops early if PID exits.
"""
import json
import os
import sys
import time


def tree(root):
    children = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    kib = int(line.split()[1])
                    break
            else:
                return None
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip(), kib
    except OSError:
        return None


def snapshot(root):
    """PSS (KiB) of `root` and its descendants now: the total, and by process name."""
    total, by_name = 0, {}
    for pid in tree(root):
        got = pss(pid)
        if got:
            by_name[got[0]] = by_name.get(got[0], 0) + got[1]
            total += got[1]
    return total, by_name


def main():
    root, seconds = int(sys.argv[1]), float(sys.argv[2])
    interval = float(sys.argv[3]) if len(sys.argv) > 3 else 0.2
    peak, last, samples, by_name, t_peak = 0, 0, 0, {}, 0.0
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds and os.path.exists(f"/proc/{root}"):
        total, names = snapshot(root)
        samples += 1
        last = total
        if total > peak:
            peak, t_peak = total, time.monotonic() - t0
        for n, kib in names.items():
            by_name[n] = max(by_name.get(n, 0), kib)
        time.sleep(interval)
    print(json.dumps({"peak_pss_kib": peak, "final_pss_kib": last, "peak_at_s": round(t_peak, 1),
                      "peak_by_process_kib": by_name, "samples": samples}))


if __name__ == "__main__":
    main()
