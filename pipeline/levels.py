"""Administrative levels of the issuing body, top down: the one definition the stages share.

A lower level carries out a higher one (a commune plan implements a province programme, which
implements a central resolution); "unknown" has no rank.
"""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("central", "province", "district", "commune")  # top down
RANK: dict[str, int] = {level: i for i, level in enumerate(LEVELS)}
UNRANKED = len(LEVELS) + 5  # below every level: "unknown", or a level this table does not know


def rank(level: str | None) -> int:
    """0 for central down to 3 for commune; UNRANKED otherwise.

    >>> rank("province") < rank("commune") < rank("unknown")
    True
    """
    return RANK.get(level or "", UNRANKED)
