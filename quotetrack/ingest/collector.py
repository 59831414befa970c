"""Python's garbage collector during an ingest run: collect less, skip what is loaded.

Both runners (serial and ``--jobs``) change the collector for the length of a run and
must put it back however the run ends (finished, failed, or a generator the caller
stopped reading): :func:`run_collection` is that lifecycle in one place.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: The collector's thresholds during a run (Python's: 700, 10, 10). Loading the
#: extractor and storing a document each make tens of thousands of short-lived
#: objects (compiled patterns; rows, keys, a worker's results unpickled), and a young
#: collection every 700 allocations kept walking the ones still in use. Storing 300
#: PolNeAR train documents as the parent of ``ingest --jobs 2`` does, warm-up included:
#: 9,879 M -> 9,798 M instructions; a worker's analysis unchanged (-0.2%).
RUN_GC_THRESHOLD = (10_000, 10, 10)


@contextmanager
def run_collection() -> Iterator[Callable[[], None]]:
    """Collect young objects less often (``RUN_GC_THRESHOLD``; forked workers inherit
    it) for the block, and give it a ``freeze`` to call once the extractor is loaded.

    ``freeze`` leaves what is loaded by then (modules, rules, lexicons, compiled
    patterns: several hundred thousand objects) out of the collections of the run;
    Python's collector otherwise walks them all again each time it runs, a tenth of an
    ingest's CPU time. Calling it again does nothing. When the block ends the
    thresholds are put back and the frozen objects unfrozen: in a long-lived process
    (``jobs serve``, a test session) objects that were alive at the freeze and die
    later, an engine and its connections, must be collectable again."""
    before = gc.get_threshold()
    frozen = False

    def freeze() -> None:
        nonlocal frozen
        if not frozen:
            gc.collect()
            gc.freeze()
            frozen = True

    gc.set_threshold(*RUN_GC_THRESHOLD)
    try:
        yield freeze
    finally:
        gc.set_threshold(*before)
        if frozen:
            gc.unfreeze()
