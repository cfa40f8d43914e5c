#!/usr/bin/env python3
"""Serve the latest complete export of each segment over HTTP, one secret token per segment.

    GET /segments/<segment>.<format>.csv            the member list of the segment's latest export
    GET /segments/<segment>.<format>.added.csv      its change files, when that export has them
    GET /segments/<segment>.<format>.removed.csv
    Authorization: Bearer <token of that segment>

Files come straight from the export folders that scripts/export_segments.py writes (a folder is
complete once it exists under its snapshot id: it is renamed into place with its manifest.json);
the warehouse is never opened, so builds and exports go on while this serves.

Tokens: `--new-token SEGMENT` prints a random token once and stores only its SHA-256 (and the
creation time) in <exports>/.serve_tokens.json (0600); `--revoke SEGMENT`; `--list`. The server
re-reads the token file when it changes, so both take effect without a restart.

Security: binds 127.0.0.1 unless --host says otherwise; tokens compared with hmac.compare_digest;
a wrong token, a missing token, an unknown segment and a malformed name get the same 401; names
are checked against a strict pattern and resolved paths must stay inside the export folder;
after --max-failures failed requests within --failure-window seconds an address gets 429 for
--block-seconds; the access log holds method, route template and status only; ETag = the file's
SHA-256 (304 on a matching If-None-Match); TLS with --certfile/--keyfile or a reverse proxy.

Exit codes: 0 ok (server stopped by SIGINT/SIGTERM), 1 unexpected failure, 2 bad arguments or
unknown segment, 3 exports folder missing, 4 cannot listen on the address (port in use, ...).
Failures print one line on stderr. See docs/serving.md.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import socket
import stat
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
PROG = "serve_segments"
log = logging.getLogger(PROG)
access_log = logging.getLogger(f"{PROG}.access")

TOKEN_FILE = ".serve_tokens.json"  # noqa: S105 (a file name)
LOCK_FILE = ".serve_tokens.lock"
MANIFEST = "manifest.json"
FILE_MODE = 0o600
DIR_MODE = 0o700
ROUTE = "/segments/{file:path}"

# A segment name as the segment language allows it (scripts/segment_lang/validate.py: NAME_RE,
# at most 50 characters), a format name, an optional change kind. Nothing else is ever served.
FILE_RE = re.compile(r"([a-z][a-z0-9_]{0,49})\.([a-z][a-z0-9_]{0,29})(?:\.(added|removed))?\.csv")
SEGMENT_RE = re.compile(r"[a-z][a-z0-9_]{0,49}")
# An export folder: the snapshot id export_segments.py gives it (20261124T101500Z, -2, -3, ...).
SNAPSHOT_RE = re.compile(r"(\d{8}T\d{6}Z)(?:-([1-9][0-9]{0,8}))?")
# Compared against when the segment has no token, so every failure costs the same work.
_NO_TOKEN_HASH = hashlib.sha256(b"no token for this segment").hexdigest()
_ALLOWED_LOG_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class ServeError(Exception):
    """A failure with a one-line reason for stderr and the exit code a scheduler sees."""

    exit_code = 1


class UsageError(ServeError):
    exit_code = 2


class MissingExportsError(ServeError):
    exit_code = 3


class BindError(ServeError):
    exit_code = 4


def _utc_now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# ---- tokens -----------------------------------------------------------------------------------


def read_tokens(root: Path) -> dict[str, dict[str, str]]:
    """segment -> {"sha256": ..., "created_at": ...} from <root>/.serve_tokens.json ({} if none)."""
    path = root / TOKEN_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ServeError(f"cannot read token file {path} ({type(exc).__name__})") from exc
    tokens = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(tokens, dict):
        raise ServeError(f"token file {path} is not a token file of {PROG}")
    return {
        seg: entry
        for seg, entry in tokens.items()
        if isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
    }


def _write_tokens(root: Path, tokens: dict[str, dict[str, str]]) -> None:
    """Replace the token file atomically (0600 temporary file, fsync, rename)."""
    path = root / TOKEN_FILE
    tmp = root / f"{TOKEN_FILE}.tmp-{os.getpid()}"
    content = json.dumps({"version": 1, "tokens": tokens}, sort_keys=True, indent=2) + "\n"
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        os.write(fd, content.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dir_fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def _token_lock(root: Path):
    """Serialise token changes (two --new-token at once must not lose one)."""
    fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def defined_segments(segments_file: Path) -> set[str]:
    """Segment names in segments/segments.yml (empty when the file is missing)."""
    import yaml  # installed with dbt; only the token commands need it

    try:
        data = yaml.safe_load(segments_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return set()
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"cannot read {segments_file} ({type(exc).__name__})") from exc
    entries = data.get("segments") if isinstance(data, dict) else None
    return {e["name"] for e in entries or [] if isinstance(e, dict) and isinstance(e.get("name"), str)}


def new_token(root: Path, segment: str, segments_file: Path) -> tuple[str, str | None]:
    """Create (or replace) the token of segment; (the token, created_at of a replaced token)."""
    if not SEGMENT_RE.fullmatch(segment):
        raise UsageError(f"{segment!r} is not a segment name (a-z, 0-9, _; starting with a letter)")
    known = defined_segments(segments_file)
    if root.is_dir():
        known |= set(ExportIndex(root).segments())
    if segment not in known:
        raise UsageError(
            f"unknown segment '{segment}': not in {segments_file} and not in any export under {root}"
        )
    if not root.exists():
        root.mkdir(parents=True, mode=DIR_MODE)
        root.chmod(DIR_MODE)
    token = secrets.token_urlsafe(32)
    with _token_lock(root):
        tokens = read_tokens(root)
        replaced = tokens.get(segment, {}).get("created_at")
        tokens[segment] = {"sha256": _hash_token(token), "created_at": _utc_now_iso()}
        _write_tokens(root, tokens)
    return token, replaced


def revoke_token(root: Path, segment: str) -> str:
    """Remove the token of segment; the created_at of the removed token."""
    _require_root(root)
    with _token_lock(root):
        tokens = read_tokens(root)
        if segment not in tokens:
            raise UsageError(f"segment {segment!r} has no token")
        removed = tokens.pop(segment)
        _write_tokens(root, tokens)
    return removed.get("created_at", "?")


def list_tokens(root: Path) -> list[tuple[str, str]]:
    """(segment, created_at) of every token, by segment; never the token or its hash."""
    _require_root(root)
    return sorted((seg, entry.get("created_at", "?")) for seg, entry in read_tokens(root).items())


class TokenStore:
    """The server's view of the token file, re-read whenever the file changes."""

    def __init__(self, root: Path) -> None:
        self.path = root / TOKEN_FILE
        self.root = root
        self._key: tuple | None = None
        self._hashes: dict[str, str] = {}

    def _refresh(self) -> None:
        try:
            st = self.path.stat()
            key = (st.st_ino, st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            key = None
        if key != self._key:
            hashes = {}
            if key is not None:
                try:
                    hashes = {seg: e["sha256"] for seg, e in read_tokens(self.root).items()}
                except ServeError as exc:
                    log.warning("%s; no token is accepted until it is fixed", exc)
            self._hashes, self._key = hashes, key

    def check(self, segment: str | None, token: str | None) -> bool:
        """Constant-time: the same hashing and one compare_digest whatever is missing."""
        self._refresh()
        expected = self._hashes.get(segment or "", _NO_TOKEN_HASH)
        given = _hash_token(token or "")
        ok = hmac.compare_digest(given, expected)
        return ok and token is not None and segment is not None and expected != _NO_TOKEN_HASH


# ---- export folders ---------------------------------------------------------------------------


def _snapshot_key(name: str) -> tuple[str, int] | None:
    m = SNAPSHOT_RE.fullmatch(name)
    return (m.group(1), int(m.group(2) or 1)) if m else None


@dataclass
class ExportFolder:
    name: str
    segments: frozenset[str]
    sha256: dict[str, str] = field(default_factory=dict)  # file -> sha256 listed in the manifest


class ExportIndex:
    """Which complete export folder is the latest for each segment.

    A folder counts when its name is a snapshot id, it is a real directory (not a symlink) and
    its manifest.json parses; export_segments.py renames a folder into place only after writing
    every file and the manifest, so such a folder is complete. Manifests are cached (folders are
    never changed); the listing is re-read when the exports folder changes.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._key: tuple | None = None
        self._manifests: dict[str, ExportFolder | None] = {}
        self._latest: dict[str, str] = {}

    def _read_folder(self, name: str) -> ExportFolder | None:
        folder = self.root / name
        try:
            if not stat.S_ISDIR(folder.lstat().st_mode):
                return None
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            segments = frozenset(
                s["segment"] for s in manifest.get("segments", []) if isinstance(s.get("segment"), str)
            )
            sha = {
                f["file"]: f["sha256"]
                for f in manifest.get("files", [])
                if isinstance(f.get("file"), str) and isinstance(f.get("sha256"), str)
            }
        except (OSError, ValueError, AttributeError, TypeError):
            log.warning("export folder %s has no readable %s; skipped", name, MANIFEST)
            return None
        return ExportFolder(name, segments, sha)

    def _refresh(self) -> None:
        st = self.root.stat()
        key = (st.st_ino, st.st_mtime_ns)
        if key == self._key:
            return
        names = sorted((n for n in os.listdir(self.root) if _snapshot_key(n)), key=_snapshot_key)
        latest: dict[str, str] = {}
        for name in names:  # oldest first: a later folder overrides
            if name not in self._manifests:
                self._manifests[name] = self._read_folder(name)
            folder = self._manifests[name]
            for seg in folder.segments if folder else ():
                latest[seg] = name
        self._latest, self._key = latest, key

    def segments(self) -> list[str]:
        self._refresh()
        return sorted(self._latest)

    def latest(self, segment: str) -> ExportFolder | None:
        self._refresh()
        name = self._latest.get(segment)
        return self._manifests.get(name) if name else None

    def resolve(self, segment: str, file_name: str) -> tuple[Path, str | None] | None:
        """(path, sha256 from the manifest) of file_name in segment's latest export, else None.

        file_name has already matched FILE_RE; the resolved path must still be a regular file
        directly inside that export folder, which itself is directly inside the exports root.
        """
        folder = self.latest(segment)
        if folder is None:
            return None
        root = self.root.resolve()
        base = (root / folder.name).resolve()
        path = (base / file_name).resolve()
        if base.parent != root or path.parent != base:
            return None
        try:
            mode = (base / file_name).lstat().st_mode
        except OSError:
            return None
        if not stat.S_ISREG(mode):
            return None
        return path, folder.sha256.get(file_name)


_hash_cache: dict[tuple, str] = {}


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's bytes, cached by (path, inode, size, mtime): exports never change."""
    st = path.stat()
    key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
    if key not in _hash_cache:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        if len(_hash_cache) > 4096:
            _hash_cache.clear()
        _hash_cache[key] = digest.hexdigest()
    return _hash_cache[key]


# ---- failure limiting -------------------------------------------------------------------------


class FailureLimiter:
    """After max_failures failed requests from one address within window seconds, that address
    gets 429 for block_seconds (every request, a right token included)."""

    MAX_ADDRESSES = 10_000

    def __init__(self, max_failures: int, window: float, block_seconds: float, clock=time.monotonic) -> None:
        self.max_failures, self.window, self.block_seconds = max_failures, window, block_seconds
        self.clock = clock
        self._failures: dict[str, collections.deque] = {}
        self._blocked: dict[str, float] = {}

    def blocked_for(self, address: str) -> float:
        """Seconds the address stays blocked (0 when it is not)."""
        until = self._blocked.get(address)
        if until is None:
            return 0.0
        left = until - self.clock()
        if left <= 0:
            del self._blocked[address]
            return 0.0
        return left

    def fail(self, address: str) -> None:
        now = self.clock()
        if address not in self._failures and len(self._failures) >= self.MAX_ADDRESSES:
            self._prune(now)
        times = self._failures.setdefault(address, collections.deque())
        times.append(now)
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) >= self.max_failures:
            self._blocked[address] = now + self.block_seconds
            times.clear()
            log.warning(
                "an address was refused for %gs after %d failed requests within %gs",
                self.block_seconds,
                self.max_failures,
                self.window,
            )

    def _prune(self, now: float) -> None:
        for addr in [a for a, t in self._failures.items() if not t or t[-1] <= now - self.window]:
            del self._failures[addr]
        if len(self._failures) >= self.MAX_ADDRESSES:  # still full: forget the oldest half
            oldest = sorted(self._failures, key=lambda a: self._failures[a][-1])
            for addr in oldest[: self.MAX_ADDRESSES // 2]:
                del self._failures[addr]
        for addr in [a for a, until in self._blocked.items() if until <= now]:
            del self._blocked[addr]


# ---- the application --------------------------------------------------------------------------


def _unauthorized():
    from starlette.responses import PlainTextResponse

    # One response for a wrong token, a missing token, an unknown segment and a malformed name.
    return PlainTextResponse(
        "unauthorized\n",
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="segments"', "Cache-Control": "no-store"},
    )


def _bearer_token(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    value = value.strip()
    return value if scheme.lower() == "bearer" and value else None


def _etag_matches(if_none_match: str, etag: str) -> bool:
    candidates = [c.strip() for c in if_none_match.split(",")]
    return "*" in candidates or any(c.removeprefix("W/") == etag for c in candidates)


def create_app(root: Path, limiter: FailureLimiter):
    """The Starlette app serving root's exports (importable for tests)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import FileResponse, PlainTextResponse, Response
    from starlette.routing import Route

    tokens = TokenStore(root)
    index = ExportIndex(root)

    async def segment_file(request):
        address = request.client.host if request.client else "unknown"
        left = limiter.blocked_for(address)
        if left:
            return PlainTextResponse(
                "too many failed requests\n",
                status_code=429,
                headers={"Retry-After": str(max(1, int(left + 0.999))), "Cache-Control": "no-store"},
            )
        file_name = request.path_params["file"]
        match = FILE_RE.fullmatch(file_name)
        segment = match.group(1) if match else None
        if not tokens.check(segment, _bearer_token(request.headers.get("authorization"))):
            limiter.fail(address)
            return _unauthorized()
        try:
            found = await run_in_threadpool(index.resolve, segment, file_name)
        except FileNotFoundError:
            log.error("exports folder %s has gone", root)
            return PlainTextResponse("exports unavailable\n", status_code=503)
        if found is None:
            return PlainTextResponse("not found\n", status_code=404, headers={"Cache-Control": "no-store"})
        path, listed = found
        sha = await run_in_threadpool(file_sha256, path)
        if listed is not None and listed != sha:
            log.error("a file of export %s does not match its manifest; not served", path.parent.name)
            return PlainTextResponse("export file damaged\n", status_code=500)
        etag = f'"{sha}"'
        headers = {
            "ETag": etag,
            "Cache-Control": "private, no-cache",
            "X-Content-Type-Options": "nosniff",
        }
        if _etag_matches(request.headers.get("if-none-match", ""), etag):
            return Response(status_code=304, headers=headers)
        return FileResponse(
            path,
            media_type="text/csv; charset=utf-8",
            headers=headers,
            filename=file_name,
            content_disposition_type="attachment",
        )

    app = Starlette(routes=[Route(ROUTE, segment_file, methods=["GET"])])
    return AccessLogMiddleware(app)


class AccessLogMiddleware:
    """One line per request: method, route template, status, milliseconds. Never the path (it
    may hold anything a client sent), a header, a token, an address or a file's contents."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def send_logged(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "-"
            method = scope.get("method", "")
            method = method if method in _ALLOWED_LOG_METHODS else "OTHER"
            ms = (time.perf_counter() - started) * 1000
            access_log.info("%s %s %d %.1fms", method, template, status["code"], ms)


# ---- command line -----------------------------------------------------------------------------


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(UsageError.exit_code, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG,
        description=(
            "Serve the latest complete export of each segment over HTTP (GET /segments/"
            "<segment>.<format>.csv, .added.csv, .removed.csv) with one bearer token per segment, "
            "or manage the tokens."
        ),
        epilog=(
            "Exit codes: 0 ok, 1 unexpected failure, 2 bad arguments or unknown segment, "
            "3 exports folder missing, 4 cannot listen on the address. Details: docs/serving.md."
        ),
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--new-token",
        metavar="SEGMENT",
        help="print a new random token for SEGMENT once (it replaces the segment's old token) and exit",
    )
    action.add_argument("--revoke", metavar="SEGMENT", help="delete SEGMENT's token and exit")
    action.add_argument(
        "--list", action="store_true", help="print the segments with a token and its creation time, then exit"
    )
    parser.add_argument(
        "--exports-dir",
        type=Path,
        default=REPO / "exports",
        metavar="DIR",
        help="export folders (export_segments.py --out) and the token file (default: <repo>/exports)",
    )
    parser.add_argument(
        "--segments-file",
        type=Path,
        default=REPO / "segments" / "segments.yml",
        metavar="PATH",
        help="segment definitions --new-token accepts names from (default: <repo>/segments/segments.yml)",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    parser.add_argument(
        "--port", type=int, default=8765, help="port to listen on (default 8765; 0 = any free port)"
    )
    parser.add_argument("--certfile", type=Path, help="TLS certificate (PEM); serve HTTPS with --keyfile")
    parser.add_argument("--keyfile", type=Path, help="TLS private key (PEM) for --certfile")
    parser.add_argument(
        "--behind-proxy",
        action="store_true",
        help="trust X-Forwarded-For from 127.0.0.1 (a local reverse proxy) for the client address",
    )
    parser.add_argument(
        "--max-failures",
        type=int,
        default=10,
        metavar="N",
        help="failed requests from one address within --failure-window that block it (default 10)",
    )
    parser.add_argument(
        "--failure-window",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="the window --max-failures counts in (default 60)",
    )
    parser.add_argument(
        "--block-seconds",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="how long a blocked address gets 429 (default 300)",
    )
    return parser


def _require_root(root: Path) -> None:
    if not root.is_dir():
        raise MissingExportsError(f"exports folder {root} does not exist (run export_segments.py first)")


def _listen(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(f"cannot resolve --host {host!r}") from exc
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        reason = "port in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or type(exc).__name__)
        raise BindError(f"cannot listen on {host}:{port} ({reason})") from exc
    sock.set_inheritable(True)
    return sock


def _server_class():
    import uvicorn

    class QuietStopServer(uvicorn.Server):
        """uvicorn re-raises SIGINT/SIGTERM after its graceful shutdown (the process then dies of
        the signal); a stop that finished cleanly should exit 0 for a scheduler instead."""

        def handle_exit(self, sig, frame) -> None:
            super().handle_exit(sig, frame)
            self._captured_signals.clear()

    return QuietStopServer


def serve(args: argparse.Namespace) -> None:
    import uvicorn

    _Server = _server_class()

    root = args.exports_dir
    _require_root(root)
    if bool(args.certfile) != bool(args.keyfile):
        raise UsageError("--certfile and --keyfile go together")
    for name in ("certfile", "keyfile"):
        path = getattr(args, name)
        if path is not None and not path.is_file():
            raise UsageError(f"--{name} {path} does not exist")
    if args.max_failures < 1 or args.failure_window <= 0 or args.block_seconds <= 0:
        raise UsageError("--max-failures, --failure-window and --block-seconds must be positive")
    limiter = FailureLimiter(args.max_failures, args.failure_window, args.block_seconds)
    config = uvicorn.Config(
        create_app(root, limiter),
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=args.behind_proxy,
        forwarded_allow_ips="127.0.0.1",
        lifespan="off",
        ssl_certfile=str(args.certfile) if args.certfile else None,
        ssl_keyfile=str(args.keyfile) if args.keyfile else None,
        timeout_graceful_shutdown=5,
    )
    try:
        config.load()
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
        raise UsageError(f"cannot load the TLS certificate or key ({type(exc).__name__})") from exc
    sock = _listen(args.host, args.port)
    host, port = sock.getsockname()[:2]
    scheme = "https" if args.certfile else "http"
    shown = f"[{host}]" if ":" in host else host
    log.warning("serving %s on %s://%s:%d/segments/", root, scheme, shown, port)
    if not read_tokens(root):
        log.warning("no segment has a token yet: every request gets 401 (see --new-token)")
    try:
        _Server(config).run(sockets=[sock])
    finally:
        sock.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format=f"{PROG}: %(message)s", stream=sys.stderr)
    logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    try:
        root = args.exports_dir
        if args.new_token:
            token, replaced = new_token(root, args.new_token, args.segments_file)
            print(token)
            note = f"; it replaces the token created {replaced}" if replaced else ""
            print(
                f"{PROG}: new token for {args.new_token} printed above, shown only this once{note}",
                file=sys.stderr,
            )
        elif args.revoke:
            created = revoke_token(root, args.revoke)
            print(f"{PROG}: revoked the token of {args.revoke} (created {created})", file=sys.stderr)
        elif args.list:
            for segment, created in list_tokens(root):
                print(f"{segment}\t{created}")
        else:
            serve(args)
    except ServeError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # one line for the scheduler; no traceback, no data values
        print(
            f"{PROG}: error: unexpected {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
