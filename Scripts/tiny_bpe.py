"""Byte-level BPE in the GPT-2 style, trained from scratch for the tiny embedded model.

The token strings use GPT-2's byte-to-unicode mapping, pre-tokenisation uses GPT-2's regex split, and encoding
applies merges lowest rank first, exactly as llama.cpp (and the Swift `BPETokenizer`) do for
`tokenizer.ggml.model = "gpt2"`, `tokenizer.ggml.pre = "gpt2"`.
"""
from collections import Counter

import regex

GPT2_SPLIT = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")
END_OF_TEXT = "<|endoftext|>"


def bytes_to_unicode():
    """GPT-2's reversible map from the 256 byte values to printable unicode characters."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) \
        + list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(printable, chars)}


BYTE_TO_CHAR = bytes_to_unicode()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}


def pre_tokenize(text):
    """GPT-2's split of text into words, each mapped to its byte-level unicode string."""
    return ["".join(BYTE_TO_CHAR[b] for b in piece.encode("utf-8")) for piece in GPT2_SPLIT.findall(text)]


class BPE:
    """A vocabulary: special tokens first, then the 256 byte tokens, then one token per merge."""

    def __init__(self, merges, specials=(END_OF_TEXT,)):
        self.specials = list(specials)
        self.merges = list(merges)
        self.tokens = self.specials + [BYTE_TO_CHAR[b] for b in range(256)] + [a + b for a, b in self.merges]
        self.ids = {t: i for i, t in enumerate(self.tokens)}
        self.ranks = {pair: r for r, pair in enumerate(self.merges)}
        self.cache = {}

    @staticmethod
    def train(text_words, vocab_size, specials=(END_OF_TEXT,)):
        """Learns merges from a Counter of pre-tokenised words until the vocabulary has `vocab_size` tokens."""
        words = [(list(w), n) for w, n in text_words.items()]
        merges = []
        target = vocab_size - len(specials) - 256
        pair_counts = Counter()
        where = {}
        for index, (symbols, n) in enumerate(words):
            for pair in zip(symbols, symbols[1:]):
                pair_counts[pair] += n
                where.setdefault(pair, set()).add(index)
        while len(merges) < target and pair_counts:
            # Most frequent pair; ties go to the lexicographically smallest pair so training is deterministic.
            best = min(pair_counts.items(), key=lambda item: (-item[1], item[0]))[0]
            if pair_counts[best] < 2:
                break
            merges.append(best)
            merged = best[0] + best[1]
            for index in list(where.get(best, ())):
                symbols, n = words[index]
                for pair in zip(symbols, symbols[1:]):
                    pair_counts[pair] -= n
                    if pair_counts[pair] <= 0:
                        del pair_counts[pair]
                out, i = [], 0
                while i < len(symbols):
                    if i + 1 < len(symbols) and symbols[i] == best[0] and symbols[i + 1] == best[1]:
                        out.append(merged)
                        i += 2
                    else:
                        out.append(symbols[i])
                        i += 1
                words[index] = (out, n)
                for pair in zip(out, out[1:]):
                    pair_counts[pair] += n
                    where.setdefault(pair, set()).add(index)
        return BPE(merges, specials)

    def encode_word(self, word):
        """Applies merges to one pre-tokenised word, lowest rank first."""
        cached = self.cache.get(word)
        if cached is not None:
            return cached
        symbols = list(word)
        while len(symbols) > 1:
            ranked = [(self.ranks.get(pair, 1 << 30), i) for i, pair in enumerate(zip(symbols, symbols[1:]))]
            rank, i = min(ranked)
            if rank == 1 << 30:
                break
            symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
        ids = [self.ids[s] for s in symbols]
        self.cache[word] = ids
        return ids

    def encode(self, text):
        """Token ids of `text`; special tokens are matched as whole strings before BPE."""
        ids = []
        pattern = "(" + "|".join(regex.escape(s) for s in self.specials) + ")"
        for part in regex.split(pattern, text):
            if not part:
                continue
            if part in self.specials:
                ids.append(self.ids[part])
                continue
            for word in pre_tokenize(part):
                ids.extend(self.encode_word(word))
        return ids

    def decode(self, ids):
        out = bytearray()
        for i in ids:
            token = self.tokens[i]
            if token in self.specials:
                out.extend(token.encode("utf-8"))
            else:
                out.extend(CHAR_TO_BYTE[c] for c in token)
        return out.decode("utf-8", errors="replace")
