"""A small hierarchy: bad input is not a bug.

Each error that is the file's fault carries the file name and an exit code, so the CLI prints
one line and a batch records a reason instead of a traceback.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base for everything vnpolicy raises on purpose."""

    exit_code = 2


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
    exit_code = 8
    reason = "legacy-doc"


class TooLarge(IngestError):
    exit_code = 9
    reason = "too-large"


class MissingTool(PipelineError):
    """An external program (tesseract, LibreOffice) is needed and not installed."""

    exit_code = 10


class RegistryError(PipelineError):
    """Reference data (registry, patterns) is missing or inconsistent."""


class StoreError(PipelineError):
    """The embedded store cannot be opened or written."""


class StoreBusy(StoreError):
    """Another run is writing to this store: one writer per store."""

    exit_code = 13


class OutputUnwritable(PipelineError):
    """The output folder or the store cannot be written: read-only, no space left, no permission."""

    exit_code = 14


class ResourceLimit(PipelineError):
    """The main process reached its own memory limit."""

    exit_code = 16
