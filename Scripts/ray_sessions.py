#!/usr/bin/env python3
"""Run many private-generation sessions across Ray workers and collect their measurements.

Each session is one `hegen generate --encrypted --json` process (client and server of one session, the server on
its own thread, speaking the protocol over a socket pair) on whichever Ray worker the scheduler picks; the driver
gathers each session's JSON summary line (tokens, seconds per token, bytes each way, agreement with the plaintext
reference) and prints them, one JSON line per session, then a summary line.

This is for experiments (many seeds or prompts measured in parallel): every session's secret key is generated and
kept on the worker that runs it. A deployment keeps the client on the user's machine and runs only the server
remotely (`hegen serve` or `hegen worker`, which hold evaluation keys only).

Ray is optional: without it (or with --local) the sessions run here one after another. The Swift package does not
depend on this script or on Ray.

    swift build -c release
    python3 Scripts/ray_sessions.py --insecure-test-preset --prompt "Emma" --seeds 1 2 3 --max-tokens 2
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def hegen_path():
    for candidate in (os.path.join(ROOT, ".build", "release", "hegen"), os.path.join(ROOT, ".build", "debug", "hegen")):
        if os.access(candidate, os.X_OK):
            return candidate
    sys.exit("hegen is not built: run `swift build -c release` first")


def run_session(hegen, prompt, seed, max_tokens, insecure):
    """One session; returns its JSON summary with the seed, prompt, wall time and generated text added."""
    command = [hegen, "generate", "--encrypted", "--json", "--prompt", prompt, "--max-tokens", str(max_tokens),
               "--seed", str(seed)] + (["--insecure-test-preset"] if insecure else [])
    start = time.time()
    done = subprocess.run(command, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    summary = {}
    if lines and lines[-1].startswith("{"):
        summary = json.loads(lines[-1])
    summary.update({"prompt": prompt, "seed": seed, "wall_seconds": round(time.time() - start, 1),
                    "exit_status": done.returncode, "text": "\n".join(lines[:-1])})
    if done.returncode != 0:
        summary["error"] = done.stderr.strip().splitlines()[-1:] or ["no output"]
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prompt", action="append", help="a prompt (repeatable; default 'Emma')")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1], help="one session per prompt and seed")
    parser.add_argument("--max-tokens", type=int, default=2)
    parser.add_argument("--insecure-test-preset", action="store_true", help="the INSECURE N = 2^12 test preset")
    parser.add_argument("--cpus-per-session", type=int, default=2, help="Ray CPUs reserved per session")
    parser.add_argument("--local", action="store_true", help="run here without Ray")
    parser.add_argument("--address", default=None, help="a Ray cluster's address (default: start a local one)")
    args = parser.parse_args()
    hegen = hegen_path()
    jobs = [(prompt, seed) for prompt in (args.prompt or ["Emma"]) for seed in args.seeds]

    ray = None
    if not args.local:
        try:
            import ray  # noqa: F401 (optional)
        except ImportError:
            print("ray_sessions: Ray is not installed; running the sessions locally", file=sys.stderr)
    start = time.time()
    if ray is not None:
        ray.init(address=args.address, include_dashboard=False, log_to_driver=False)
        remote = ray.remote(num_cpus=args.cpus_per_session)(run_session)
        results = ray.get([remote.remote(hegen, p, s, args.max_tokens, args.insecure_test_preset) for p, s in jobs])
        backend = "ray %s, %d nodes" % (ray.__version__, len(ray.nodes()))
        ray.shutdown()
    else:
        results = [run_session(hegen, p, s, args.max_tokens, args.insecure_test_preset) for p, s in jobs]
        backend = "local"
    for result in results:
        print(json.dumps(result))
    ok = [r for r in results if r.get("exit_status") == 0 and r.get("matches_plaintext_reference")]
    print(json.dumps({"benchmark": "ray_sessions", "backend": backend, "sessions": len(results),
                      "matching_plaintext_reference": len(ok), "wall_seconds": round(time.time() - start, 1)}))
    return 0 if len(ok) == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
