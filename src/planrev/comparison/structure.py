"""Structural comparison of two drafts: pair nodes, diff what changed, label and link it.

Nodes are paired by id first. What ids cannot pair (a node re-keyed, renamed or moved under a new
id) is paired by content through a candidate index — exact text by hash, then rare character
trigrams, scored by the overlap of character bigrams — so the cost grows with the number of
unpaired nodes, never with all pairs. Sections and fields are also paired by the blocks they hold.

Every paired node is diffed attribute by attribute (texts word by word with
:func:`planrev.comparison.text.diff_text`, KPI tables cell by cell); unpaired new nodes are additions,
unpaired old nodes deletions (a whole section added or deleted is one change, not one per line).
Changes are ordered as the new draft reads, labelled per scope, then reconciled with the revision
record and the opinions (:mod:`planrev.comparison.linking`).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TypeVar

from planrev.comparison.attributes import COMPARED, LEAVES, classify, diff_nodes, nature
from planrev.comparison.linking import change_findings, label_findings, link
from planrev.comparison.pieces import Pieces, find_pieces, piece_change
from planrev.comparison.result import (
    Change,
    Comparison,
    Move,
    NodeType,
    Renumbering,
)
from planrev.model import (
    ChangeKind,
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    OpinionSet,
    Pillar,
    Plan,
    Revision,
    Section,
    Statement,
)
from planrev.model.walk import Located, Node, PlanIndex

__all__ = ["compare"]

SIMILARITY_THRESHOLD = 0.6
"""Two nodes with different ids in the same place are taken for one node from this bigram overlap."""

MOVED_SIMILARITY_THRESHOLD = 0.75
"""The overlap needed when they also sit in different places: plans repeat stock phrases
(「…を活用し、地域の実情に応じて…」), so a node added in one section and another deleted elsewhere
must not pass for one moved node unless they read nearly the same."""

_MAX_DOCUMENT_FREQUENCY = 64
"""Trigrams found in more unpaired nodes than this are too common to propose candidates."""

_CANDIDATE_TRIGRAMS = 8
"""How many of a node's rarest trigrams are looked up."""

_CANDIDATES_SCORED = 12
"""How many candidates (the most trigrams in common) are scored per node."""

_K = TypeVar("_K")
_V = TypeVar("_V")

_KEEP = 1_000_000
"""Weight of keeping a sibling in place, above any tie-breaking weight."""


_STRUCTURAL: frozenset[NodeType] = frozenset(("pillar", "field", "section"))


def _content(node: Node) -> str | None:
    """Return the text that identifies a node when its id changed, or None if it has none."""
    if isinstance(node, Statement | Note):
        return node.text
    if isinstance(node, Footnote):
        return f"{node.mark}{node.text}"
    if isinstance(node, KpiRow):
        return node.indicator
    if isinstance(node, KpiTable):
        return node.title + "".join(row.indicator for row in node.rows)
    return node.title


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _similarity(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


class _Memo(dict[_K, _V]):
    """A dict that computes and keeps the value of a key on first lookup."""

    def __init__(self, compute: Callable[[_K], _V]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: _K) -> _V:
        value = self[key] = self._compute(key)
        return value


def _first_free(bucket: list[Located] | None, taken: set[str]) -> Located | None:
    """Return the first node of ``bucket`` not yet ``taken`` (dropping taken ones), or None."""
    while bucket:
        if bucket[0].id not in taken:
            return bucket[0]
        bucket.pop(0)
    return None


class _Pairing:
    """Which old node each new node is (ids first, then content)."""

    def __init__(self, old_index: PlanIndex, new_index: PlanIndex) -> None:
        self.new_to_old: dict[str, Located] = {}
        self.old_to_new: dict[str, Located] = {}
        self.pieces: dict[str, Pieces] = {}
        """The splits and merges, by the id of their (first) new statement."""
        self.part_ids: set[str] = set()
        """The further pieces of splits (new ids) and merges (old ids): part of those changes."""
        self.old_index = old_index
        old, new = old_index.nodes, new_index.nodes
        old_by_id = old_index.by_id
        new_to_old = self.new_to_old
        old_to_new = self.old_to_new
        unmatched = []
        for entry in new:
            match = old_by_id.get(entry.id)
            if match is not None and match.node_type == entry.node_type:
                new_to_old[entry.id] = match
                old_to_new[match.id] = entry
            else:
                unmatched.append(entry)
        # What ids left unpaired, in document order: the later passes only look among these
        # (pairs are never undone, so filtering them again gives what filtering all would).
        self._old_left = [entry for entry in old if entry.id not in old_to_new]
        self._new_left = [entry for entry in unmatched if entry.id not in new_to_old]
        self._pair_by_content(structural=False)
        self._pair_structural_by_children(old, new)
        self._pair_by_content(structural=True)

    def _pair(self, old: Located, new: Located) -> None:
        """Record that ``old`` and ``new`` are the same node."""
        self.new_to_old[new.id] = old
        self.old_to_new[old.id] = new

    def _unpaired(self, structural: bool) -> tuple[list[Located], list[Located]]:
        """Return the old and the new nodes still unpaired, structural ones or the others."""
        return (
            [
                e
                for e in self._old_left
                if e.id not in self.old_to_new
                and e.id not in self.part_ids
                and (e.node_type in _STRUCTURAL) == structural
            ],
            [
                e
                for e in self._new_left
                if e.id not in self.new_to_old
                and e.id not in self.part_ids
                and (e.node_type in _STRUCTURAL) == structural
            ],
        )

    def _pair_by_content(self, structural: bool) -> None:
        old_left, new_left = self._unpaired(structural)
        if not old_left or not new_left:
            return
        # Exact content first (a node re-keyed without other change), by hash; where several old
        # nodes read the same (every table titled KPI), the one in the same place first.
        by_text: dict[tuple[NodeType, str], list[Located]] = defaultdict(list)
        by_place: dict[tuple[NodeType, str, str | None], list[Located]] = defaultdict(list)
        for entry in old_left:
            text = _content(entry.node)
            if text:
                by_text[(entry.node_type, text)].append(entry)
                by_place[(entry.node_type, text, entry.holder)].append(entry)
        taken: set[str] = set()
        remaining_new = []
        for entry in new_left:
            text = _content(entry.node)
            match = None
            if text:
                holder = self.new_to_old.get(entry.holder) if entry.holder is not None else None
                if holder is not None or entry.holder is None:
                    key = (entry.node_type, text, holder.id if holder is not None else None)
                    match = _first_free(by_place.get(key), taken)
                if match is None:
                    match = _first_free(by_text.get((entry.node_type, text)), taken)
            if match is not None:
                taken.add(match.id)
                self._pair(match, entry)
            else:
                remaining_new.append(entry)
        old_left = [e for e in old_left if e.id not in self.old_to_new]
        if not structural:
            # Then statements split or merged (before single similar ones: a piece of a split
            # reads somewhat like the whole and must not be taken for it).
            for pieces in find_pieces(old_left, remaining_new):
                self._pair(pieces.old[0], pieces.new[0])
                self.pieces[pieces.new[0].id] = pieces
                self.part_ids.update(e.id for e in (*pieces.old[1:], *pieces.new[1:]))
            if self.pieces:
                old_left = [e for e in old_left if e.id not in self.old_to_new]
                old_left = [e for e in old_left if e.id not in self.part_ids]
                remaining_new = [e for e in remaining_new if e.id not in self.new_to_old]
                remaining_new = [e for e in remaining_new if e.id not in self.part_ids]
        if not old_left or not remaining_new:
            return
        # Then similar content, through an index of rare trigrams.
        postings: dict[str, list[int]] = defaultdict(list)
        old_grams: list[set[str]] = []
        for index, entry in enumerate(old_left):
            text = _content(entry.node) or ""
            old_grams.append(_bigrams(text))
            for gram in {text[i : i + 3] for i in range(len(text) - 2)} or {text}:
                postings[gram].append(index)
        scored: list[tuple[float, int, int]] = []
        for new_index, entry in enumerate(remaining_new):
            text = _content(entry.node) or ""
            if not text:
                continue
            # The rarest trigrams the old nodes have: a trigram no old node has (the words
            # the edit brought in) proposes nothing, and must not crowd out those that do.
            grams = sorted(
                (
                    gram
                    for gram in ({text[i : i + 3] for i in range(len(text) - 2)} or {text})
                    if gram in postings
                ),
                key=lambda gram: (len(postings[gram]), gram),
            )
            votes: Counter[int] = Counter()
            for gram in grams[:_CANDIDATE_TRIGRAMS]:
                posting = postings.get(gram, [])
                if len(posting) <= _MAX_DOCUMENT_FREQUENCY:
                    votes.update(posting)
            new_grams = _bigrams(text)
            kind = entry.node_type
            for old_index, _count in votes.most_common(_CANDIDATES_SCORED):
                candidate = old_left[old_index]
                if candidate.node_type != kind:
                    continue
                score = _similarity(new_grams, old_grams[old_index])
                same_place = self.container_in_new(candidate.holder) == entry.holder
                needed = SIMILARITY_THRESHOLD if same_place else MOVED_SIMILARITY_THRESHOLD
                if score >= needed:
                    scored.append((score, new_index, old_index))
        # Best pairs first; each node pairs at most once.
        used_old: set[int] = set()
        used_new: set[int] = set()
        for score, new_index, old_index in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
            del score
            if new_index in used_new or old_index in used_old:
                continue
            used_new.add(new_index)
            used_old.add(old_index)
            self._pair(old_left[old_index], remaining_new[new_index])

    def _pair_structural_by_children(self, old: Sequence[Located], new: Sequence[Located]) -> None:
        """Pair sections (fields, pillars) whose blocks mostly moved together under a new id."""
        old_left, new_left = self._unpaired(structural=True)
        if not old_left or not new_left:
            return
        old_ids = {entry.id for entry in old_left}
        old_sizes: Counter[str] = Counter(entry.holder for entry in old if entry.holder in old_ids)
        # The children of each unpaired new node, in document order (grouped in one pass rather
        # than scanning the whole draft for each unpaired section).
        children: dict[str | None, list[Located]] = {entry.id: [] for entry in new_left}
        for child in new:
            if child.holder in children:
                children[child.holder].append(child)
        for entry in new_left:
            votes: Counter[str] = Counter()
            size = 0
            for child in children.get(entry.id, ()):
                size += 1
                partner = self.new_to_old.get(child.id)
                if partner is not None and partner.holder in old_ids:
                    votes[partner.holder] += 1
            if not votes:
                continue
            best, count = votes.most_common(1)[0]
            if best in self.old_to_new:
                continue
            if count * 2 > max(size, old_sizes[best]):
                self._pair(next(e for e in old_left if e.id == best), entry)

    def old_for(self, new_id: str) -> Located | None:
        return self.new_to_old.get(new_id)

    def new_for(self, old_id: str) -> Located | None:
        return self.old_to_new.get(old_id)

    def container_in_new(self, old_container: str | None) -> str | None:
        """Return the new id of an old container (None, the plan, maps to itself)."""
        if old_container is None:
            return None
        partner = self.old_to_new.get(old_container)
        return partner.id if partner is not None else f"\0deleted:{old_container}"


def _stable_positions(old_positions: list[int], weights: list[int]) -> set[int]:
    """Return the indexes of the heaviest increasing subsequence: the nodes that did not move.

    When siblings swap places either could be "the one that moved"; weights break the tie (a
    node declared as moved weighs nothing, a big section more than a line).
    """
    count = len(old_positions)
    if count > 400:  # plain longest increasing subsequence, O(n log n)
        return _longest_increasing(old_positions)
    best = list(weights)
    previous = [-1] * count
    for index in range(count):
        for earlier in range(index):
            if old_positions[earlier] < old_positions[index]:
                total = best[earlier] + weights[index]
                if total > best[index]:
                    best[index] = total
                    previous[index] = earlier
    kept: set[int] = set()
    index = max(range(count), key=lambda i: (best[i], -i)) if count else -1
    while index >= 0:
        kept.add(index)
        index = previous[index]
    return kept


def _longest_increasing(old_positions: list[int]) -> set[int]:
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(old_positions)
    for index, value in enumerate(old_positions):
        slot = bisect.bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[slot] = value
            tail_index[slot] = index
        previous[index] = tail_index[slot - 1] if slot > 0 else -1
    kept: set[int] = set()
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        kept.add(index)
        index = previous[index]
    return kept


def _reordered(
    by_container: dict[str | None, list[tuple[int, str]]],
    declared: set[str],
    subtrees: _Subtrees,
) -> set[str]:
    """Return the ids of nodes that changed place among siblings that stayed in one container.

    ``by_container`` holds, for each container, the (old place, id) of the paired children that
    stayed in it, in new order.
    """
    moved: set[str] = set()
    for siblings in by_container.values():
        positions = [position for position, _ in siblings]
        # Siblings still in their old order all stay (every weight is positive): the common
        # case needs no search.
        if all(earlier < later for earlier, later in pairwise(positions)):
            continue
        # Keep as many siblings in place as possible; among equally long choices keep the big
        # ones and let the ones a record declares as moved be the ones that moved.
        weights = [
            _KEEP + (0 if node_id in declared else min(subtrees.size(node_id), _KEEP - 1))
            for _, node_id in siblings
        ]
        kept = _stable_positions(positions, weights)
        moved.update(node_id for index, (_, node_id) in enumerate(siblings) if index not in kept)
    return moved


def _scope(located: Located, level: str) -> str | None:
    """Return the id of the node owning the opinion table (and label numbering) of a node."""
    # The outermost section (at section level), else the outermost field, else the pillar.
    field = pillar = None
    for holder in (*located.parents, located.node):
        holder_type = type(holder)
        if holder_type is Section and level == "section":
            return holder.id
        if holder_type is Field and field is None:
            field = holder.id
        elif holder_type is Pillar and pillar is None:
            pillar = holder.id
    return field if field is not None else pillar


def _deletion_anchor(
    entry: Located, previous: str | None, pairing: _Pairing, subtrees: _Subtrees
) -> int:
    """Return the position in the new draft after which a deleted node stood."""
    # Walk back to the nearest sibling still in the same container of the new draft: deleted
    # siblings are gone, and one that moved away is printed somewhere else.
    container = pairing.container_in_new(entry.holder)

    def stays(old_id: str) -> bool:
        partner = pairing.new_for(old_id)
        return partner is not None and partner.holder == container

    while previous is not None and not stays(previous):
        previous = pairing.old_index.by_id[previous].previous
    if previous is not None:
        partner = pairing.new_for(previous)
        assert partner is not None
        return subtrees.end(partner)
    if entry.holder is not None:
        holder = pairing.new_for(entry.holder)
        if holder is not None:
            return holder.position
    return -1


class _Subtrees:
    """The subtree ends and sizes of a draft's nodes, found on first use: only deletions (the
    siblings they follow) and reordered siblings need them, for a few nodes of the draft."""

    def __init__(self, index: PlanIndex) -> None:
        self._index = index
        self._ends: dict[str, int] = {}

    def end(self, entry: Located) -> int:
        """Return the document position of the last node inside ``entry``."""
        found = self._ends.get(entry.id)
        if found is None:
            found = self._ends[entry.id] = entry.position + len(self._index.subtree(entry)) - 1
        return found

    def size(self, node_id: str) -> int:
        """Return how many nodes the subtree of ``node_id`` holds (itself included), 1 if none."""
        found = self._index.by_id.get(node_id)
        return 1 if found is None else self.end(found) - found.position + 1


def _candidates(
    new_entries: Sequence[Located], pairing: _Pairing, declared: set[str], subtrees: _Subtrees
) -> tuple[list[tuple[Located, Located | None, bool]], set[str]]:
    """Return the new nodes that may be changes, and the ids of the nodes reordered in place.

    The nodes are in document order, each as (node, its old partner or None, whether it stayed
    in the same container).
    """
    new_to_old = pairing.new_to_old
    in_new = _Memo(pairing.container_in_new)
    # One pass over the new draft keeps what may be a change: (node, old partner or None, whether
    # it stayed in its container). A node that stayed, kept its id and reads the same is a change
    # only if it was reordered among its siblings. The pass notes the containers whose staying
    # nodes are out of their old order; only those (rare: most drafts reorder nothing) are
    # searched for the nodes that moved, and the pass is then made again keeping every node.
    candidates: list[tuple[Located, Located | None, bool]] = []
    last_place: dict[str | None, int] = {}
    disordered: set[str | None] = set()
    for entry in new_entries:
        partner = new_to_old.get(entry.id)
        if partner is None:
            candidates.append((entry, None, False))
            continue
        container = entry.holder
        if in_new[partner.holder] != container:
            candidates.append((entry, partner, False))
            continue
        place = partner.sibling_index
        if last_place.get(container, -1) >= place:
            disordered.add(container)
        last_place[container] = place
        # The same id and same_attributes, inlined: this runs for nearly every node of the draft.
        node, old_node = entry.node, partner.node
        node_class = type(node)
        if partner.id != entry.id or node_class is not type(old_node):
            changed = True
        elif node_class in LEAVES:
            changed = old_node.__dict__ != node.__dict__
        else:
            compared = COMPARED.get(node_class)
            changed = compared is None or compared(old_node) != compared(node)
        if changed:
            candidates.append((entry, partner, True))
    reordered: set[str] = set()
    if disordered:
        by_container: defaultdict[str | None, list[tuple[int, str]]] = defaultdict(list)
        for entry in new_entries:
            partner = new_to_old.get(entry.id)
            if (
                partner is not None
                and entry.holder in disordered
                and in_new[partner.holder] == entry.holder
            ):
                by_container[entry.holder].append((partner.sibling_index, entry.id))
        reordered = _reordered(by_container, declared, subtrees)
    if reordered:
        candidates = []
        for entry in new_entries:
            partner = new_to_old.get(entry.id)
            stayed = partner is not None and in_new[partner.holder] == entry.holder
            candidates.append((entry, partner, stayed))
    return candidates, reordered


def compare(
    old: Plan,
    new: Plan,
    record: Revision | None = None,
    opinions: OpinionSet | None = None,
    *,
    scope_level: str | None = None,
) -> Comparison:
    """Compare two drafts and return their changes, labelled and linked to their reasons.

    ``record`` is the revision record declaring which opinions or reasons explain which change
    (its labels, kinds and spans are checked against what the comparison computes);
    ``opinions`` are the opinions the new draft answers. Without them every change is reported
    unexplained. ``scope_level`` (``field`` or ``section``) overrides the new draft's
    ``meta.scope_level``: the level that owns an opinion table and numbers its labels.
    """
    level = scope_level or new.meta.scope_level
    old_index, new_index = PlanIndex.of(old), PlanIndex.of(new)
    old_entries, new_entries = old_index.nodes, new_index.nodes
    pairing = _Pairing(old_index, new_index)
    declared = {c.target for c in record.changes} if record else set()
    subtrees = _Subtrees(new_index)
    candidates, reordered = _candidates(new_entries, pairing, declared, subtrees)
    added: set[str] = set()
    changes: list[Change] = []
    renamed: list[tuple[str, str]] = []

    part_ids = pairing.part_ids
    for entry, partner, stayed in candidates:
        if entry.id in part_ids:
            continue  # a further piece of a split: part of that change
        pieces = pairing.pieces.get(entry.id)
        if pieces is not None:
            changes.append(piece_change(pieces, _scope(entry, level), stayed))
            continue
        if partner is None:
            added.add(entry.id)
            if entry.holder in added:
                continue  # inside an added section or table: part of that change
            changes.append(
                Change(
                    id=entry.id,
                    kind=ChangeKind.ADD,
                    node_type=entry.node_type,
                    old_id=None,
                    new_id=entry.id,
                    old_node=None,
                    new_node=entry.node,
                    scope=_scope(entry, level),
                    container=entry.holder,
                    after=entry.after,
                    order=(entry.position, 0, 0),
                )
            )
            continue
        diffs, prior_unknown = diff_nodes(partner.node, entry.node)
        move = None
        if not stayed:
            move = Move(partner.holder, entry.holder, reordered=False)
        elif entry.id in reordered:
            move = Move(partner.holder, entry.holder, reordered=True)
        if not diffs and move is None:
            if partner.id != entry.id:
                renamed.append((partner.id, entry.id))
            continue
        if move is not None and not diffs:
            kind = ChangeKind.MOVE  # moved as it was
        elif move is not None or prior_unknown:
            kind = ChangeKind.MODIFY  # moved and reworded: a 修正, noted as moved
        else:
            kind = classify(diffs)
        changes.append(
            Change(
                id=entry.id,
                kind=kind,
                node_type=entry.node_type,
                old_id=partner.id,
                new_id=entry.id,
                old_node=partner.node,
                new_node=entry.node,
                diffs=tuple(diffs),
                prior_unknown=prior_unknown,
                move=move,
                nature=nature(diffs),  # type: ignore[arg-type]
                scope=_scope(entry, level),
                container=entry.holder,
                after=entry.after,
                order=(entry.position, 0, 0),
            )
        )

    deleted: set[str] = set()
    taken = {change.id for change in changes}
    old_to_new = pairing.old_to_new
    for entry in old_entries:
        if entry.id in old_to_new or entry.id in part_ids:
            continue
        deleted.add(entry.id)
        if entry.holder in deleted:
            continue  # inside a deleted section or table: part of that change
        anchor = _deletion_anchor(entry, entry.previous, pairing, subtrees)
        scope = _scope(entry, level)
        if scope is not None:
            mapped = pairing.new_for(scope)
            scope = mapped.id if mapped is not None else scope
        change_id = entry.id if entry.id not in taken else f"{entry.id}~deleted"
        changes.append(
            Change(
                id=change_id,
                kind=ChangeKind.DELETE,
                node_type=entry.node_type,
                old_id=entry.id,
                new_id=None,
                old_node=entry.node,
                new_node=None,
                scope=scope,
                order=(anchor, 1, entry.position),
            )
        )

    changes.sort(key=lambda change: change.order)
    changes, findings = link(old, new, changes, record, opinions)
    findings.extend(change_findings(changes, new.meta.meeting))
    findings.extend(label_findings(changes, new.meta.meeting))
    return Comparison(
        old,
        new,
        tuple(changes),
        tuple(findings),
        tuple(renamed),
        tuple(_renumbered(new_index, pairing)),
    )


def _renumbered(new_index: PlanIndex, pairing: _Pairing) -> list[Renumbering]:
    """Return the paired headings whose number differs, in the new draft's order."""
    found = []
    new_to_old = pairing.new_to_old
    for entry in new_index.nodes:
        if entry.node_type not in _STRUCTURAL:
            continue
        partner = new_to_old.get(entry.id)
        if partner is None:
            continue
        node, old_node = entry.node, partner.node
        assert isinstance(node, Pillar | Field | Section)
        assert isinstance(old_node, Pillar | Field | Section)
        if node.number == old_node.number:
            continue
        found.append(
            Renumbering(
                old_id=partner.id,
                new_id=entry.id,
                node_type=entry.node_type,
                old_number=old_node.number,
                new_number=node.number,
                moved=pairing.container_in_new(partner.holder) != entry.holder,
                order=entry.position,
            )
        )
    return found
