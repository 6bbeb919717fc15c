#!/usr/bin/env bash
# Forward-NTT speed of EncryptedLM against the native C reference (../shared/peers/ntt-reference), measured
# in one run on this machine, both built for the native CPU, on core 0. Prints medians and ratios.
#   bash Scripts/compare-ntt.sh            # N = 2^14 and 2^16
set -euo pipefail
cd "$(dirname "$0")/.."
reference=../shared/peers/ntt-reference/run.sh
[ -f "$reference" ] || { echo "the C reference is not at $reference"; exit 1; }
swift build -c release -Xswiftc -target-cpu -Xswiftc native --scratch-path .build-native --product hegen-bench >/dev/null
swift build -c release --product hegen-bench >/dev/null
for logN in 14 16; do
  c=$(bash "$reference" --median-ns "$logN")
  native=$(taskset -c 0 .build-native/release/hegen-bench ring --json --logN "$logN" --limbs 1 | grep '"ntt.forward"' | sed 's/.*"median_ns": \([0-9]*\).*/\1/')
  default=$(taskset -c 0 .build/release/hegen-bench ring --json --logN "$logN" --limbs 1 | grep '"ntt.forward"' | sed 's/.*"median_ns": \([0-9]*\).*/\1/')
  awk -v n="$logN" -v c="$c" -v s="$native" -v d="$default" 'BEGIN {
    printf "N=2^%d  C reference %.0f ns | Swift native %.0f ns (%.3fx) | Swift default build %.0f ns (%.3fx)\n", n, c, s, s / c, d, d / c }'
done
