"""Filling one outcome's quota: the most deals possible, then the highest total score, within the caps.

Without caps this is the top N by score (ties: lower deal id first). With a cap
per segment and/or per competitor it is a min-cost max-flow, exact:

    source ─(quota)→ hub ─(segment cap)→ segment ─(1, −weight)→ deal ─(1)→ competitor ─(competitor cap)→ sink

A deal without a named segment (or competitor) skips that layer: it is not
capped there. The weight of a deal is its score in tenths, scaled so that any
difference in total score outweighs every tie-break, plus a tie-break
preferring lower deal ids. Successive shortest paths (Bellman-Ford on the
residual graph, small after pruning) give the cheapest flow of each size;
augmenting until no path is left or the quota is reached gives the largest
selection, and among those the best-scoring one.

Pruning keeps the graph small: deals sharing a segment and a competitor are
interchangeable for the caps, so only the best ``min(quota, caps)`` of each
such class can ever be chosen.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Item:
    """A deal competing for a quota: ``units`` is its score in tenths (an integer)."""

    deal_id: int
    units: int
    segment: Hashable | None
    """None: not capped per segment."""
    competitor: Hashable | None
    """None: not capped per competitor."""


def _order(item: Item) -> tuple[int, int]:
    return (-item.units, item.deal_id)


def choose(items: Sequence[Item], quota: int, max_per_segment: int | None = None,
           max_per_competitor: int | None = None) -> list[Item]:  # fmt: skip
    """The chosen items, best first (score descending, then deal id)."""
    if quota <= 0 or not items:
        return []
    ranked = sorted(items, key=_order)
    if max_per_segment is None and max_per_competitor is None:
        return ranked[:quota]
    if _fits(ranked[:quota], max_per_segment, max_per_competitor):
        return ranked[:quota]  # the best ones already respect the caps: nothing can beat them
    candidates = _prune(ranked, quota, max_per_segment, max_per_competitor)
    chosen = _flow(candidates, quota, max_per_segment, max_per_competitor)
    return sorted(chosen, key=_order)


def _prune(ranked: list[Item], quota: int, seg_cap: int | None, comp_cap: int | None) -> list[Item]:
    """Keep, per (segment, competitor) class, only as many of its best items as could ever be chosen."""
    limit = quota
    per_class: dict[tuple[Hashable | None, Hashable | None], int] = {}
    kept = []
    for item in ranked:
        key = (item.segment, item.competitor)
        bound = limit
        if seg_cap is not None and item.segment is not None:
            bound = min(bound, seg_cap)
        if comp_cap is not None and item.competitor is not None:
            bound = min(bound, comp_cap)
        seen = per_class.get(key, 0)
        if seen < bound:
            per_class[key] = seen + 1
            kept.append(item)
    return kept


def _fits(items: Sequence[Item], seg_cap: int | None, comp_cap: int | None) -> bool:
    """Whether the top ``quota`` items already respect both caps (then they are optimal)."""
    segments: dict[Hashable, int] = {}
    competitors: dict[Hashable, int] = {}
    for item in items:
        if seg_cap is not None and item.segment is not None:
            segments[item.segment] = segments.get(item.segment, 0) + 1
            if segments[item.segment] > seg_cap:
                return False
        if comp_cap is not None and item.competitor is not None:
            competitors[item.competitor] = competitors.get(item.competitor, 0) + 1
            if competitors[item.competitor] > comp_cap:
                return False
    return True


class _Graph:
    """A residual graph with integer capacities and costs (edge i and its reverse i ^ 1)."""

    def __init__(self) -> None:
        self.head: list[list[int]] = []
        self.to: list[int] = []
        self.cap: list[int] = []
        self.cost: list[int] = []

    def node(self) -> int:
        self.head.append([])
        return len(self.head) - 1

    def edge(self, a: int, b: int, capacity: int, cost: int) -> int:
        index = len(self.to)
        self.to += [b, a]
        self.cap += [capacity, 0]
        self.cost += [cost, -cost]
        self.head[a].append(index)
        self.head[b].append(index + 1)
        return index

    def shortest_path(self, source: int, sink: int) -> list[int] | None:
        """The edges of a cheapest path with spare capacity (Bellman-Ford, queue-based; deterministic)."""
        size = len(self.head)
        distance: list[int | None] = [None] * size
        via = [-1] * size
        queued = [False] * size
        distance[source] = 0
        queue = deque([source])
        queued[source] = True
        while queue:
            a = queue.popleft()
            queued[a] = False
            base = distance[a]
            assert base is not None
            for e in self.head[a]:
                if self.cap[e] <= 0:
                    continue
                b = self.to[e]
                candidate = base + self.cost[e]
                current = distance[b]
                if current is None or candidate < current:
                    distance[b] = candidate
                    via[b] = e
                    if not queued[b]:
                        queued[b] = True
                        queue.append(b)
        if distance[sink] is None:
            return None
        path = []
        node = sink
        while node != source:
            e = via[node]
            path.append(e)
            node = self.to[e ^ 1]
        return path


def _flow(items: Sequence[Item], quota: int, seg_cap: int | None, comp_cap: int | None) -> list[Item]:
    graph = _Graph()
    source, hub, sink = graph.node(), graph.node(), graph.node()
    graph.edge(source, hub, quota, 0)
    by_id = sorted(items, key=lambda i: i.deal_id)
    count = len(by_id)
    scale = quota * count + 1  # a tenth of a point outweighs every tie-break together
    tie = {item.deal_id: count - 1 - index for index, item in enumerate(by_id)}
    segment_nodes: dict[Hashable, int] = {}
    competitor_nodes: dict[Hashable, int] = {}
    deal_edges: list[tuple[int, Item]] = []
    for item in items:
        entry = hub
        if seg_cap is not None and item.segment is not None:
            entry = segment_nodes.get(item.segment, -1)
            if entry < 0:
                entry = segment_nodes[item.segment] = graph.node()
                graph.edge(hub, entry, seg_cap, 0)
        exit_ = sink
        if comp_cap is not None and item.competitor is not None:
            exit_ = competitor_nodes.get(item.competitor, -1)
            if exit_ < 0:
                exit_ = competitor_nodes[item.competitor] = graph.node()
                graph.edge(exit_, sink, comp_cap, 0)
        deal = graph.node()
        weight = item.units * scale + tie[item.deal_id]
        deal_edges.append((graph.edge(entry, deal, 1, -weight), item))
        graph.edge(deal, exit_, 1, 0)
    for _ in range(quota):
        path = graph.shortest_path(source, sink)
        if path is None:
            break
        for e in path:  # every path carries one unit: deal edges have capacity 1
            graph.cap[e] -= 1
            graph.cap[e ^ 1] += 1
    return [item for e, item in deal_edges if graph.cap[e] == 0]
