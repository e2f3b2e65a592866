#!/usr/bin/python3
"""A local SMTP sink for the diffusion tests (aiosmtpd, Debian python3-aiosmtpd).

    sink.py DIR

Listens on 127.0.0.1 on a free port, written to DIR/port once listening.
Each message accepted is written byte for byte (as received after DATA) to
DIR/msg-N-<recipient>.eml, N counting from 1. A recipient listed in
DIR/refuse (one address a line, read at each RCPT) gets "550 5.1.1 ...".
With SINK_AUTH=user:password in the environment, AUTH PLAIN/LOGIN is
required (over plain text: a test server) and other credentials get 535.
With SINK_TLS=cert.pem:key.pem, STARTTLS is offered with that certificate
and required before MAIL (aiosmtpd answers 530 otherwise).
Stops on SIGTERM.
"""
import asyncio
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, directory):
        self.dir = directory
        self.count = 0

    def refused(self):
        try:
            with open(os.path.join(self.dir, "refuse")) as f:
                return {line.strip() for line in f if line.strip()}
        except FileNotFoundError:
            return set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused():
            return "550 5.1.1 <%s>: destinataire inconnu" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            self.count += 1
            name = "msg-%d-%s.eml" % (self.count, rcpt)
            tmp = os.path.join(self.dir, "." + name)
            with open(tmp, "wb") as f:
                f.write(envelope.original_content)
            os.rename(tmp, os.path.join(self.dir, name))
        return "250 2.0.0 Ok: message %d accepte" % self.count


def make_authenticator(expected):
    user, _, password = expected.partition(":")

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False)
    return authenticator


async def main(directory):
    loop = asyncio.get_running_loop()
    handler = Sink(directory)
    auth = os.environ.get("SINK_AUTH")
    tls = os.environ.get("SINK_TLS")
    extra = {}
    if tls:
        cert, _, key = tls.partition(":")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        extra = {"tls_context": context, "require_starttls": True}
    if auth:
        factory = lambda: SMTP(handler, hostname="sink.test",
                               authenticator=make_authenticator(auth),
                               auth_required=True, auth_require_tls=False, **extra)
    else:
        factory = lambda: SMTP(handler, hostname="sink.test", **extra)
    server = await loop.create_server(factory, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(directory, "port.tmp"), "w") as f:
        f.write("%d\n" % port)
    os.rename(os.path.join(directory, "port.tmp"), os.path.join(directory, "port"))
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    loop.add_signal_handler(signal.SIGINT, stop.set_result, None)
    await stop
    server.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
