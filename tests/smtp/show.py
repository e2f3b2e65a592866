#!/usr/bin/env python3
"""Prints a received message as a test compares it, decoded by Python's own
e-mail parser (an independent reader of what lecap wrote):

    show.py MESSAGE.eml [ATTACHMENT_OUT]

Headers From, To, Subject decoded (RFC 2047), the parts' types, then the
text body decoded; the attachment is written to ATTACHMENT_OUT.
"""
import email
import email.policy
import email.utils
import sys

with open(sys.argv[1], "rb") as f:
    raw = f.read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
for h in ("From", "To", "Subject", "MIME-Version", "Auto-Submitted"):
    print("%s: %s" % (h, msg[h]))
# Date and Message-ID vary: check their shape only.
print("Date valide:", email.utils.parsedate_to_datetime(msg["Date"]) is not None)
print("Message-ID domaine:", msg["Message-ID"].rsplit("@", 1)[1])
parts = []
body = None
for part in msg.iter_parts():
    ctype = part.get_content_type()
    if ctype == "text/plain":
        body = part.get_content()
        parts.append("%s %s %s" % (ctype, part.get_content_charset(), part["Content-Transfer-Encoding"]))
    else:
        parts.append("%s %s %s" % (ctype, part.get_filename(), part["Content-Transfer-Encoding"]))
        if len(sys.argv) > 2:
            with open(sys.argv[2], "wb") as out:
                out.write(part.get_payload(decode=True))
print("Parties:", " | ".join(parts))
lines = raw.split(b"\r\n")
print("Lignes > 76:", sum(1 for l in lines if len(l) > 76 and not l.startswith((b"Subject", b"To", b"From", b"Message-ID", b"Content-"))))
print("LF nus:", raw.replace(b"\r\n", b"").count(b"\n"))
print("---")
print(body.replace("\r\n", "\n"), end="")
