#!/usr/bin/env bash
# tests/bench/installers.sh MD_OUT — installer sizes and start-up time of the release build
# (issue 14), written as a markdown section to MD_OUT. A measurement, never a test.
#
# Builds the release installers with packaging/release.sh (unless PARLEY_BENCH_PACKAGE_DIR
# names a directory that already holds them), then: each installer's size, the .deb's
# Installed-Size, the size of the `parley` binary inside it; and the start-up time of that
# binary (extracted from the .deb, so it is what users run) from exec to the UI calling back
# into Rust (`PARLEY_UI_READY`, smoke mode): the login screen is interactive; and what
# installing it costs next to nheko, dependencies included (deb_footprint.py). Median of
# PARLEY_BENCH_RUNS (default 7) runs after one warm-up, in a private desktop session (Xvfb).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="${1:?usage: tests/bench/installers.sh MD_OUT}"
RUNS="${PARLEY_BENCH_RUNS:-7}"
PKG="${PARLEY_BENCH_PACKAGE_DIR:-$TARGET/bench-package}"
log() { echo "installers: $*" >&2; }

if [[ -z "${PARLEY_BENCH_PACKAGE_DIR:-}" ]]; then
    log "building the release installers into $PKG"
    "$ROOT/packaging/release.sh" "$PKG" >&2
fi
DEB="$(find "$PKG" -maxdepth 1 -name '*.deb' | head -n 1)"
RPM="$(find "$PKG" -maxdepth 1 -name '*.rpm' | head -n 1)"
[[ -f "$DEB" && -f "$RPM" ]] || { log "no .deb or .rpm in $PKG"; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
dpkg-deb -x "$DEB" "$WORK/root"
BIN="$WORK/root/usr/bin/parley"
[[ -x "$BIN" ]] || { log "no usr/bin/parley in $(basename "$DEB")"; exit 1; }

log "timing $RUNS start-ups of $(basename "$DEB")'s parley"
"$ROOT/tests/harness/desktop-session" python3 - "$BIN" "$RUNS" "$WORK/times" <<'PY'
import os, subprocess, sys, tempfile, time
binary, runs, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
times = []
for i in range(runs + 1):
    with tempfile.TemporaryDirectory() as profile:
        env = dict(os.environ, PARLEY_PROFILE=profile, PARLEY_SMOKE_EXIT_AFTER_LOAD="1",
                   PARLEY_SMOKE_EXIT_DELAY_MS="0", PARLEY_LOG="warn")
        start = time.monotonic()
        proc = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        ready = None
        for line in proc.stdout:
            if line.strip() == "PARLEY_UI_READY":
                ready = time.monotonic() - start
                break
        proc.wait(timeout=30)
        if ready is None:
            sys.exit(f"run {i}: the app exited ({proc.returncode}) without PARLEY_UI_READY")
        if i > 0:  # the first run warms the page cache
            times.append(ready)
with open(out, "w") as f:
    f.write("\n".join(f"{t:.4f}" for t in times))
PY

python3 - "$OUT" "$DEB" "$RPM" "$BIN" "$WORK/times" <<'PY'
import os, statistics, subprocess, sys, datetime, platform
out, deb, rpm, binary, times_file = sys.argv[1:]
mib = lambda n: f"{n / 2**20:.1f} MiB"
times = [float(t) for t in open(times_file).read().split()]
installed_kib = int(subprocess.run(["dpkg-deb", "-f", deb, "Installed-Size"], capture_output=True, text=True, check=True).stdout)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
webkit = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libwebkit2gtk-4.1-0"], capture_output=True, text=True).stdout
with open(out, "w") as f:
    f.write(f"""## Installers and start-up (release build)

Measured by `tests/bench/installers.sh` on {datetime.date.today().isoformat()}: the release profile
(`lto = "thin"`, `codegen-units = 1`, `strip = "symbols"`, `panic = "unwind"`), bundled by the
Tauri bundler. Machine: {cpu}, {os.cpu_count()} cores; WebKitGTK {webkit or "unknown"} (a system
library, shared with the desktop, not shipped in the package).

| Artifact | Size |
|---|---|
| `{os.path.basename(deb)}` | {mib(os.path.getsize(deb))} |
| `{os.path.basename(rpm)}` | {mib(os.path.getsize(rpm))} |
| installed (`.deb` Installed-Size) | {mib(installed_kib * 1024)} |
| `/usr/bin/parley` | {mib(os.path.getsize(binary))} |

Start-up, from exec to the UI's first call into Rust (the login screen is interactive), fresh
profile, under Xvfb; median of {len(times)} runs after one warm-up: **{statistics.median(times) * 1000:.0f} ms**
(range {min(times) * 1000:.0f}–{max(times) * 1000:.0f} ms).

For comparison (published figures, not measured here: nothing can be downloaded from outside the
package registries on this machine): Electron apps ship their own Chromium and Node.js, so an
Electron installer starts at roughly 80–100 MB before the app's own code, and Element Desktop's
Linux package is of that order or larger. Parley uses the system's WebKitGTK instead.
""")
print(f"installers: wrote {out}", file=sys.stderr)
PY

# Next to the native peer (issue 16): nheko is installed for tests/bench/peers.sh.
{ echo; python3 "$ROOT/tests/bench/deb_footprint.py" "$DEB" nheko || echo "(nheko's footprint could not be read: see the message above)"; } >>"$OUT"
