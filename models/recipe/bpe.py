"""A byte-level BPE vocabulary in CLIP's file format, learned from the grammar's words.

CLIP's layout: ids 0-255 are the byte characters, 256-511 the same with '</w>' (end of word), then one
id per merge in merges.txt order, then <|startoftext|> and <|endoftext|>. Learning the merges from
the grammar's words makes every one of them a single token; any other text still tokenizes, into
smaller pieces.
"""
import json
import re


def bytes_to_unicode():
    """CLIP's (and GPT-2's) reversible map from bytes to printable characters."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(
        range(ord("®"), ord("ÿ") + 1))
    characters = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            characters.append(256 + extra)
            extra += 1
    return dict(zip(printable, map(chr, characters)))


def _symbols(word):
    byte_chars = bytes_to_unicode()
    symbols = [byte_chars[b] for b in word.encode("utf-8")]
    symbols[-1] += "</w>"
    return symbols


def merge_pair(symbols, pair):
    """The symbols with every adjacent occurrence of pair joined, left to right."""
    merged, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            merged.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            merged.append(symbols[i])
            i += 1
    return merged


def learn_merges(words):
    """Standard BPE training: merge the most frequent adjacent pair until every word is one symbol."""
    segmented = {word: _symbols(word) for word in words}
    merges = []
    while True:
        counts = {}
        for symbols in segmented.values():
            for pair in zip(symbols, symbols[1:]):
                counts[pair] = counts.get(pair, 0) + 1
        if not counts:
            return merges
        best = min(counts, key=lambda pair: (-counts[pair], pair))
        merges.append(best)
        for word, symbols in segmented.items():
            segmented[word] = merge_pair(symbols, best)


class Tokenizer:
    """CLIP's tokenization (lower-case, whitespace-normalised, pattern split, BPE by merge rank)."""
    PATTERN = re.compile(r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d+|[^\s\w]+|_+""",
                         re.IGNORECASE)

    def __init__(self, merges):
        byte_chars = list(bytes_to_unicode().values())
        vocab = byte_chars + [c + "</w>" for c in byte_chars] + ["".join(m) for m in merges]
        vocab += ["<|startoftext|>", "<|endoftext|>"]
        self.encoder = {token: i for i, token in enumerate(vocab)}
        self.ranks = {merge: i for i, merge in enumerate(merges)}
        self.merges = merges
        self.start, self.end = self.encoder["<|startoftext|>"], self.encoder["<|endoftext|>"]
        # The grammar has a few dozen words and training encodes tens of thousands of captions.
        self.segmented = {}

    def bpe(self, word):
        if word not in self.segmented:
            self.segmented[word] = self._merge(word)
        return self.segmented[word]

    def _merge(self, word):
        symbols = _symbols(word)
        while len(symbols) > 1:
            pairs = set(zip(symbols, symbols[1:]))
            best = min(pairs, key=lambda pair: self.ranks.get(pair, float("inf")))
            if best not in self.ranks:
                break
            symbols = merge_pair(symbols, best)
        return symbols

    def encode(self, text, length=77):
        text = re.sub(r"\s+", " ", text).strip().lower()
        ids = [self.start]
        for word in self.PATTERN.findall(text):
            ids += [self.encoder[s] for s in self.bpe(word)]
        ids = ids[:length - 1] + [self.end]
        return ids + [self.end] * (length - len(ids))

    def save(self, folder):
        with open(f"{folder}/vocab.json", "w", encoding="utf-8") as out:
            json.dump(self.encoder, out, ensure_ascii=False)
        with open(f"{folder}/merges.txt", "w", encoding="utf-8") as out:
            out.write("#version: 0.2 - learned from the Atelier shapes grammar\n")
            for first, second in self.merges:
                out.write(f"{first} {second}\n")
        config = {"model_max_length": 77, "bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>",
                  "pad_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "do_lower_case": True,
                  "tokenizer_class": "CLIPTokenizer"}
        with open(f"{folder}/tokenizer_config.json", "w", encoding="utf-8") as out:
            json.dump(config, out, indent=2)
