"""Preview the published site on localhost, served as GitHub Pages serves it.

Not a pipeline stage: ``make serve`` runs it over ``public/`` after a build.
``.ics`` goes out as ``text/calendar; charset=utf-8`` and ``.json`` as
``application/json``; a folder serves its ``index.html``, and ``/name`` serves
``name.html`` when there is no such file or folder, as on Pages. Binds to
127.0.0.1 by default: it is a preview, not a web server for the world.
With ``--gzip`` it compresses the text files for a client that accepts gzip,
as GitHub Pages does: what a reader downloads, for measuring the pages
(Lighthouse) as they are published.

``python -m generator.serve [--directory public] [--port 8000] [--host 127.0.0.1] [--gzip]``
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import posixpath
import sys
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}
COMPRESSED = frozenset(CONTENT_TYPES)
"""The text files ``--gzip`` compresses (GitHub Pages compresses these types too)."""


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return CONTENT_TYPES.get(posixpath.splitext(path)[1].lower()) or super().guess_type(path)

    def translate_path(self, path: str) -> str:
        local = super().translate_path(path)
        # GitHub Pages serves /name from name.html when neither a file nor a folder is called name.
        if not os.path.exists(local) and not urlsplit(path).path.endswith("/") and os.path.isfile(local + ".html"):
            return local + ".html"
        return local

    def end_headers(self) -> None:
        # A preview should show the latest build, not a cached one.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        if not (isinstance(self.server, PreviewServer) and self.server.quiet):
            super().log_message(format, *args)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (``gzip``, ``*``; not with ``q=0``)."""
    for part in accept_encoding.split(","):
        coding, *parameters = (item.strip() for item in part.split(";"))
        if coding.lower() in ("gzip", "x-gzip", "*"):
            weights = [p.partition("=")[2] for p in parameters if p.lower().startswith("q=")]
            try:
                return not weights or float(weights[0]) > 0
            except ValueError:
                return False
    return False


class GzipPagesHandler(PagesHandler):
    """The same files, text ones gzipped (level 6) when the client accepts it."""

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        local = self.translate_path(self.path)
        if os.path.isdir(local) and urlsplit(self.path).path.endswith("/"):
            local = os.path.join(local, "index.html")
        if not (
            accepts_gzip(self.headers.get("Accept-Encoding", ""))
            and os.path.splitext(local)[1] in COMPRESSED
            and os.path.isfile(local)
        ):
            return super().send_head()  # a redirect, a 404, or the file as it is
        with open(local, "rb") as file:
            body = gzip.compress(file.read(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(local))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    quiet = False
    """True: no line per request (the tests' servers)."""


def make_server(
    directory: Path, port: int = 0, host: str = "127.0.0.1", quiet: bool = False, compress: bool = False
) -> PreviewServer:
    """A server for ``directory`` on ``host:port`` (port 0: any free port), not yet serving; ``compress``: gzip text files."""
    handler = functools.partial(GzipPagesHandler if compress else PagesHandler, directory=str(directory))
    server = PreviewServer((host, port), handler)
    server.quiet = quiet
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.serve", description="Serve the built site on localhost as GitHub Pages would."
    )
    parser.add_argument("--directory", type=Path, default=Path("public"), help="the built site (default: public)")
    parser.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    parser.add_argument(
        "--gzip", action="store_true", help="gzip the text files for clients that accept it, as GitHub Pages does"
    )
    args = parser.parse_args(argv)
    if not (args.directory / "index.html").is_file():
        print(f"error: {args.directory}/index.html not found; run `make feeds` first", file=sys.stderr)
        return 1
    try:
        server = make_server(args.directory, args.port, args.host, compress=args.gzip)
    except OSError as error:
        print(
            f"error: cannot listen on {args.host}:{args.port}: {error.strerror or error}; try PORT=8001",
            file=sys.stderr,
        )
        return 1
    host, port = server.socket.getsockname()[:2]  # as bound: 127.0.0.1 for localhost, the port picked for 0
    print(
        f"serving {args.directory}/ at http://{host}:{port}/{' gzipped' if args.gzip else ''} (Ctrl+C stops)",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
