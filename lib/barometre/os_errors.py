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

# errno → catalogue key of a short reason (the system's own words, in English, for any other)
REASONS = {
    errno.ENOSPC: "error.os.no_space",
    errno.EDQUOT: "error.os.quota",
    errno.EACCES: "error.os.denied",
    errno.EPERM: "error.os.denied",
    errno.EROFS: "error.os.read_only",
    errno.ENOENT: "error.os.missing",
    errno.ENOTDIR: "error.os.not_a_folder",
    errno.EISDIR: "error.os.is_a_folder",
    errno.EEXIST: "error.os.exists",
}
# errno → what to do (« corrigez les droits » for a read-only mount)
ADVICE = {errno.ENOSPC: "space", errno.EDQUOT: "space", errno.EACCES: "rights", errno.EPERM: "rights",
          errno.EROFS: "read_only"}  # fmt: skip
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
    key = REASONS.get(code)
    said = texts(key) if key else (reason or str(exc) or type(exc).__name__)
    more = texts("error.os.more", n=others) if others else ""
    advice = texts("error.os.advice" + (f".{ADVICE[code]}" if code in ADVICE else ""))
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
