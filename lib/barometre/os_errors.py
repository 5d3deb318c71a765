"""What the system said when a file or folder could not be written or read, in words an analyst can act on."""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError

# errno → (the short reason's name, what to do): ``error.os.<reason>``, ``error.os.advice.<advice>`` (the
# system's own words and the general advice for any other; « corrigez les droits » told a read-only mount nothing)
REASONS = {
    errno.ENOSPC: ("no_space", "space"),
    errno.EDQUOT: ("quota", "space"),
    errno.EACCES: ("denied", "rights"),
    errno.EPERM: ("denied", "rights"),
    errno.EROFS: ("read_only", "read_only"),
    errno.ENOENT: ("missing", ""),
    errno.ENOTDIR: ("not_a_folder", ""),
    errno.EISDIR: ("is_a_folder", ""),
    errno.EEXIST: ("exists", ""),
}
_ERRNO = re.compile(r"\[Errno (\d+)\] ([^:]+)")


def output_error(exc: OSError, where: str | Path | None = None) -> OutputError:
    """An :class:`OutputError` (exit code 74) naming the path, the reason and what to do.

    A failed folder copy (:class:`shutil.Error`) lists every file it could not copy: the first one is
    named, with how many others. A failed write names no file: ``where`` (the output folder) is named then.
    """
    from .i18n import both, texts

    code, reason, path, others = exc.errno, exc.strerror, exc.filename, 0
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        failures = exc.args[0]
        _src, path, why = (list(failures[0]) + ["", "", ""])[:3]
        found = _ERRNO.search(str(why))
        code, reason = (int(found.group(1)), found.group(2)) if found else (None, str(why))
        others = len(failures) - 1
    reason_name, advice_name = REASONS.get(code, ("", ""))
    key = f"error.os.{reason_name}" if reason_name else None
    said = texts(key) if key else (reason or str(exc) or type(exc).__name__)
    more = texts("error.os.more", n=others) if others else ""
    advice = texts("error.os.advice" + (f".{advice_name}" if advice_name else ""))
    return OutputError(both("error.os.io", path=path or where or "?", reason=said, more=more, advice=advice))


@contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write into; it replaces ``path`` only once written whole.

    A write that fails (a full disk, a folder in the way) leaves the file that was there as it was and
    removes the partial one, raising an :class:`OutputError` that names ``path``: a scheduled run that
    filled the disk once left a truncated brief.pdf where a good one had been.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if not exc.filename or Path(exc.filename) == tmp:
            exc.filename = str(path)
        raise output_error(exc, path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
