#!/usr/bin/env python3
"""Trains EncryptedLM's tiny embedded language model and exports it to GGUF.

Data: Jane Austen's six novels from Debian's `r-cran-janeaustenr` package (public domain text; the package
stores them as R lazy-load data). Vocabulary: byte-level BPE (GPT-2 byte mapping and split), trained here.
Model: Llama architecture (RMSNorm, RoPE in llama.cpp's NORM pair layout, grouped-query attention, SwiGLU,
tied embedding/head). 95% of each novel trains, the last 5% of each is held out.

Outputs:
  Sources/LanguageModel/Resources/tiny-model.gguf   the model, F32, with `encryptedlm.ranges.*` metadata
  Tests/LanguageModelTests/Fixtures/tiny-model-reference.json   reference logits and token ids for the tests

Usage (one CPU thread):
  pip install torch numpy rdata regex
  python3 Scripts/train-tiny-model.py --minutes 38
  python3 Scripts/train-tiny-model.py --export-only      # re-export from the saved checkpoint

`--minutes` sizes the run from the speed of its first 30 steps; the committed model asked for 38 minutes and
took 61.9 because other processes slowed the machine later (5,621 steps, held-out loss 2.2530 nats/token).
The export is deterministic: `--export-only` from the same checkpoint rewrites byte-identical files.
"""
import argparse
import gzip
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings
import zlib
from collections import Counter

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tiny_bpe import BPE, END_OF_TEXT, pre_tokenize  # noqa: E402
from tiny_gguf import ARRAY, FLOAT32, INT32, STRING, UINT32, GGUFWriter  # noqa: E402
from tiny_llama import Config, RangeRecorder, TinyLlama  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GGUF_PATH = os.path.join(REPO, "Sources/LanguageModel/Resources/tiny-model.gguf")
FIXTURE_PATH = os.path.join(REPO, "Tests/LanguageModelTests/Fixtures/tiny-model-reference.json")
REFERENCE_PROMPT = "It is a truth universally acknowledged, that a single man"
TOKENIZER_GOLDEN = [
    "Elizabeth's sister didn't reply.",
    "  Two spaces,\n\nthen 1813 and 42 pounds!",
    "Caf\u00e9 na\u00efve \u2014 r\u00e9sum\u00e9 \U0001F600",
    "<|endoftext|>Emma Woodhouse, handsome, clever, and rich",
    "tabs\tand   trailing spaces   ",
    "they'll we've I'm you're she'd it's O'Brien's",
]


def load_novels(deb_path=None):
    """The six novels as lists of lines, read from the Debian package's R lazy-load database."""
    warnings.simplefilter("ignore")
    import rdata
    work = tempfile.mkdtemp(prefix="janeaustenr-")
    if deb_path is None:
        subprocess.run(["apt-get", "download", "r-cran-janeaustenr"], cwd=work, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deb_path = os.path.join(work, [f for f in os.listdir(work) if f.endswith(".deb")][0])
    subprocess.run(["dpkg-deb", "-x", deb_path, os.path.join(work, "x")], check=True)
    data_dir = os.path.join(work, "x/usr/lib/R/site-library/janeaustenr/data")
    # Lazy-load format: Rdata.rdx (gzip'd serialized index: name -> (offset, length)), Rdata.rdb (chunks of a
    # 4-byte big-endian length followed by a zlib stream of one serialized R object).
    index_raw = gzip.decompress(open(os.path.join(data_dir, "Rdata.rdx"), "rb").read())
    index = rdata.conversion.convert(rdata.parser.parse_data(index_raw))
    database = open(os.path.join(data_dir, "Rdata.rdb"), "rb").read()
    novels = {}
    for name, (offset, length) in sorted(index["variables"].items()):
        chunk = database[offset:offset + length]
        lines = rdata.conversion.convert(rdata.parser.parse_data(zlib.decompress(chunk[4:])))
        novels[str(name)] = [str(line) for line in lines]
    return novels


def paragraphs(lines):
    """Rejoins the hard-wrapped lines of a novel into paragraphs."""
    result, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            result.append(" ".join(current))
            current = []
    if current:
        result.append(" ".join(current))
    return result


def build_corpus(novels, held_out_fraction=0.05):
    train_texts, held_texts = [], []
    for name, lines in novels.items():
        paras = paragraphs(lines)
        cut = int(len(paras) * (1 - held_out_fraction))
        train_texts.append("\n\n".join(paras[:cut]))
        held_texts.append("\n\n".join(paras[cut:]))
    return train_texts, held_texts


def token_stream(bpe, texts):
    eot = bpe.ids[END_OF_TEXT]
    ids = []
    for text in texts:
        ids.append(eot)
        ids.extend(bpe.encode(text))
    return torch.tensor(ids, dtype=torch.long)


def batches(stream, batch, context, generator):
    starts = torch.randint(0, len(stream) - context - 1, (batch,), generator=generator)
    x = torch.stack([stream[s:s + context] for s in starts])
    y = torch.stack([stream[s + 1:s + context + 1] for s in starts])
    return x, y


@torch.no_grad()
def evaluate(model, stream, context, max_windows=None):
    """Mean next-token cross-entropy over consecutive non-overlapping windows."""
    model.eval()
    windows = (len(stream) - 1) // context
    if max_windows:
        windows = min(windows, max_windows)
    total, count = 0.0, 0
    for start in range(0, windows, 32):
        idx = range(start, min(start + 32, windows))
        x = torch.stack([stream[i * context:(i + 1) * context] for i in idx])
        y = torch.stack([stream[i * context + 1:(i + 1) * context + 1] for i in idx])
        loss = F.cross_entropy(model(x).flatten(0, 1), y.flatten(), reduction="sum")
        total += float(loss)
        count += y.numel()
    model.train()
    return total / count


@torch.no_grad()
def sample(model, bpe, prompt, tokens, temperature, seed):
    generator = torch.Generator().manual_seed(seed)
    ids = bpe.encode(prompt)
    for _ in range(tokens):
        logits = model(torch.tensor([ids[-model.config.context:]]))[0, -1]
        if temperature == 0:
            ids.append(int(logits.argmax()))
        else:
            probs = (logits / temperature).softmax(-1)
            ids.append(int(torch.multinomial(probs, 1, generator=generator)))
    return bpe.decode(ids)


def train(args):
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    started = time.time()
    novels = load_novels(args.deb)
    train_texts, held_texts = build_corpus(novels)
    print(f"corpus: {sum(map(len, train_texts))} training characters, {sum(map(len, held_texts))} held out")
    words = Counter()
    for text in train_texts:
        words.update(pre_tokenize(text))
    bpe = BPE.train(words, args.vocab)
    print(f"BPE: {len(bpe.tokens)} tokens, {len(bpe.merges)} merges ({time.time() - started:.0f} s)")
    train_ids = token_stream(bpe, train_texts)
    held_ids = token_stream(bpe, held_texts)
    print(f"tokens: {len(train_ids)} training, {len(held_ids)} held out "
          f"({sum(map(len, train_texts)) / len(train_ids):.2f} characters a token)")

    config = Config(vocab_size=len(bpe.tokens), d_model=args.d_model, n_layers=args.layers, n_heads=args.heads,
                    n_kv_heads=args.kv_heads, ffn_dim=args.ffn, context=args.context)
    model = TinyLlama(config)
    print(f"model: {sum(p.numel() for p in model.parameters())} parameters, {config}")
    decay = [p for n, p in model.named_parameters() if p.dim() == 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0}],
                                  lr=args.lr, betas=(0.9, 0.95))
    generator = torch.Generator().manual_seed(args.seed)
    budget = args.minutes * 60
    train_start = time.time()
    total_steps = args.steps or 10 ** 9
    warmup = 100
    step = 0
    while step < total_steps:
        if step == 30 and not args.steps:
            per_step = (time.time() - train_start) / 30
            total_steps = max(200, int(budget / per_step))
            print(f"{per_step * 1000:.0f} ms a step: training for {total_steps} steps")
        schedule_steps = total_steps if total_steps < 10 ** 9 else 10 ** 5
        if step < warmup:
            lr = args.lr * (step + 1) / warmup
        else:
            progress = min(1.0, (step - warmup) / max(1, schedule_steps - warmup))
            lr = args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))
        for group in optimizer.param_groups:
            group["lr"] = lr
        x, y = batches(train_ids, args.batch, config.context, generator)
        loss = F.cross_entropy(model(x).flatten(0, 1), y.flatten())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        if step % 200 == 0 or step == total_steps:
            held = evaluate(model, held_ids, config.context, max_windows=64)
            print(f"step {step}/{total_steps} lr {lr:.2e} train {loss.item():.3f} held-out(sample) {held:.3f} "
                  f"[{time.time() - train_start:.0f} s]", flush=True)
    train_seconds = time.time() - train_start
    held_loss = evaluate(model, held_ids, config.context)
    print(f"trained {step} steps in {train_seconds / 60:.1f} min; held-out loss {held_loss:.4f} "
          f"(perplexity {math.exp(held_loss):.2f})")
    torch.save({"config": config.__dict__, "state": model.state_dict(), "merges": bpe.merges,
                "specials": bpe.specials, "held_out_loss": held_loss, "steps": step,
                "train_seconds": train_seconds, "train_tokens": len(train_ids)}, args.checkpoint)
    export(args)


def record_ranges(model, stream, context, windows, seed):
    recorder = RangeRecorder()
    generator = torch.Generator().manual_seed(seed)
    model.eval()
    with torch.no_grad():
        for _ in range(windows // 32):
            x, _ = batches(stream, 32, context, generator)
            model(x, recorder)
    return recorder.ranges


def export(args):
    saved = torch.load(args.checkpoint, weights_only=False)
    config = Config(**saved["config"])
    model = TinyLlama(config)
    model.load_state_dict(saved["state"])
    model.eval()
    bpe = BPE([tuple(m) for m in saved["merges"]], saved["specials"])
    novels = load_novels(args.deb)
    train_texts, _ = build_corpus(novels)
    train_ids = token_stream(bpe, train_texts)
    ranges = record_ranges(model, train_ids, config.context, args.range_windows, args.seed)

    writer = GGUFWriter()
    writer.add("general.architecture", STRING, "llama")
    writer.add("general.name", STRING, "EncryptedLM tiny Austen")
    writer.add("general.license", STRING, "Apache-2.0")
    writer.add("general.file_type", UINT32, 0)
    writer.add("llama.vocab_size", UINT32, config.vocab_size)
    writer.add("llama.context_length", UINT32, config.context)
    writer.add("llama.embedding_length", UINT32, config.d_model)
    writer.add("llama.block_count", UINT32, config.n_layers)
    writer.add("llama.feed_forward_length", UINT32, config.ffn_dim)
    writer.add("llama.rope.dimension_count", UINT32, config.head_dim)
    writer.add("llama.rope.freq_base", FLOAT32, config.rope_base)
    writer.add("llama.attention.head_count", UINT32, config.n_heads)
    writer.add("llama.attention.head_count_kv", UINT32, config.n_kv_heads)
    writer.add("llama.attention.layer_norm_rms_epsilon", FLOAT32, config.eps)
    writer.add("tokenizer.ggml.model", STRING, "gpt2")
    writer.add("tokenizer.ggml.pre", STRING, "gpt2")
    writer.add_array("tokenizer.ggml.tokens", STRING, bpe.tokens)
    writer.add_array("tokenizer.ggml.token_type", INT32, [3 if t in bpe.specials else 1 for t in bpe.tokens])
    writer.add_array("tokenizer.ggml.merges", STRING, [f"{a} {b}" for a, b in bpe.merges])
    eot = bpe.ids[END_OF_TEXT]
    writer.add("tokenizer.ggml.bos_token_id", UINT32, eot)
    writer.add("tokenizer.ggml.eos_token_id", UINT32, eot)
    writer.add("encryptedlm.training.held_out_loss", FLOAT32, saved["held_out_loss"])
    writer.add("encryptedlm.training.steps", UINT32, saved["steps"])
    writer.add("encryptedlm.training.data", STRING, "Jane Austen's six novels (Debian r-cran-janeaustenr), "
               "last 5% of each held out")
    writer.add("encryptedlm.ranges.windows", UINT32, args.range_windows)
    for key, (low, high) in sorted(ranges.items()):
        writer.add_array(f"encryptedlm.ranges.{key}", FLOAT32, [low, high])
    state = model.state_dict()
    writer.add_tensor("token_embd.weight", state["token_embd.weight"].numpy())
    for i in range(config.n_layers):
        for name in ("attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_up",
                     "ffn_down"):
            writer.add_tensor(f"blk.{i}.{name}.weight", state[f"blocks.{i}.{name}.weight"].numpy())
    writer.add_tensor("output_norm.weight", state["output_norm.weight"].numpy())
    os.makedirs(os.path.dirname(GGUF_PATH), exist_ok=True)
    size = writer.write(GGUF_PATH)
    print(f"wrote {GGUF_PATH} ({size} bytes)")
    for key, (low, high) in sorted(ranges.items()):
        print(f"  range {key}: [{low:.4g}, {high:.4g}]")

    # Reference values, computed in float64 from the float32 weights exactly as exported.
    reference = model.double()
    ids = bpe.encode(REFERENCE_PROMPT)
    with torch.no_grad():
        logits = reference(torch.tensor([ids]))[0]
    last = logits[-1]
    fixture = {
        "generator": "Scripts/train-tiny-model.py --export-only",
        "prompt": REFERENCE_PROMPT,
        "token_ids": ids,
        "last_logits": [round(float(v), 6) for v in last],
        "last_logits_sum": float(last.sum()),
        "first_position_logits_head": [round(float(v), 6) for v in logits[0, :8]],
        "greedy_continuation_ids": [],
        "tokenizer_golden": [{"text": t, "ids": bpe.encode(t)} for t in TOKENIZER_GOLDEN],
        "held_out_loss": saved["held_out_loss"],
    }
    greedy = list(ids)
    with torch.no_grad():
        for _ in range(16):
            greedy.append(int(reference(torch.tensor([greedy]))[0, -1].argmax()))
    fixture["greedy_continuation_ids"] = greedy[len(ids):]
    os.makedirs(os.path.dirname(FIXTURE_PATH), exist_ok=True)
    with open(FIXTURE_PATH, "w") as handle:
        json.dump(fixture, handle, indent=1)
    print(f"wrote {FIXTURE_PATH}")
    model.float()
    for prompt in ("It is a truth universally acknowledged", "Mr. Darcy", "\n\n"):
        print(f"--- sample (T=0.8, seed 1) from {prompt!r}:\n{sample(model, bpe, prompt, 80, 0.8, 1)}")
    print(f"--- greedy from the reference prompt:\n{bpe.decode(greedy)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=40, help="training wall-clock budget")
    parser.add_argument("--steps", type=int, default=0, help="fixed step count (overrides --minutes)")
    parser.add_argument("--vocab", type=int, default=512)
    parser.add_argument("--d-model", type=int, default=128)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--kv-heads", type=int, default=2)
    parser.add_argument("--ffn", type=int, default=384)
    parser.add_argument("--context", type=int, default=128)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--range-windows", type=int, default=512, help="training windows for the ranges")
    parser.add_argument("--deb", help="path to r-cran-janeaustenr_*.deb (default: apt-get download)")
    parser.add_argument("--checkpoint", default="/tmp/tiny-model.pt")
    parser.add_argument("--export-only", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.export_only:
        export(args)
    else:
        train(args)


if __name__ == "__main__":
    main()
