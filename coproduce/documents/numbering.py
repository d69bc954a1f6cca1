"""Display numbers for clauses: 1, 2, 2.1, 2.2, 3 ..."""

from __future__ import annotations

MAX_LEVEL = 3


def clause_numbers(levels: list[int]) -> list[str]:
    """Number clauses from their nesting levels; a level may deepen by one step at most."""
    counters: list[int] = []
    numbers = []
    for level in levels:
        level = max(1, min(level, len(counters) + 1, MAX_LEVEL))
        del counters[level:]
        if len(counters) < level:
            counters.append(0)
        counters[level - 1] += 1
        numbers.append(".".join(str(c) for c in counters))
    return numbers


def effective_levels(levels: list[int]) -> list[int]:
    """The levels actually used for numbering (a clause cannot skip a level)."""
    result: list[int] = []
    for level in levels:
        depth = len(result) and result[-1]
        result.append(max(1, min(level, depth + 1, MAX_LEVEL)))
    return result
