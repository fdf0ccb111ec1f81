"""vnpolicy: Vietnamese programme documents -> a structured, linked catalogue.

Stages, in the order data flows: ingest -> segment -> cite -> graph/align -> catalogue/store.
The verbs below are the front door; they load their stage on first use, so `import pipeline`
(and `vnpolicy --help`) stays fast.

    import pipeline

    rec = pipeline.extract("corpus/000_a9ef7522b32975cc.txt")   # one document -> Extraction
    print(len(rec.tasks), [d.id for d in rec.directives][:3])
    batch, published = pipeline.run(["corpus/"], "outputs/")    # a corpus -> store + outputs
    with pipeline.open_store("outputs/vnpolicy.sqlite") as st:
        print(st.search("chuyển đổi số")[:3])

`ingest(path)` -> Document, `extract(path | Document)` -> Extraction, `run(inputs, out)`,
`align(child, parent)` -> AlignmentReport, `open_store(path)` -> Store, `decide(store, child, item,
state, by=...)` -> Decision (a staff decision on an alignment row, kept across runs). Errors are
`pipeline.errors.PipelineError` subclasses with an `exit_code` (README, "Exit codes").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "align", "decide", "extract", "ingest", "open_store", "run"]

if TYPE_CHECKING:
    from .api import align, decide, extract, ingest, open_store, run


def __getattr__(name: str) -> Any:
    # lazy: `pipeline.ingest` as a verb, without importing the stages on `import pipeline`
    if name in ("align", "decide", "extract", "ingest", "open_store", "run"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
