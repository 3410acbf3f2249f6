"""Sets of documents as Python integers: bit ``d`` is set when document ``d`` is in the set.

Intersections, unions, differences (``a & b``, ``a | b``, ``a & ~b``) and counts
(``int.bit_count``) run in C over n/8 bytes: about a microsecond each for 100,000
documents. The embedded search ranks and counts facets with them instead of
visiting documents one by one in Python.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from itertools import repeat

_SMALL = 48


def from_ids(ids: Sequence[int], size: int) -> int:
    """The set of these document numbers (each below ``size``)."""
    if len(ids) <= _SMALL:
        bits = 0
        for docnum in ids:
            bits |= 1 << docnum
        return bits
    digits = bytearray(b"0") * size
    deque(map(digits.__setitem__, ids, repeat(49)), maxlen=0)  # 49 == ord("1")
    digits.reverse()
    return int(digits, 2)


def to_ids(bits: int) -> list[int]:
    """The document numbers in the set, ascending."""
    digits = bin(bits)[:1:-1]
    found: list[int] = []
    find = digits.find
    i = find("1")
    while i >= 0:
        found.append(i)
        i = find("1", i + 1)
    return found


def union(sets: Iterable[int]) -> int:
    bits = 0
    for s in sets:
        bits |= s
    return bits


class Membership:
    """Constant-time ``docnum in set`` for one set (a bitmap's bytes)."""

    __slots__ = ("_bytes",)

    def __init__(self, bits: int) -> None:
        self._bytes = bits.to_bytes((bits.bit_length() + 7) // 8 + 1, "little")

    def __contains__(self, docnum: int) -> bool:
        index = docnum >> 3
        return index < len(self._bytes) and bool(self._bytes[index] >> (docnum & 7) & 1)


class Scores:
    """Integer scores of every document at once, held as bit slices.

    Slice ``p`` is the set of documents whose score has bit ``p`` set; adding a set with
    a weight is a ripple-carry addition on whole sets, so scoring 100,000 documents
    costs a few dozen C-level operations, whatever the number of matches.
    """

    def __init__(self) -> None:
        self.slices: list[int] = []

    def add(self, bits: int, weight: int) -> None:
        """Add ``weight`` to the score of every document in ``bits``."""
        position = 0
        while weight and bits:
            if weight & 1:
                self._add_at(bits, position)
            weight >>= 1
            position += 1

    def _add_at(self, carry: int, position: int) -> None:
        slices = self.slices
        while carry:
            if position >= len(slices):
                slices.extend([0] * (position - len(slices)))
                slices.append(carry)
                return
            current = slices[position]
            slices[position] = current ^ carry
            carry &= current
            position += 1

    def best(self, candidates: int, k: int) -> tuple[int, int, int]:
        """The ``k`` best-scored candidates, as ``(above, tied, need)``.

        ``above`` holds fewer than ``k`` documents scored strictly above the k-th best;
        the rest are any ``need`` documents of ``tied``, which all share the k-th score.
        """
        above, group, need = 0, candidates, k
        for slice_ in reversed(self.slices):
            if need <= 0 or not group:
                break
            high = group & slice_
            count = high.bit_count()
            if count > need:
                group = high
            else:
                above |= high
                need -= count
                group &= ~slice_
        if need <= 0:
            group = 0
        return above, group, max(need, 0)

    def of(self, docnums: Iterable[int]) -> dict[int, int]:
        """The score of each of these (few) documents."""
        slices = [(Membership(s), 1 << p) for p, s in enumerate(self.slices)]
        return {d: sum(value for members, value in slices if d in members) for d in docnums}
