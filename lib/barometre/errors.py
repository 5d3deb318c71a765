"""One exception hierarchy, with messages a policy analyst can act on."""

from __future__ import annotations


class BarometreError(Exception):
    """Root of every error the package raises on purpose.

    ``exit_code`` is what the command line returns for this error: 2 means the
    input cannot be used at all, 1 means the run finished with errors.
    """

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class StrategyError(BarometreError):
    """A strategy file is missing, malformed or inconsistent; ``file`` names it when known."""

    def __init__(self, message: str, *, file: str | None = None, **kw) -> None:
        super().__init__(message, **kw)
        self.file = file


class DatasetError(BarometreError):
    """A dataset directory or one of its files cannot be used."""


class InputFileError(DatasetError):
    """A data file cannot be read (missing, empty, wrong encoding, missing column)."""

    def __init__(self, message: str, *, file: str, column: str | None = None, **kw) -> None:
        super().__init__(message, **kw)
        self.file = file
        self.column = column


class NoUsableDataError(DatasetError):
    """Input was read but yields no usable row: an error, never an empty result (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, *, file: str, **kw) -> None:
        super().__init__(message, **kw)
        self.file = file


class CatalogueError(BarometreError):
    """The translation catalogue shipped with the package is malformed (a bug in the package, not in the data)."""


class ParameterError(BarometreError):
    """A parameter (period, target, organisation, language) is not valid."""


class RenderError(BarometreError):
    """A report page could not be produced."""

    exit_code = 1


class ImportFailure(BarometreError):
    """An external file (inventory, returned workbook) cannot be imported."""


class ClusterError(BarometreError):
    """The Dask cluster named for a render cannot be reached or used (exit code 69, EX_UNAVAILABLE)."""

    exit_code = 69


class OutputError(BarometreError):
    """A file or folder cannot be written or read: disk full, no rights, read-only (exit code 74, EX_IOERR)."""

    exit_code = 74


class LockHeld(BarometreError):
    """Another publication holds the output folder's lock (exit code 75, EX_TEMPFAIL)."""

    exit_code = 75
