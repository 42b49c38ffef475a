"""A small co-occurrence network: one entity in the middle, its neighbours around it.

Coordinates are computed here and drawn by the template as inline SVG, so the
graph needs no script and every label is escaped text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SIZE = 360
RADIUS = 130


@dataclass(frozen=True, slots=True)
class Node:
    """A circle with a label; ``weight`` (0..1) sets the edge width to the centre."""

    id: str
    name: str
    type: str
    x: float
    y: float
    together: int
    weight: float


def star(center: dict[str, Any], neighbours: Sequence[dict[str, Any]]) -> tuple[Node, list[Node]]:
    """Place ``center`` in the middle and ``neighbours`` evenly on a circle.

    neighbours: rows with id, name, type, together (sentences shared).
    RETURNS (tuple): the centre node and the neighbour nodes.
    """
    mid = SIZE / 2
    top = max((n["together"] for n in neighbours), default=1) or 1
    hub = Node(center["id"], center["name"], center["type"], mid, mid, 0, 1.0)
    nodes = []
    for i, row in enumerate(neighbours):
        angle = 2 * math.pi * i / max(1, len(neighbours)) - math.pi / 2
        x = round(mid + RADIUS * math.cos(angle), 1)
        y = round(mid + RADIUS * math.sin(angle), 1)
        weight = row["together"] / top
        nodes.append(Node(row["id"], row["name"], row["type"], x, y, row["together"], weight))
    return hub, nodes
