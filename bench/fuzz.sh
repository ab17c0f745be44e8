#!/usr/bin/env bash
# Runs each fuzz target for a fixed time with cargo-fuzz (libFuzzer).
#
# Usage: bash bench/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 600 s, all targets)
#
# cargo-fuzz needs a nightly compiler; on a stable toolchain the script sets
# RUSTC_BOOTSTRAP=1 so that stable rustc accepts the flags it passes. It
# installs cargo-fuzz when missing. Corpora and crashes stay under
# fuzz/corpus and fuzz/artifacts (ignored by git). A crash fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-600}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(read_jsonl read_warc read_gzip extract)
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for target in "${TARGETS[@]}"; do
    echo "== $target: ${SECONDS_PER_TARGET} s"
    # One input at most 1 MB; an input taking over 10 s is reported as a hang.
    cargo fuzz run --fuzz-dir fuzz "$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -max_len=1048576 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 2>&1 | grep -E "^(stat::|Done|==|SUMMARY|INFO: fuzzing)|crash|timeout|panicked" || true
    if ls fuzz/artifacts/"$target"/ 2>/dev/null | grep -q .; then
        echo "$target: crash or hang found, see fuzz/artifacts/$target/"
        exit 1
    fi
done
