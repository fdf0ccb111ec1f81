"""A small hierarchy: bad input is not a bug, and a broken environment is not bad input.

Each error that is the file's fault carries the file name and an exit code, so the CLI prints
one line and a batch records a reason instead of a traceback. Errors of the environment or the
configuration (`environmental = True`: a missing tool, a missing registry) are never stored as
the file's fault: the run stops, or the file is tried again on the next run.

Exit codes (README has the same table; tests/test_exit_codes.py checks each one):
0 ok, 1 some files of a batch failed, 2 usage error, 3-9 bad input (below), 10 MissingTool,
11 RegistryError, 12 StoreError (no store, or not a vnpolicy store), 13 StoreBusy,
14 OutputUnwritable, 15 NotFound, 16 ResourceLimit.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base for everything vnpolicy raises on purpose."""

    exit_code = 2
    environmental = False  # True: the machine or the configuration is at fault, not the file


class IngestError(PipelineError):
    """The file cannot be read as a document."""

    exit_code = 3
    reason = "unreadable"

    def __init__(self, path: object, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class EmptyDocument(IngestError):
    exit_code = 4
    reason = "empty"


class UnsupportedFormat(IngestError):
    exit_code = 5
    reason = "unsupported-format"


class CorruptDocument(IngestError):
    exit_code = 6
    reason = "corrupt"


class EncryptedDocument(IngestError):
    exit_code = 7
    reason = "encrypted"


class LegacyDocFormat(IngestError):
    """A Word 97-2003 .doc and no LibreOffice to convert it: the machine lacks a tool."""

    exit_code = 8
    environmental = True
    reason = "legacy-doc"


class TooLarge(IngestError):
    exit_code = 9
    reason = "too-large"


class MissingTool(PipelineError):
    """An external program (tesseract, LibreOffice) is needed and not installed."""

    exit_code = 10
    environmental = True


class RegistryError(PipelineError):
    """Reference data (registry, patterns) is missing or inconsistent: a configuration error."""

    exit_code = 11
    environmental = True


class StoreError(PipelineError):
    """The embedded store is missing, cannot be opened, or is not a vnpolicy store."""

    exit_code = 12


class NotFound(PipelineError):
    """A query names nothing in the store or catalogue (an id, a document, a report focus)."""

    exit_code = 15


class StoreBusy(StoreError):
    """Another run is writing to this store: one writer per store."""

    exit_code = 13


class OutputUnwritable(PipelineError):
    """The output folder or the store cannot be written: read-only, no space left, no permission."""

    exit_code = 14


class ResourceLimit(PipelineError):
    """The main process reached its own memory limit."""

    exit_code = 16
