"""Safe export output: everything is written into a hidden temporary folder next to the target,
each file fsynced with owner-only permissions, the manifest last, and the folder is then renamed
into place in one step. A crash (or kill) therefore never leaves a partial export under its final
name, and an existing export folder is never overwritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from segment_exports.errors import OverwriteError

FILE_MODE = 0o600
DIR_MODE = 0o700
MANIFEST_NAME = "manifest.json"


def ensure_private_dir(path: Path) -> None:
    """Create path (and parents) when missing; a folder created here is owner-only (0700)."""
    if not path.exists():
        path.mkdir(parents=True, mode=DIR_MODE)
        path.chmod(DIR_MODE)


def fsync_path(path: Path) -> None:
    """fsync a file or folder by path (a folder: so a rename into it survives a crash)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private_file(path: Path, content: bytes) -> None:
    """Create path (must not exist) with mode 0600, write content and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(content)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256_bytes(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def manifest_bytes(manifest: Mapping) -> bytes:
    """Deterministic JSON: sorted keys, two-space indent, '\\n' at the end."""
    return (json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _refuse_existing(target: Path) -> None:
    if target.exists():
        raise OverwriteError(
            f"export {target} already exists; exports are never overwritten (use another --out)"
        )


def publish_export(target: Path, files: Mapping[str, bytes], manifest: Mapping) -> None:
    """Write files + manifest.json as the new folder target, atomically; refuse if target exists.

    The folder is assembled as a hidden temporary sibling (0700) and renamed to target only when
    every file is complete and fsynced; on any error the temporary folder is removed.
    """
    _refuse_existing(target)
    ensure_private_dir(target.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        staging.chmod(DIR_MODE)
        for name, content in files.items():
            write_private_file(staging / name, content)
        write_private_file(staging / MANIFEST_NAME, manifest_bytes(manifest))
        fsync_path(staging)
        _refuse_existing(target)  # it may have appeared while we were writing
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with contextlib.suppress(OSError):
        fsync_path(target.parent)
