#!/usr/bin/env bash
# Secret scanner benchmark: quality on the labeled corpus (shipped seed and fresh seeds), scored through
# the scan_secrets MCP tool of the real binary, and throughput of `context-sync scan` on a large
# transcript next to grep/ripgrep running the seed design's five naive rules. Prints figures, asserts
# nothing.
#
# usage: tests/bench/secrets_score.sh [CONTEXT_SYNC_BINARY] [SEEDS...]
#   default binary: build/server/context-sync; default fresh seeds: 1 2.
#   SHARED_DIR (default: ../shared next to the repository) must hold bench/secrets/.
#   Scratch files go to ${TMPDIR:-/tmp}/context-sync-secrets-bench (the 50 MiB transcript is reused).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
binary="${1:-$repo/build/server/context-sync}"
shift || true
seeds=("$@")
[[ ${#seeds[@]} -eq 0 ]] && seeds=(1 2)
shared="${SHARED_DIR:-$repo/../shared}"
bench="$shared/bench/secrets"
scratch="${TMPDIR:-/tmp}/context-sync-secrets-bench"

[[ -x "$binary" ]] || { echo "no executable at $binary (build the context-sync target)" >&2; exit 2; }
[[ -f "$bench/score.py" ]] || { echo "no corpus at $bench; set SHARED_DIR" >&2; exit 2; }
mkdir -p "$scratch"
adapter=(python3 "$here/secrets_mcp_adapter.py" "$binary")

echo "== corpus shipped with the bench (seed 20250901)"
echo "\$ python3 $bench/score.py --details -- ${adapter[*]}"
python3 "$bench/score.py" --details -- "${adapter[@]}"

for seed in "${seeds[@]}"; do
    out="$scratch/seed-$seed"
    mkdir -p "$out"
    python3 "$bench/gen_corpus.py" --seed "$seed" --out "$out" > /dev/null
    echo
    echo "== fresh corpus, seed $seed (python3 gen_corpus.py --seed $seed --out $out)"
    python3 "$bench/score.py" --dir "$out" -- "${adapter[@]}"
done

big="$scratch/transcript_50mb.jsonl"
if [[ ! -s "$big" ]]; then
    python3 "$bench/make_big_transcript.py" "$big" > "$scratch/transcript_50mb.json"
fi
bytes=$(stat -c %s "$big")
cat "$big" > /dev/null  # into the page cache

# best_of NAME CMD...: runs CMD 3 times (output read through a pipe: GNU grep stops at the first match
# when its stdout is /dev/null) and prints the best wall time and the CPU
# time (user+sys) of that run, with the rates in MB/s.
best_of() {
    python3 - "$bytes" "$@" <<'PY'
import resource, subprocess, sys, time
size, name, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
best = None
for _ in range(3):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if best is None or wall < best[0]:
        best = (wall, cpu)
wall, cpu = best
print(f"  {name:44s} wall {wall:6.3f} s {size / wall / 1e6:7.0f} MB/s   cpu {cpu:6.3f} s {size / max(cpu, 1e-4) / 1e6:7.0f} MB/s")
PY
}

echo
echo "== throughput on $big ($bytes bytes; best of 3; wall and user+sys CPU; load: $(cut -d' ' -f1-3 /proc/loadavg))"
: > "$scratch/empty.txt"
best_of "context-sync scan of an empty file (startup)" "$binary" scan "$scratch/empty.txt" --json
best_of "context-sync scan --json (every finding)" "$binary" scan "$big" --json
findings=$("$binary" scan "$big" --json 2>/dev/null | python3 -c "import json,sys; print(len(json.load(sys.stdin)['findings']))" || true)
echo "  findings: $findings ($(cat "$scratch/transcript_50mb.json" 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['planted_positive_lines'])" 2>/dev/null || echo '?') planted positive lines)"
naive=(-e '[A-Za-z0-9_-]{20,}' -e 'AKIA[0-9A-Z]{16}' -e '-----BEGIN.*PRIVATE KEY-----'
       -e '[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]\s*[:=]\s*\S+' -e '[Bb][Ee][Aa][Rr][Ee][Rr]\s+[A-Za-z0-9_-]+')
specific=(-e 'AKIA[0-9A-Z]{16}' -e '-----BEGIN.*PRIVATE KEY-----'
          -e '[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]\s*[:=]\s*\S+' -e '[Bb][Ee][Aa][Rr][Ee][Rr]\s+[A-Za-z0-9_-]+')
best_of "grep -E -c, 5 naive rules (C locale)" env LC_ALL=C grep -E -c "${naive[@]}" "$big"
best_of "grep -E -o, 5 naive rules (C locale)" env LC_ALL=C grep -E -o "${naive[@]}" "$big"
best_of "grep -E -c, 4 specific naive rules (C locale)" env LC_ALL=C grep -E -c "${specific[@]}" "$big"
if command -v rg > /dev/null; then
    best_of "rg -c, 5 naive rules" rg -c "${naive[@]}" "$big"
    best_of "rg -o, 5 naive rules" rg -o "${naive[@]}" "$big"
else
    echo "  (ripgrep not installed)"
fi
