#!/usr/bin/env python3
"""A person sitting in a meeting room, for jmb's XMPP reminder tests (run with
tests/support/.venv/bin/python; needs slixmpp).

  muc_listen.py --jid USER@HOST --password PW --port PORT --room ROOM@MUC --nick NICK --out FILE

Logs in on 127.0.0.1:PORT without TLS, joins ROOM as NICK, then appends one JSON line to FILE
per groupchat message from another occupant:
  {"from": "ROOM@MUC/nick", "nick": "...", "body": "..."}
Prints exactly one line, `JOINED`, to stdout once it is in the room. Exits on SIGTERM.
"""
import argparse
import asyncio
import json
import signal
import sys

import slixmpp


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jid", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--room", required=True)
    p.add_argument("--nick", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()

    async def run():
        # slixmpp binds to the running event loop when the client is built.
        client = slixmpp.ClientXMPP(a.jid, a.password)
        client.register_plugin("xep_0030")
        client.register_plugin("xep_0045")
        client.plugin["feature_mechanisms"].unencrypted_plain = True
        client.enable_plaintext = True
        client.enable_direct_tls = False
        client.enable_starttls = False

        def on_groupchat(msg):
            if msg["mucnick"] == a.nick or not msg["body"]:
                return
            # Room history replayed on join carries a delay stamp: only live messages count.
            if msg["delay"]["stamp"] is not None:
                return
            line = {"from": str(msg["from"]), "nick": msg["mucnick"], "body": msg["body"]}
            with open(a.out, "a", encoding="utf-8") as f:
                f.write(json.dumps(line) + "\n")

        client.add_event_handler("groupchat_message", on_groupchat)

        started = asyncio.Event()
        client.add_event_handler("session_start", lambda _e: started.set())
        client.connect(host="127.0.0.1", port=a.port)
        await asyncio.wait_for(started.wait(), 15)
        client.send_presence()
        await asyncio.wait_for(client.plugin["xep_0045"].join_muc_wait(a.room, a.nick), 15)
        print("JOINED", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        client.disconnect()

    try:
        asyncio.run(run())
    except Exception as e:  # noqa: BLE001 - any failure is reported to the test
        print(f"muc_listen: {e!r}", file=sys.stderr, flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
