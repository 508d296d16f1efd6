#!/usr/bin/env bash
# scripts/prune-target.sh — keeps Cargo's shared build cache ($CARGO_TARGET_DIR, outside the
# clone so CI reuses it) from filling the disk. Every build leaves new test binaries and
# incremental state beside the old ones; on this project the cache reached 69 GB and tests
# then failed with "No space left on device". Above $PARLEY_TARGET_LIMIT_GB (default 40) it
# removes what Cargo rebuilds cheaply: the incremental state and all but the newest build of
# each test or example binary. Dependencies' compiled libraries are kept (they are the slow part).
set -euo pipefail
TARGET="${CARGO_TARGET_DIR:?CARGO_TARGET_DIR is not set}"
LIMIT_GB="${PARLEY_TARGET_LIMIT_GB:-40}"
[[ -d "$TARGET" ]] || exit 0

size_gb() { du -s --block-size=1G "$TARGET" | cut -f1; }
before="$(size_gb)"
(( before > LIMIT_GB )) || exit 0

echo "prune-target: $TARGET is ${before} GB (limit ${LIMIT_GB} GB); removing incremental state and old binaries" >&2
for profile in "$TARGET"/debug "$TARGET"/release; do
    [[ -d "$profile" ]] || continue
    rm -rf "$profile/incremental"
    for dir in "$profile/deps" "$profile/examples"; do
        [[ -d "$dir" ]] || continue
        # Executables are named NAME-HASH (no extension); keep the newest per NAME.
        (cd "$dir" && ls -t | grep -E '^[A-Za-z0-9_]+-[0-9a-f]{16}$' | awk -F- '{ if (seen[$1]++) print }' | xargs -r rm -f)
    done
done
echo "prune-target: now $(size_gb) GB" >&2
