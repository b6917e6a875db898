"""Files on disk, shared by the batch runner and the tools that read its outputs.

Atomic writes (a reader never sees half a file), the listing of an output folder's report
files, and the ``sha256`` that ties an output to the exact text its offsets index. It sits
below every stage and tool (it imports nothing of the package), so that the outputs and
quality tools can use it without importing the batch runner above them.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

ERROR_SUFFIX = ".error.json"


def report_outputs(folder: Path) -> list[Path]:
    """The report JSON files of an output folder, sorted: its error records left out."""
    return sorted(p for p in Path(folder).glob("*.json") if p.is_file() and not p.name.endswith(ERROR_SUFFIX))


# ---------------------------------------------------------------------------------------------
# Writing


@lru_cache(maxsize=1)
def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary handle on a temporary file beside ``path``, renamed over it on success.

    A reader never sees half a file: on any error the temporary file is removed and ``path``
    is left as it was. The file gets the usual mode for a new file (0666 less the umask), not
    mkstemp's 0600.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _file_mode())
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see ``atomic_file``)."""
    with atomic_file(path) as handle:
        handle.write(data)


def text_sha256(text: str) -> str:
    """The ``sha256`` a report records for its text (UTF-8; lone surrogates kept)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ModelFile:
    """Model files read once per process, by path: the bytes (``data``), their sha256 (what an
    output records) and the model ``build(data, name)`` makes of them (``load``, built once).
    ``error(why, name)`` makes the exception naming the file when it cannot be read. The
    callers pass their module's ``MODEL_FILE`` (looked up at each call, so a test may point it
    elsewhere)."""

    def __init__(self, build, error):
        self._build, self._error = build, error
        self._data: dict[Path, bytes] = {}
        self._loaded: dict[Path, object] = {}
        self._sha256: dict[Path, str] = {}

    def data(self, path: Path) -> bytes:
        path = Path(path)
        found = self._data.get(path)
        if found is None:
            try:
                found = self._data[path] = path.read_bytes()
            except OSError as failure:
                raise self._error(str(failure.strerror or failure), str(path)) from None
        return found

    def sha256(self, path: Path) -> str:
        # once per file: every report records it, and the bytes are read once anyway
        path = Path(path)
        digest = self._sha256.get(path)
        if digest is None:
            digest = self._sha256[path] = hashlib.sha256(self.data(path)).hexdigest()
        return digest

    def load(self, path: Path):
        path = Path(path)
        model = self._loaded.get(path)
        if model is None:
            model = self._loaded[path] = self._build(self.data(path), str(path))
        return model

    def loaded(self, path: Path) -> bool:
        return Path(path) in self._loaded
