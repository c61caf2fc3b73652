#!/usr/bin/env python3
"""Loopback SMTP capture server for jmb's tests (run with tests/support/.venv/bin/python; needs aiosmtpd).

  smtp_capture.py --outdir DIR [--listen 127.0.0.1:0] [--auth USER:PASS]
                  [--fail-rcpt ADDR]... [--tempfail | --tempfail-first N]
                  [--tls-cert CERT --tls-key KEY]
                  [--hold-after N --release-file PATH]

Once the port accepts connections, prints exactly one line to stdout: `LISTENING <port>`
(with --listen HOST:0 the OS chooses the port). Nothing else goes to stdout; a log goes to stderr.

Every accepted message is saved as OUTDIR/<ms>-<n>.eml (raw bytes as received; written to .tmp and
renamed, so a reader never sees a partial file) plus OUTDIR/<ms>-<n>.json, written BEFORE the .eml:
  {"mail_from": "...", "rcpt_tos": ["..."], "auth_user": "..." | null}

  --auth USER:PASS     AUTH PLAIN/LOGIN required (allowed without TLS); auth_user is USER
  --fail-rcpt ADDR     RCPT TO:<ADDR> gets a 550 permanent reject (repeatable, case-insensitive)
  --tempfail           every DATA is answered 451 (nothing saved)
  --tempfail-first N   the first N DATA commands are answered 451, later ones are accepted
  --tls-cert/--tls-key offer STARTTLS with that certificate
  --implicit-tls       with --tls-cert/--tls-key: TLS from the first byte (port 465 style) instead
  --hold-after N       once N messages are saved, every later DATA waits (no reply) until the file
  --release-file PATH  PATH exists; a client that disconnected meanwhile gets nothing saved (a
                       sender killed mid-send, before the reply, has delivered nothing)

Exits 0 on SIGTERM or SIGINT.
"""
import argparse
import asyncio
import itertools
import json
import logging
import os
import signal
import ssl
import sys
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def log(*a):
    print("smtp_capture:", *a, file=sys.stderr, flush=True)


class Capture:
    def __init__(self, outdir, fail_rcpts, tempfail_left, hold_after=None, release_file=None):
        self.outdir = outdir
        self.saved = 0
        self.hold_after = hold_after
        self.release_file = release_file
        self.n = itertools.count(1)
        self.fail_rcpts = {a.lower() for a in fail_rcpts}
        self.tempfail_left = tempfail_left  # None = never, -1 = always, else count

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.fail_rcpts:
            log(f"RCPT TO:<{address}> -> 550")
            return f"550 5.1.1 <{address}>: recipient rejected (smtp_capture --fail-rcpt)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.tempfail_left is not None and self.tempfail_left != 0:
            if self.tempfail_left > 0:
                self.tempfail_left -= 1
            log(f"DATA from {envelope.mail_from} to {envelope.rcpt_tos} -> 451")
            return "451 4.3.0 Temporary failure, try again later (smtp_capture --tempfail)"
        if self.hold_after is not None and self.saved >= self.hold_after:
            log(f"DATA from {envelope.mail_from} to {envelope.rcpt_tos} held")
            while not os.path.exists(self.release_file):
                await asyncio.sleep(0.02)  # cancelled when the client disconnects
            if server.transport is None or server.transport.is_closing():
                log(f"DATA to {envelope.rcpt_tos}: the client is gone, nothing saved")
                return "421 4.4.2 client gone"
        base = os.path.join(self.outdir, f"{int(time.time() * 1000)}-{next(self.n):04d}")
        auth_user = session.auth_data if isinstance(session.auth_data, str) else None
        with open(base + ".json.tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "auth_user": auth_user}, f)
        os.rename(base + ".json.tmp", base + ".json")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".eml.tmp", base + ".eml")  # readers only ever see complete .eml files
        self.saved += 1
        log(f"saved {base}.eml from {envelope.mail_from} to {envelope.rcpt_tos}")
        return "250 OK captured"


def parse_listen(s):
    host, port = s.rsplit(":", 1)
    return host.strip("[]"), int(port)


async def serve(a):
    host, port = parse_listen(a.listen)
    os.makedirs(a.outdir, exist_ok=True)
    tempfail = -1 if a.tempfail else (a.tempfail_first if a.tempfail_first else None)
    handler = Capture(a.outdir, a.fail_rcpt, tempfail, a.hold_after, a.release_file)
    kw = {}
    if a.auth:
        user, pw = a.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == pw)
            return AuthResult(success=ok, handled=False, auth_data=user if ok else None)

        kw.update(authenticator=authenticator, auth_require_tls=False, auth_required=True)
        warnings.filterwarnings("ignore", message="Requiring AUTH")
        warnings.filterwarnings("ignore", message="Session.login_data is deprecated")
        logging.getLogger("mail.log").setLevel(logging.ERROR)  # "auth_required but not auth_require_tls" 
    ssl_ctx = None
    if a.tls_cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.tls_cert, a.tls_key)
        if a.implicit_tls:
            ssl_ctx = ctx
        else:
            kw.update(tls_context=ctx)  # offers STARTTLS

    loop = asyncio.get_running_loop()
    # explicit hostname: the default (socket.getfqdn()) may wait on DNS
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp-capture.test", enable_SMTPUTF8=True, **kw),
        host=host, port=port, ssl=ssl_ctx)
    bound = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"LISTENING {bound}", flush=True)
    log(f"listening on {host}:{bound}, saving to {a.outdir}")
    await stop.wait()
    server.close()
    await server.wait_closed()
    log("stopped")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--listen", default="127.0.0.1:0", help="HOST:PORT, port 0 = OS-chosen (default)")
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--auth", help="USER:PASS; requires AUTH PLAIN/LOGIN (allowed without TLS)")
    ap.add_argument("--fail-rcpt", action="append", default=[], metavar="ADDR",
                    help="answer RCPT TO for ADDR with 550 (repeatable)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--tempfail", action="store_true", help="answer every DATA with 451")
    g.add_argument("--tempfail-first", type=int, default=0, metavar="N",
                   help="answer the first N DATA commands with 451")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--implicit-tls", action="store_true")
    ap.add_argument("--hold-after", type=int, metavar="N",
                    help="after N saved messages, hold every DATA until --release-file exists")
    ap.add_argument("--release-file", metavar="PATH")
    a = ap.parse_args()
    asyncio.run(serve(a))


if __name__ == "__main__":
    main()
