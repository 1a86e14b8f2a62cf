"""A crude, conservative estimate of how much entropy a configured secret has.

It cannot prove a secret random; it refuses the obviously guessable ones (``aaaa…``,
``abab…``, ``0123…``, a word repeated) that a length check alone lets through. The estimate
is the per-character Shannon entropy of the secret (the lower of that of its characters and
that of the differences between neighbouring characters, which catches runs such as
``abcdef``) times the number of characters not explained by repetition (for the best period
p, the characters that differ from the one p places before). The rule is documented in
docs/backend/fastapi/CONFIGURATION.md under JWT_SECRET.
"""

import math
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Final

MIN_SECRET_ENTROPY_BITS: Final = 60
"""Refusal threshold. Random secrets of 32 characters estimate far above it (hex: about 100
bits, never under 68 in 30,000 draws; base64: about 140)."""


def _shannon_bits(symbols: Sequence[int]) -> float:
    """Entropy per symbol of the symbols' own frequency distribution."""
    if not symbols:
        return 0.0
    total = len(symbols)
    return -sum(n / total * math.log2(n / total) for n in Counter(symbols).values())


def _novel_characters(value: str) -> int:
    """Characters left once the best-fitting repetition (any period up to half) explains some."""
    length = len(value)
    best = length
    for period in range(1, length // 2 + 1):
        novel = period + sum(1 for i in range(period, length) if value[i] != value[i - period])
        best = min(best, novel)
    return best


def estimated_entropy_bits(value: str) -> float:
    """A lower-leaning entropy estimate of ``value`` in bits (see the module docstring)."""
    codes = [ord(character) for character in value]
    deltas = [after - before for before, after in pairwise(codes)]
    per_character = min(_shannon_bits(codes), _shannon_bits(deltas))
    return per_character * _novel_characters(value)
