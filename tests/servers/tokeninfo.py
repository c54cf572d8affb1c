"""The token-info endpoint Dovecot's oauth2 passdb asks whether an access token is valid (Google's tokeninfo form:
GET /tokeninfo?access_token=TOKEN). Tests register a token by writing the account's address into the file
TOKENS_DIR/<sha256 of the token, hex>; a token without such a file is answered 401 invalid_token, as a provider
answers a revoked or expired one. Every token asked about is appended to TOKENS_DIR/asked.log (as its hash), so a test
can tell that the server really checked it. Loopback only.

usage: tokeninfo.py TOKENS_DIR PORT
"""
import hashlib
import http.server
import json
import os
import sys
import urllib.parse


def main(tokens_dir, port):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            token = urllib.parse.parse_qs(url.query).get("access_token", [""])[0]
            digest = hashlib.sha256(token.encode()).hexdigest()
            with open(os.path.join(tokens_dir, "asked.log"), "a") as log:
                log.write(digest + "\n")
            path = os.path.join(tokens_dir, digest)
            if url.path == "/tokeninfo" and token and os.path.isfile(path):
                with open(path) as f:
                    self.answer(200, {"email": f.read().strip(), "scope": "https://mail.google.com/"})
            else:
                self.answer(401, {"error": "invalid_token"})

        def answer(self, status, document):
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("ready", flush=True)  # listening: the starting script waits for this line
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
