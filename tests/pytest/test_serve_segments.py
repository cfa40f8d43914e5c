"""scripts/serve_segments.py: the token commands, and a real HTTP client (http.client) against the
server started as a subprocess on a free port, over tiny export folders written by the exporter's
own atomic writer (segment_exports.files.publish_export)."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import ssl
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import serve_segments
from segment_exports import files as export_files

SCRIPT = Path(serve_segments.__file__)
SEGMENTS_YML = "segments:\n  - name: vip\n  - name: everyone\n  - name: defined_only\n"
OLD_VIP = b"Name,Email Address\nAnna Jensen,anna.jensen@example.com\n"
NEW_VIP = b"Name,Email Address\nAnna Jensen,anna.jensen@example.com\nBob O'Brien,bob.obrien@example.com\n"
ADDED = b"Name,Email Address\nBob O'Brien,bob.obrien@example.com\n"
REMOVED = b"Email Address\ncarla.nielsen@example.com\n"
EVERYONE = b"Name,Email Address\nDave Smith,dave.smith@example.co.uk\n"
HIDDEN = b"Name,Email Address\nhalf written,partial@example.com\n"
SECRET = b"do-not-serve-this-secret\n"
EMAILS = [b"anna.jensen@example.com", b"bob.obrien@example.com", b"carla.nielsen@example.com"]


def _publish(root: Path, snapshot_id: str, segment_files: dict[str, dict[str, bytes]]) -> None:
    """An export folder as export_segments.py writes it: files + manifest, renamed into place."""
    manifest = {
        "snapshot_id": snapshot_id,
        "segments": [{"segment": seg} for seg in segment_files],
        "files": [
            {"file": name, "segment": seg, "sha256": hashlib.sha256(content).hexdigest()}
            for seg, contents in segment_files.items()
            for name, content in contents.items()
        ],
    }
    flat = {name: content for contents in segment_files.values() for name, content in contents.items()}
    export_files.publish_export(root / snapshot_id, flat, manifest)


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    """exports/ with an old and a new export of vip, a later export of everyone only, an unfinished
    (hidden) folder, and a secret next to and inside the exports folder."""
    base = tmp_path_factory.mktemp("serve")
    root = base / "exports"
    (base / "secret.txt").write_bytes(SECRET)
    _publish(root, "20260629T060000Z", {"vip": {"vip.standard.csv": OLD_VIP, "vip.meta.csv": OLD_VIP}})
    _publish(
        root,
        "20260630T060000Z",
        {
            "vip": {
                "vip.standard.csv": NEW_VIP,
                "vip.standard.added.csv": ADDED,
                "vip.standard.removed.csv": REMOVED,
            }
        },
    )
    _publish(root, "20260630T060000Z-2", {"everyone": {"everyone.standard.csv": EVERYONE}})
    hidden = root / ".20260701T060000Z.abc.tmp"  # an export still being written: never served
    hidden.mkdir()
    (hidden / "vip.standard.csv").write_bytes(HIDDEN)
    (hidden / "manifest.json").write_text(json.dumps({"segments": [{"segment": "vip"}], "files": []}))
    (root / "20260630T060000Z" / "vip.google.csv").symlink_to(base / "secret.txt")
    (base / "segments.yml").write_text(SEGMENTS_YML)
    return root


def cli(root: Path, *args: str, segments: Path | None = None) -> subprocess.CompletedProcess:
    segments = segments or root.parent / "segments.yml"
    cmd = [sys.executable, str(SCRIPT), "--exports-dir", str(root), "--segments-file", str(segments), *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=60)


class Server:
    """serve_segments.py on a free port; stderr collected line by line."""

    def __init__(self, root: Path, *args: str, scheme: str = "http") -> None:
        cmd = [sys.executable, str(SCRIPT), "--exports-dir", str(root), "--port", "0", *args]
        self.proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.port = None
        ready = threading.Event()

        def read() -> None:
            for line in self.proc.stderr:
                self.lines.append(line)
                if " on " in line and "/segments/" in line and self.port is None:
                    self.port = int(line.rsplit(":", 1)[1].split("/")[0])
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        assert ready.wait(30), "server did not start"
        assert self.port, "".join(self.lines)
        self.scheme = scheme

    def get(self, path: str, token: str | None = None, headers: dict | None = None, context=None):
        if self.scheme == "https":
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=10, context=context)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        all_headers = dict(headers or {})
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        conn.request("GET", path, headers=all_headers)  # the path is sent exactly as given
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body

    def stop(self) -> str:
        self.proc.terminate()
        assert self.proc.wait(15) == 0
        time.sleep(0.1)
        return "".join(self.lines)


@pytest.fixture(scope="module")
def tokens(exports: Path) -> dict[str, str]:
    out = {}
    for segment in ("vip", "everyone"):
        proc = cli(exports, "--new-token", segment)
        assert proc.returncode == 0, proc.stderr
        out[segment] = proc.stdout.strip()
    return out


@pytest.fixture(scope="module")
def server(exports: Path, tokens: dict[str, str]):
    srv = Server(exports, "--max-failures", "1000")
    yield srv
    log = srv.stop()
    # Module end: over every request the tests made, the log holds no email, no token, no path.
    for secret in [*EMAILS, *(t.encode() for t in tokens.values())]:
        assert secret.decode() not in log
    assert "secret.txt" not in log


def test_valid_token_gets_the_latest_complete_export(server, tokens):
    status, headers, body = server.get("/segments/vip.standard.csv", tokens["vip"])
    assert status == 200
    assert body == NEW_VIP  # the newer folder, not the older one, not the unfinished hidden one
    assert headers["etag"] == f'"{hashlib.sha256(NEW_VIP).hexdigest()}"'
    assert headers["content-type"].startswith("text/csv")
    assert "no-cache" in headers["cache-control"]
    assert "server" not in headers
    # The change files of the latest snapshot, and a segment whose latest export is another folder.
    assert server.get("/segments/vip.standard.added.csv", tokens["vip"])[2] == ADDED
    assert server.get("/segments/vip.standard.removed.csv", tokens["vip"])[2] == REMOVED
    assert server.get("/segments/everyone.standard.csv", tokens["everyone"])[2] == EVERYONE


def test_format_not_in_the_latest_export_is_404_not_an_older_file(server, tokens):
    # vip.meta.csv exists only in the older export: serving it would mix two snapshots.
    assert server.get("/segments/vip.meta.csv", tokens["vip"])[0] == 404
    assert server.get("/segments/vip.mailchimp.csv", tokens["vip"])[0] == 404


def test_wrong_missing_and_unknown_get_the_same_401(server, tokens):
    def comparable(response):
        status, headers, body = response
        return status, {k: v for k, v in headers.items() if k != "date"}, body

    cases = [
        server.get("/segments/vip.standard.csv", "wrong-token"),
        server.get("/segments/vip.standard.csv"),  # no Authorization header
        server.get("/segments/vip.standard.csv", headers={"Authorization": tokens["vip"]}),  # no scheme
        server.get("/segments/vip.standard.csv", tokens["everyone"]),  # another segment's token
        server.get("/segments/no_such_segment.standard.csv", tokens["vip"]),
        server.get("/segments/defined_only.standard.csv", tokens["vip"]),
        server.get("/segments/NotAName!.csv", tokens["vip"]),
        server.get("/segments/vip.standard.csv", tokens["vip"] + "x"),
        server.get("/segments/vip.standard.csv", tokens["vip"][:-1]),
    ]
    first = comparable(cases[0])
    assert first[0] == 401
    assert first[2] == b"unauthorized\n"
    assert first[1]["www-authenticate"] == 'Bearer realm="segments"'
    for case in cases[1:]:
        assert comparable(case) == first


@pytest.mark.parametrize(
    "path",
    [
        "/segments/..%2Fsecret.txt",
        "/segments/..%2F..%2Fsecret.txt",
        "/segments/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/segments/%2E%2E/%2E%2E/secret.txt",
        "/segments/../../secret.txt",
        "/segments/vip.standard.csv%2F..%2F..%2F..%2Fsecret.txt",
        "/segments/vip.standard.csv/../../../secret.txt",
        "/segments/..%252F..%252Fsecret.txt",
        "/segments/%2Ftmp%2Fsecret.txt",
        "/segments/..%5C..%5Csecret.txt",
        "/segments/.serve_tokens.json",
        "/segments/..%2F.serve_tokens.json",
        "/segments/20260630T060000Z%2Fvip.standard.csv",
        "/segments/manifest.json",
        "/segments/vip.google.csv",  # a symlink inside the export folder pointing outside
        "/segments/vip.standard.csv%00.txt",
    ],
)
def test_no_file_outside_the_export_folder(server, tokens, path):
    status, _, body = server.get(path, tokens["vip"])
    assert status in (401, 404)
    assert SECRET not in body
    assert b"sha256" not in body


def test_if_none_match_gives_304(server, tokens):
    etag = server.get("/segments/vip.standard.csv", tokens["vip"])[1]["etag"]
    status, headers, body = server.get("/segments/vip.standard.csv", tokens["vip"], {"If-None-Match": etag})
    assert (status, body, headers["etag"]) == (304, b"", etag)
    weak_list = f'"other", W/{etag}'
    assert server.get("/segments/vip.standard.csv", tokens["vip"], {"If-None-Match": weak_list})[0] == 304
    status, _, body = server.get("/segments/vip.standard.csv", tokens["vip"], {"If-None-Match": '"stale"'})
    assert (status, body) == (200, NEW_VIP)
    # A matching ETag without the right token is still 401: the ETag is no way around the token.
    assert server.get("/segments/vip.standard.csv", "wrong", {"If-None-Match": etag})[0] == 401


def test_new_export_and_revoked_token_take_effect_without_restart(server, exports, tokens):
    newer = b"Name,Email Address\nDave Smith,dave.smith@example.co.uk\nEve Example,eve@example.com\n"
    _publish(exports, "20260701T060000Z", {"everyone": {"everyone.standard.csv": newer}})
    assert server.get("/segments/everyone.standard.csv", tokens["everyone"])[2] == newer
    proc = cli(exports, "--revoke", "everyone")
    assert proc.returncode == 0, proc.stderr
    assert server.get("/segments/everyone.standard.csv", tokens["everyone"])[0] == 401
    assert server.get("/segments/vip.standard.csv", tokens["vip"])[0] == 200


def test_access_log_is_method_route_status(server, tokens):
    server.get("/segments/vip.standard.csv", tokens["vip"])
    time.sleep(0.2)
    access = [line for line in server.lines if "GET /segments/" in line]
    assert access
    assert all("GET /segments/{file:path} " in line for line in access)
    assert any(" 200 " in line for line in access)
    assert any(" 401 " in line for line in access)


def test_repeated_failures_get_429(exports, tokens):
    srv = Server(exports, "--max-failures", "3", "--failure-window", "60", "--block-seconds", "120")
    try:
        assert [srv.get("/segments/vip.standard.csv", "guess")[0] for _ in range(3)] == [401] * 3
        status, headers, _ = srv.get("/segments/vip.standard.csv", tokens["vip"])
        assert status == 429  # refused even with the right token while blocked
        assert 100 <= int(headers["retry-after"]) <= 120
    finally:
        log = srv.stop()
    assert tokens["vip"] not in log
    assert "guess" not in log
    assert "refused for 120s after 3 failed requests" in log


def test_tls_with_certfile_and_keyfile(exports, tokens, tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    srv = Server(exports, "--certfile", str(cert), "--keyfile", str(key), scheme="https")
    try:
        assert any("https://127.0.0.1:" in line for line in srv.lines)
        context = ssl.create_default_context(cafile=str(cert))
        status, _, body = srv.get("/segments/vip.standard.csv", tokens["vip"], context=context)
        assert (status, body) == (200, NEW_VIP)
    finally:
        srv.stop()


def test_token_commands(tmp_path):
    root = tmp_path / "exports"
    (tmp_path / "segments.yml").write_text(SEGMENTS_YML)
    _publish(root, "20260630T060000Z", {"exported_only": {"exported_only.standard.csv": EVERYONE}})

    first = cli(root, "--new-token", "vip")
    assert first.returncode == 0, first.stderr
    token = first.stdout.strip()
    assert len(token) >= 40
    assert "\n" not in token
    token_file = root / serve_segments.TOKEN_FILE
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    stored = json.loads(token_file.read_text())["tokens"]
    assert token not in token_file.read_text()
    assert stored["vip"]["sha256"] == hashlib.sha256(token.encode()).hexdigest()

    # A segment that is only in the exports counts too; replacing a token says so.
    assert cli(root, "--new-token", "exported_only").returncode == 0
    again = cli(root, "--new-token", "vip")
    assert again.returncode == 0
    assert again.stdout.strip() != token
    assert "replaces the token created" in again.stderr

    listed = cli(root, "--list")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["exported_only", "vip"]
    assert all(line.split("\t")[1].endswith("Z") for line in lines)
    for secret in (token, again.stdout.strip(), stored["vip"]["sha256"]):
        assert secret not in listed.stdout + listed.stderr

    unknown = cli(root, "--new-token", "no_such_segment")
    assert unknown.returncode == 2
    assert unknown.stdout == ""
    assert unknown.stderr.count("\n") == 1
    assert "unknown segment 'no_such_segment'" in unknown.stderr
    assert cli(root, "--new-token", "../etc").returncode == 2

    assert cli(root, "--revoke", "vip").returncode == 0
    assert [line.split("\t")[0] for line in cli(root, "--list").stdout.splitlines()] == ["exported_only"]
    assert cli(root, "--revoke", "vip").returncode == 2


def test_bad_input_exit_codes(tmp_path, exports):
    missing = cli(tmp_path / "nowhere")
    assert missing.returncode == 3
    assert missing.stderr.count("\n") == 1
    assert "does not exist" in missing.stderr
    assert cli(tmp_path / "nowhere", "--list").returncode == 3

    srv = Server(exports)
    try:
        busy = cli(exports, "--port", str(srv.port))
        assert busy.returncode == 4
        assert busy.stderr.count("\n") == 1
        assert "port in use" in busy.stderr
    finally:
        srv.stop()
    assert cli(exports, "--certfile", str(tmp_path / "x.pem")).returncode == 2


def test_failure_limiter_window_and_block():
    now = [0.0]
    limiter = serve_segments.FailureLimiter(3, window=60, block_seconds=100, clock=lambda: now[0])
    limiter.fail("a")
    now[0] = 61  # the first failure left the window
    limiter.fail("a")
    limiter.fail("a")
    assert limiter.blocked_for("a") == 0
    limiter.fail("b")
    assert limiter.blocked_for("a") == 0
    assert limiter.blocked_for("b") == 0
    limiter.fail("a")
    assert limiter.blocked_for("a") == pytest.approx(100)
    now[0] = 160
    assert limiter.blocked_for("a") == pytest.approx(1)
    now[0] = 162
    assert limiter.blocked_for("a") == 0


def test_snapshot_ids_sort_by_time_then_counter():
    names = ["20260630T060000Z-10", "20260630T060000Z", "20260630T060000Z-2", "20260629T235959Z"]
    ordered = sorted(names, key=serve_segments._snapshot_key)
    assert ordered == ["20260629T235959Z", "20260630T060000Z", "20260630T060000Z-2", "20260630T060000Z-10"]
    assert serve_segments._snapshot_key(".20260630T060000Z.x.tmp") is None


def test_token_store_rejects_every_kind_of_miss(tmp_path):
    root = tmp_path
    (root / serve_segments.TOKEN_FILE).write_text(
        json.dumps({"tokens": {"vip": {"sha256": hashlib.sha256(b"t0k").hexdigest(), "created_at": "x"}}})
    )
    store = serve_segments.TokenStore(root)
    assert store.check("vip", "t0k")
    assert not store.check("vip", None)
    assert not store.check("vip", "")
    assert not store.check(None, "t0k")
    assert not store.check("other", "t0k")
    os.remove(root / serve_segments.TOKEN_FILE)
    assert not store.check("vip", "t0k")  # a deleted token file means no token


def test_server_never_loads_duckdb(exports):
    """The server reads export folders only: serving never holds the warehouse (builds go on)."""
    code = (
        "import sys, pathlib; sys.path.insert(0, sys.argv[1]); import serve_segments as s; "
        "s.create_app(pathlib.Path(sys.argv[2]), s.FailureLimiter(10, 60, 60)); "
        "s._server_class(); print('duckdb' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(SCRIPT.parent), str(exports)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.strip() == "False"


def test_serves_what_export_segments_writes(tmp_path):
    """End to end with the real exporter: a change export of a hand-made warehouse, then the
    server returns each file byte for byte with the manifest's sha256 as ETag."""
    import export_segments
    from test_exports import CUSTOMERS, make_warehouse

    db = make_warehouse(tmp_path / "wh.duckdb")
    root = tmp_path / "exports"
    args = ["--all", "--changes", "--format", "standard,meta", "--out", str(root), "--duckdb-path", str(db)]
    assert export_segments.main(args) == 0
    (folder,) = root.iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    (tmp_path / "segments.yml").write_text("segments: []\n")
    proc = cli(root, "--new-token", "vip", segments=tmp_path / "segments.yml")  # known from the export
    assert proc.returncode == 0, proc.stderr
    token = proc.stdout.strip()
    srv = Server(root)
    try:
        vip_files = [f for f in manifest["files"] if f["segment"] == "vip"]
        assert {f["file"] for f in vip_files} >= {
            "vip.standard.csv",
            "vip.meta.added.csv",
            "vip.meta.removed.csv",
        }
        for entry in vip_files:
            status, headers, body = srv.get(f"/segments/{entry['file']}", token)
            assert status == 200
            assert body == (folder / entry["file"]).read_bytes()
            assert headers["etag"] == f'"{entry["sha256"]}"'
        assert srv.get("/segments/everyone.standard.csv", token)[0] == 401
    finally:
        log = srv.stop()
    for customer in CUSTOMERS:
        assert customer[3].strip().lower() not in log.lower()
    assert token not in log
