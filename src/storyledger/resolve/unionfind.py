"""Union-find over integer items, with a reason per join and cannot-link groups.

Merging is near-linear: every rule proposes joins through dictionary
indexes, and this structure applies them. A user's split becomes a
cannot-link constraint: two sides that must stay apart are tagged, and a join
that would bring both tags of one split into one cluster is refused.
"""

from __future__ import annotations

from collections.abc import Iterable


class UnionFind:
    """Clusters of items ``0..n-1``; ``reasons[i]`` says why item ``i`` joined (None: never): one
    reason per join that brought its cluster together with another, first join first."""

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))
        self._size = [1] * size
        self._tags: dict[int, set[tuple[int, int]]] = {}
        #: per item (a list, not a map: a case has 100,000 items, most joined once)
        self.reasons: list[list[str] | None] = [None] * size

    def find(self, item: int) -> int:
        """RETURNS (int): the root of ``item``'s cluster (with path halving)."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def tag(self, item: int, split: int, side: int) -> None:
        """Mark ``item`` as being on ``side`` (0 or 1) of the user's split ``split``."""
        self._tags.setdefault(self.find(item), set()).add((split, side))

    def can_join(self, a: int, b: int) -> bool:
        """RETURNS (bool): False when joining would undo a user's split."""
        if not self._tags:  # no split in the case: every join is allowed
            return True
        tags_a = self._tags.get(self.find(a), set())
        tags_b = self._tags.get(self.find(b), set())
        return not any((split, 1 - side) in tags_b for split, side in tags_a)

    def join(self, item: int, target: int, reason: str) -> bool:
        """Put ``item`` in ``target``'s cluster, noting why on ``item`` (beside any reason
        an earlier join gave it, so that every merge keeps its reason).

        RETURNS (bool): True when two clusters became one.
        """
        root_a, root_b = self.find(item), self.find(target)
        if root_a == root_b or not self.can_join(item, target):
            return False
        if self._size[root_a] > self._size[root_b]:  # union by size keeps trees shallow
            root_a, root_b = root_b, root_a
        self._parent[root_a] = root_b
        self._size[root_b] += self._size[root_a]
        tags = self._tags.pop(root_a, None)
        if tags:
            self._tags.setdefault(root_b, set()).update(tags)
        found = self.reasons[item]
        if found is None:
            self.reasons[item] = [reason]
        elif reason not in found:
            found.append(reason)
        return True

    def clusters(self, items: Iterable[int]) -> dict[int, list[int]]:
        """RETURNS (dict[int, list[int]]): root -> members, in item order."""
        groups: dict[int, list[int]] = {}
        for item in items:
            groups.setdefault(self.find(item), []).append(item)
        return groups
