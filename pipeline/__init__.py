"""vnpolicy: Vietnamese programme documents -> a structured, linked catalogue.

Stages, in the order data flows: ingest -> segment -> cite -> graph/align -> catalogue/store.
"""

__version__ = "0.1.0"
