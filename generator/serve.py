"""Preview the published site on localhost, served as GitHub Pages serves it.

Not a pipeline stage: ``make serve`` runs it over ``public/`` after a build.
``.ics`` goes out as ``text/calendar; charset=utf-8`` and ``.json`` as
``application/json``; a folder serves its ``index.html``, and ``/name`` serves
``name.html`` when there is no such file or folder, as on Pages. Binds to
127.0.0.1 by default: it is a preview, not a web server for the world.

``python -m generator.serve [--directory public] [--port 8000] [--host 127.0.0.1]``
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import posixpath
import sys
from pathlib import Path
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


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    quiet = False
    """True: no line per request (the tests' servers)."""


def make_server(directory: Path, port: int = 0, host: str = "127.0.0.1", quiet: bool = False) -> PreviewServer:
    """A server for ``directory`` on ``host:port`` (port 0: any free port), not yet serving."""
    handler = functools.partial(PagesHandler, directory=str(directory))
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
    args = parser.parse_args(argv)
    if not (args.directory / "index.html").is_file():
        print(f"error: {args.directory}/index.html not found; run `make feeds` first", file=sys.stderr)
        return 1
    try:
        server = make_server(args.directory, args.port, args.host)
    except OSError as error:
        print(
            f"error: cannot listen on {args.host}:{args.port}: {error.strerror or error}; try PORT=8001",
            file=sys.stderr,
        )
        return 1
    host, port = server.socket.getsockname()[:2]  # as bound: 127.0.0.1 for localhost, the port picked for 0
    print(f"serving {args.directory}/ at http://{host}:{port}/ (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
