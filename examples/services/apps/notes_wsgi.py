# A small WSGI app for examples/services/gunicorn.pol: GET / says hello,
# POST /note appends the body to /srv/data/notes.txt, GET /note returns it.
# The data directory is the only writable place the policy gives it.
import os

DATA = os.environ.get("NOTES_DIR", "/srv/data")


def application(environ, start_response):
    path, method = environ.get("PATH_INFO", "/"), environ["REQUEST_METHOD"]
    notes = os.path.join(DATA, "notes.txt")
    if path == "/note" and method == "POST":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(min(size, 4096))
        with open(notes, "ab") as f:
            f.write(body.rstrip(b"\n") + b"\n")
        status, out = "201 Created", b"stored\n"
    elif path == "/note":
        try:
            with open(notes, "rb") as f:
                status, out = "200 OK", f.read()
        except FileNotFoundError:
            status, out = "200 OK", b""
    elif path == "/":
        status, out = "200 OK", b"hello from wsgi pid %d\n" % os.getpid()
    else:
        status, out = "404 Not Found", b"not found\n"
    start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(out)))])
    return [out]
