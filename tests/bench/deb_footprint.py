#!/usr/bin/env python3
"""What installing Parley costs next to installing a peer client (issue 16), from dpkg.

    deb_footprint.py PARLEY.deb PEER_PACKAGE   # e.g. nheko; prints a markdown section

Both apps' run-time dependencies are installed on this machine (the project's scripts
install them), so the closure of each app's `Depends`/`Pre-Depends` is resolved over the
installed packages alone: an alternative is the installed one, a virtual package the
installed provider. Offline, and the same answer on every run of one machine.
"""

import os
import re
import subprocess
import sys


def installed():
    """{package: (installed KiB, [[alternative, ...], ...])} and {virtual: [providers]}."""
    fmt = "${Package}\t${Status}\t${Installed-Size}\t${Pre-Depends}, ${Depends}\t${Provides}\n"
    out = subprocess.run(["dpkg-query", "-W", f"-f={fmt}"], capture_output=True, text=True, check=True).stdout
    packages, provides = {}, {}
    for line in out.splitlines():
        name, status, size, depends, provided = (line.split("\t") + [""] * 5)[:5]
        if not status.endswith(" installed"):
            continue
        packages[name] = (int(size or 0), parse_depends(depends))
        for virtual in names(provided):
            provides.setdefault(virtual, []).append(name)
    return packages, provides


def names(field):
    """Package names in a dependency field, without versions or architectures."""
    return [re.split(r"[\s(:]", part.strip(), maxsplit=1)[0] for part in re.split(r"[,|]", field) if part.strip()]


def parse_depends(field):
    return [names(group) for group in field.split(",") if group.strip()]


def closure(roots, packages, provides):
    """Every installed package the roots need, roots excluded; a root's unmet dependency
    (nothing installed satisfies it) is reported, not guessed."""
    seen, missing, todo = set(), set(), [list(group) for group in roots]
    while todo:
        group = todo.pop()
        chosen = next((p for p in group if p in packages), None) or next(
            (p for alt in group for p in provides.get(alt, []) if p in packages), None)
        if chosen is None:
            missing.add(" | ".join(group))
            continue
        if chosen in seen:
            continue
        seen.add(chosen)
        todo.extend(packages[chosen][1])
    return seen, missing


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def main():
    deb, peer = sys.argv[1], sys.argv[2]
    packages, provides = installed()
    if peer not in packages:
        sys.exit(f"deb_footprint: {peer} is not installed; its footprint cannot be read")
    field = lambda name: subprocess.run(["dpkg-deb", "-f", deb, name], capture_output=True, text=True).stdout.strip()
    parley_deps = parse_depends(f"{field('Pre-Depends')}, {field('Depends')}")
    parley_kib = int(field("Installed-Size") or 0)
    peer_kib, peer_deps = packages[peer]
    ours, ours_missing = closure(parley_deps, packages, provides)
    theirs, theirs_missing = closure(peer_deps, packages, provides)
    theirs.discard(peer)
    size = lambda group: sum(packages[p][0] for p in group)
    only_ours, only_theirs, shared = ours - theirs, theirs - ours, ours & theirs
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", peer], capture_output=True, text=True).stdout
    peer_deb = subprocess.run(["apt-cache", "show", "--no-all-versions", peer], capture_output=True, text=True).stdout
    peer_deb_size = next((int(l.split()[1]) for l in peer_deb.splitlines() if l.startswith("Size:")), None)
    print(f"""### Installer and installed size against {peer} (issue 16)

`tests/bench/deb_footprint.py`: the dependencies of each app (`Depends`/`Pre-Depends`,
recursively, resolved over the packages installed on this machine) split into those both need
and those only one needs. {peer} {version} from Debian; Parley's `.deb` as built above.

| | Parley | {peer} |
|---|---|---|
| package download | {mib(os.path.getsize(deb) / 1024)} | {mib(peer_deb_size / 1024) if peer_deb_size else "unknown"} |
| package installed | {mib(parley_kib)} | {mib(peer_kib)} |
| dependencies only this app needs | {len(only_ours)} packages, {mib(size(only_ours))} | {len(only_theirs)} packages, {mib(size(only_theirs))} |
| dependencies both need | {len(shared)} packages, {mib(size(shared))} | (same) |
| **installed in all** (package + every dependency) | **{mib(parley_kib + size(ours))}** | **{mib(peer_kib + size(theirs))}** |

Largest dependencies only Parley needs: {largest(only_ours, packages)}.
Largest only {peer} needs: {largest(only_theirs, packages)}.""")
    for who, unmet in (("Parley", ours_missing), (peer, theirs_missing)):
        if unmet:
            print(f"\nNot installed here, so not counted ({who}): {', '.join(sorted(unmet))}.")
    return 0


def largest(group, packages, n=5):
    top = sorted(group, key=lambda p: -packages[p][0])[:n]
    return ", ".join(f"`{p}` {mib(packages[p][0])}" for p in top) or "none"


if __name__ == "__main__":
    sys.exit(main())
