"""The atlas ring: the state of every NNA as of a date, derived from the dated records.

``load()`` reads and checks the data into an immutable :class:`Atlas`; ``atlas.at(date)`` is the
:class:`Snapshot` of that day, which every analysis and output takes.
"""

from nnatlas.atlas.loading import load, read
from nnatlas.atlas.snapshot import AreaState, Snapshot
from nnatlas.atlas.store import Atlas, snapshot_of

__all__ = ["AreaState", "Atlas", "Snapshot", "load", "read", "snapshot_of"]
