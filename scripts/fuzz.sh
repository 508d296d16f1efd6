#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]   (default 20 s each, every target)
# scripts/fuzz.sh --long SECONDS [TARGET…]          (a longer run; same output)
#
# Runs Parley's fuzz targets (fuzz/, issue 17) with libFuzzer through cargo-fuzz on the
# stable toolchain: `--sanitizer none` (coverage-guided, no ASan, which needs nightly) and
# debug assertions on, so integer overflow panics too. cargo-fuzz is installed from
# crates.io into $PARLEY_CACHE/tools (pinned) the first time; the targets build once into
# $PARLEY_CACHE/target-fuzz (outside the clone, so later runs reuse it; PARLEY_FUZZ_TARGET_DIR
# overrides that, e.g. a tmpfs when the disk is short).
#
# Each target runs for a bounded time on a COPY of its checked-in seed corpus
# (fuzz/corpus/TARGET), so a run never grows the repository. Per target it prints
# libFuzzer's final line (`#RUNS DONE cov: … exec/s: …`). Any crash, panic, timeout or
# out-of-memory makes the script exit 1 after all targets ran; the input that did it is
# kept under fuzz/artifacts/TARGET/ and the command to reproduce it is printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${PARLEY_CARGO_FUZZ_VERSION:-0.13.2}"
CACHE="${PARLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}"
TOOLS="$CACHE/tools"
TARGET_DIR="${PARLEY_FUZZ_TARGET_DIR:-$CACHE/target-fuzz}"
ALL_TARGETS=(link html file dlp policy scan_reply ipc_args)

seconds=20
if [[ "${1:-}" == "--long" ]]; then
    [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "usage: $0 --long SECONDS [TARGET…]" >&2; exit 2; }
    seconds="$2"
    shift 2
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
    seconds="$1"
    shift
fi
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do
    [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || { echo "fuzz: unknown target $t (${ALL_TARGETS[*]})" >&2; exit 2; }
done

# libfuzzer-sys compiles libFuzzer itself (C++).
if ! command -v c++ >/dev/null && ! command -v g++ >/dev/null && ! command -v clang++ >/dev/null; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        echo "fuzz: installing a C++ compiler (g++) for libFuzzer" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++ >&2
    else
        echo "fuzz: libFuzzer needs a C++ compiler (g++ or clang++)" >&2
        exit 2
    fi
fi

# shellcheck source=scripts/cargo-tool.sh
source "$ROOT/scripts/cargo-tool.sh"
cargo_tool cargo-fuzz "$VERSION" "$TOOLS"
export PATH="$TOOLS/bin:$PATH"

cd "$ROOT"
build_start=$SECONDS
echo "fuzz: building ${#targets[@]} target(s) into $TARGET_DIR" >&2
for t in "${targets[@]}"; do
    cargo fuzz build --sanitizer none --debug-assertions --target-dir "$TARGET_DIR" "$t" >&2
done
echo "fuzz: built in $((SECONDS - build_start)) s" >&2
BIN_DIR="$TARGET_DIR/$(rustc -vV | sed -n 's/^host: //p')/release"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/parley-fuzz.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
failed=()
for t in "${targets[@]}"; do
    mkdir -p "$WORK/corpus/$t" "$ROOT/fuzz/artifacts/$t"
    [[ -d "$ROOT/fuzz/corpus/$t" ]] && cp -R "$ROOT/fuzz/corpus/$t/." "$WORK/corpus/$t/"
    seeds=$(find "$WORK/corpus/$t" -type f | wc -l)
    status=0
    "$BIN_DIR/$t" "$WORK/corpus/$t" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$ROOT/fuzz/artifacts/$t/" \
        >"$WORK/$t.log" 2>&1 || status=$?
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$WORK/$t.log" | tail -n1 || true)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$t.log" | tail -n1)
    if [[ $status -eq 0 ]]; then
        printf 'fuzz: %-10s ok    %s seeds, %s runs in %s s | %s\n' "$t" "$seeds" "${runs:-?}" "$seconds" "${done_line:-no DONE line}"
    else
        failed+=("$t")
        artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$WORK/$t.log" | tail -n1)
        cp "$WORK/$t.log" "$ROOT/fuzz/artifacts/$t/last-run.log"
        printf 'fuzz: %-10s FAIL  (exit %s) after %s runs\n' "$t" "$status" "${runs:-?}"
        grep -E "panicked at|^==[0-9]+== ERROR|SUMMARY: libFuzzer" "$WORK/$t.log" | head -n 5 | sed 's/^/    /'
        echo "    crash input: ${artifact:-none written (see $ROOT/fuzz/artifacts/$t/last-run.log)}"
        [[ -n "$artifact" ]] && echo "    reproduce:   $BIN_DIR/$t $artifact"
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: all ${#targets[@]} target(s) ran ${seconds} s each without a crash" >&2
