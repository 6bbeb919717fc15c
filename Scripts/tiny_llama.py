"""A small Llama-architecture model in PyTorch, laid out as llama.cpp evaluates a GGUF of architecture "llama".

RoPE uses llama.cpp's NORM layout: dimensions (2i, 2i+1) of each head form a rotated pair, with angle
position * base^(-2i/head_dim). Training in that layout means the exported Q/K weights need no permutation
(llama.cpp's converter permutes Hugging Face weights, which rotate halves, into this layout).
"""
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class Config:
    vocab_size: int = 512
    d_model: int = 128
    n_layers: int = 3
    n_heads: int = 4
    n_kv_heads: int = 2
    ffn_dim: int = 384
    context: int = 128
    rope_base: float = 10000.0
    eps: float = 1e-5

    @property
    def head_dim(self):
        return self.d_model // self.n_heads


class RangeRecorder:
    """Min and max of every nonlinearity input seen while enabled (for the encrypted path's approximations)."""

    def __init__(self):
        self.ranges = {}

    def record(self, key, values):
        low, high = float(values.min()), float(values.max())
        old = self.ranges.get(key)
        self.ranges[key] = (min(low, old[0]), max(high, old[1])) if old else (low, high)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps, name):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps
        self.name = name

    def forward(self, x, recorder=None):
        mean_square = x.pow(2).mean(-1, keepdim=True)
        if recorder is not None:
            recorder.record(f"{self.name}.mean_square", mean_square)
        return x * torch.rsqrt(mean_square + self.eps) * self.weight


def rope_tables(config, positions, dtype):
    half = config.head_dim // 2
    inv_freq = config.rope_base ** (-torch.arange(half, dtype=torch.float64) * 2 / config.head_dim)
    angles = positions.to(torch.float64)[:, None] * inv_freq[None, :]
    return torch.cos(angles).to(dtype), torch.sin(angles).to(dtype)


def apply_rope(x, cos, sin):
    """x: (batch, heads, seq, head_dim); rotates the interleaved pairs (2i, 2i+1)."""
    even, odd = x[..., 0::2], x[..., 1::2]
    rotated_even = even * cos - odd * sin
    rotated_odd = even * sin + odd * cos
    return torch.stack((rotated_even, rotated_odd), dim=-1).flatten(-2)


class Block(nn.Module):
    def __init__(self, config, index):
        super().__init__()
        c = config
        self.config = c
        self.index = index
        self.attn_norm = RMSNorm(c.d_model, c.eps, f"blk.{index}.attn_norm")
        self.attn_q = nn.Linear(c.d_model, c.n_heads * c.head_dim, bias=False)
        self.attn_k = nn.Linear(c.d_model, c.n_kv_heads * c.head_dim, bias=False)
        self.attn_v = nn.Linear(c.d_model, c.n_kv_heads * c.head_dim, bias=False)
        self.attn_output = nn.Linear(c.n_heads * c.head_dim, c.d_model, bias=False)
        self.ffn_norm = RMSNorm(c.d_model, c.eps, f"blk.{index}.ffn_norm")
        self.ffn_gate = nn.Linear(c.d_model, c.ffn_dim, bias=False)
        self.ffn_up = nn.Linear(c.d_model, c.ffn_dim, bias=False)
        self.ffn_down = nn.Linear(c.ffn_dim, c.d_model, bias=False)

    def forward(self, x, cos, sin, recorder=None):
        c = self.config
        batch, seq, _ = x.shape
        h = self.attn_norm(x, recorder)
        q = self.attn_q(h).view(batch, seq, c.n_heads, c.head_dim).transpose(1, 2)
        k = self.attn_k(h).view(batch, seq, c.n_kv_heads, c.head_dim).transpose(1, 2)
        v = self.attn_v(h).view(batch, seq, c.n_kv_heads, c.head_dim).transpose(1, 2)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        group = c.n_heads // c.n_kv_heads
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)
        if recorder is None:
            attended = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            scores = q @ k.transpose(-1, -2) / c.head_dim ** 0.5
            causal = torch.ones(seq, seq, dtype=torch.bool, device=x.device).tril()
            recorder.record(f"blk.{self.index}.attn_scores", scores[..., causal])
            attended = scores.masked_fill(~causal, float("-inf")).softmax(-1) @ v
        x = x + self.attn_output(attended.transpose(1, 2).reshape(batch, seq, -1))
        h = self.ffn_norm(x, recorder)
        gate = self.ffn_gate(h)
        if recorder is not None:
            recorder.record(f"blk.{self.index}.silu_input", gate)
        return x + self.ffn_down(F.silu(gate) * self.ffn_up(h))


class TinyLlama(nn.Module):
    """Tied input embedding and output head, as in SmolLM2."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.token_embd = nn.Embedding(config.vocab_size, config.d_model)
        self.blocks = nn.ModuleList(Block(config, i) for i in range(config.n_layers))
        self.output_norm = RMSNorm(config.d_model, config.eps, "output_norm")
        nn.init.normal_(self.token_embd.weight, std=0.02)
        for block in self.blocks:
            for linear in (block.attn_q, block.attn_k, block.attn_v, block.ffn_gate, block.ffn_up):
                nn.init.normal_(linear.weight, std=0.02)
            for linear in (block.attn_output, block.ffn_down):
                nn.init.normal_(linear.weight, std=0.02 / (2 * config.n_layers) ** 0.5)

    def forward(self, ids, recorder=None):
        x = self.token_embd(ids)
        positions = torch.arange(ids.shape[1], device=ids.device)
        cos, sin = rope_tables(self.config, positions, x.dtype)
        for block in self.blocks:
            x = block(x, cos, sin, recorder)
        logits = self.output_norm(x, recorder) @ self.token_embd.weight.T
        if recorder is not None:
            recorder.record("logits", logits)
        return logits
