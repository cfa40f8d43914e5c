"""Errors with the exit code a scheduler sees; their message is the one-line reason on stderr."""

from __future__ import annotations

import argparse
from typing import NoReturn


class ExportError(Exception):
    """A failure with a one-line, personal-data-free reason."""

    exit_code = 1


class UsageError(ExportError):
    """Bad arguments or input that does not exist (unknown segment, missing table, ...)."""

    exit_code = 2


class OverwriteError(ExportError):
    """The export folder already exists: exports are never overwritten."""

    exit_code = 3


class LockedError(ExportError):
    """Another process holds the DuckDB file (after --wait seconds, if given)."""

    exit_code = 4


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2), like every other failure."""

    def error(self, message: str) -> NoReturn:
        self.exit(UsageError.exit_code, f"{self.prog}: error: {message} (see --help)\n")
