#!/usr/bin/env python3
"""Loopback webhook receiver for jmb's tests (run with tests/support/.venv/bin/python; needs
standardwebhooks, the reference Standard Webhooks library).

  webhook_receiver.py --secret whsec_... --out FILE [--listen 127.0.0.1:0] [--fail-first N]

Once the port accepts connections, prints exactly one line to stdout: `LISTENING <port>`.
Every POST is verified with standardwebhooks.Webhook(secret).verify and recorded as one JSON
line appended to FILE (flushed before the answer is sent):
  {"path", "id", "timestamp", "verified": bool, "error": str|null, "body": parsed JSON|null,
   "answered": status}
It answers 500 to the first N requests (--fail-first), then 204 when the signature verifies
and 401 when it does not. Exits 0 on SIGTERM or SIGINT.
"""
import argparse
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--secret", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--listen", default="127.0.0.1:0")
    ap.add_argument("--fail-first", type=int, default=0)
    args = ap.parse_args()
    host, port = args.listen.rsplit(":", 1)
    hook = Webhook(args.secret)
    lock = threading.Lock()
    state = {"seen": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("content-length", "0"))
            raw = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            with lock:
                state["seen"] += 1
                failing = state["seen"] <= args.fail_first
                try:
                    body = hook.verify(raw, headers)
                    verified, error = True, None
                except WebhookVerificationError as e:
                    body, verified, error = None, False, str(e)
                status = 500 if failing else (204 if verified else 401)
                record = {
                    "path": self.path,
                    "id": headers.get("webhook-id"),
                    "timestamp": headers.get("webhook-timestamp"),
                    "verified": verified,
                    "error": error,
                    "body": body,
                    "answered": status,
                }
                with open(args.out, "a", encoding="utf-8") as f:
                    f.write(json.dumps(record) + "\n")
                    f.flush()
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, fmt, *a):
            print("webhook_receiver:", fmt % a, file=sys.stderr, flush=True)

    server = ThreadingHTTPServer((host, int(port)), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"LISTENING {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
