#!/usr/bin/env python3
"""Jibri finalize script: tells jmb that a recording is finished and where it is.

Jibri runs its finalize script with one argument, the recording's directory, once the
recording has stopped. That directory is named after the recording session and holds the
video file and Jibri's metadata.json, whose "meeting_url" names the room. This script posts
to jmb's /hooks/recording:

    {"event": "stopped", "room": "<meeting_url>", "session_id": "<dir name>",
     "file": "<path of the video>", "url": "<public URL, if configured>"}

("failed" when the directory holds no video), signed with jmb's hooks.secret:
X-Jitsi-Timestamp = the Unix time of sending, X-Jitsi-Signature = hex HMAC-SHA256 of
"<timestamp>.<exact body>". jmb refuses a report older than 5 minutes (or more than a minute
ahead of its clock), so a captured report cannot be replayed: keep the Jibri host's clock
synchronised (NTP).

Install (on the Jibri host; Python 3 standard library only):
    install -m 755 jibri-finalize.py /usr/local/bin/jmb-finalize
    # /etc/jitsi/jibri/jibri.conf:  jibri.recording.finalize-script = "/usr/local/bin/jmb-finalize"

Settings, from the environment or from /etc/jitsi/jibri/jmb-finalize.env (KEY=value lines;
another file with JMB_FINALIZE_ENV):
    JMB_HOOK_URL           https://booking.example.org/hooks/recording   (required)
    JMB_HOOKS_SECRET_FILE  file holding jmb's hooks.secret, readable by the jibri user
                           (or JMB_HOOKS_SECRET with the value itself)
    JMB_RECORDINGS_URL     optional: where the recordings directory is published over HTTP;
                           the report then carries <JMB_RECORDINGS_URL>/<session>/<file>

Exit status 0 when jmb took the report, 1 otherwise (Jibri logs it). Failed posts are tried
three times, a few seconds apart.
"""

import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

VIDEO = (".mp4", ".webm", ".mkv", ".flv")


def settings():
    path = os.environ.get("JMB_FINALIZE_ENV", "/etc/jitsi/jibri/jmb-finalize.env")
    values = {}
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    key, value = line.split("=", 1)
                    values[key.strip()] = value.strip().strip('"')
    values.update({k: v for k, v in os.environ.items() if k.startswith("JMB_")})
    secret = values.get("JMB_HOOKS_SECRET", "")
    if values.get("JMB_HOOKS_SECRET_FILE"):
        with open(values["JMB_HOOKS_SECRET_FILE"], encoding="utf-8") as f:
            secret = f.read().rstrip("\r\n")
    if not values.get("JMB_HOOK_URL") or not secret:
        sys.exit("jmb-finalize: set JMB_HOOK_URL and JMB_HOOKS_SECRET_FILE (see the script's header)")
    return values["JMB_HOOK_URL"], secret, values.get("JMB_RECORDINGS_URL", "")


def report(directory, public_prefix):
    session = os.path.basename(os.path.normpath(directory))
    with open(os.path.join(directory, "metadata.json"), encoding="utf-8") as f:
        room = json.load(f).get("meeting_url", "")
    videos = sorted(n for n in os.listdir(directory) if n.lower().endswith(VIDEO))
    body = {"event": "stopped" if videos else "failed", "room": room, "session_id": session}
    if videos:
        body["file"] = os.path.abspath(os.path.join(directory, videos[0]))
        if public_prefix:
            body["url"] = "/".join(
                [public_prefix.rstrip("/"), urllib.parse.quote(session), urllib.parse.quote(videos[0])]
            )
    return body


def signed_request(url, secret, data):
    """A request signed now: each attempt carries its own time, so retries stay fresh."""
    timestamp = str(int(time.time()))
    signature = hmac.new(
        secret.encode("utf-8"), timestamp.encode("ascii") + b"." + data, hashlib.sha256
    ).hexdigest()
    return urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Jitsi-Timestamp": timestamp,
            "X-Jitsi-Signature": signature,
        },
    )


def post(url, secret, body):
    data = json.dumps(body, separators=(",", ":")).encode("utf-8")
    for attempt in range(3):
        request = signed_request(url, secret, data)
        try:
            with urllib.request.urlopen(request, timeout=20) as answer:
                print("jmb-finalize: %s %s" % (answer.status, answer.read().decode("utf-8", "replace")))
                return True
        except urllib.error.HTTPError as e:
            print("jmb-finalize: jmb answered %s: %s" % (e.code, e.read().decode("utf-8", "replace")), file=sys.stderr)
            if e.code < 500:
                return False
        except (urllib.error.URLError, OSError) as e:
            print("jmb-finalize: cannot reach %s: %s" % (url, e), file=sys.stderr)
        if attempt < 2:
            time.sleep(5)
    return False


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: jmb-finalize RECORDING_DIRECTORY")
    url, secret, public_prefix = settings()
    sys.exit(0 if post(url, secret, report(sys.argv[1], public_prefix)) else 1)


if __name__ == "__main__":
    main()
