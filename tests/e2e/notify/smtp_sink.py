#!/usr/bin/python3
"""A loopback SMTP server for the notify tests (python3-aiosmtpd).

Usage: smtp_sink.py PORT_FILE MAIL_DIR [--tls CERT KEY [--implicit]] [--auth USER PASSWORD]
                    [--refuse-rcpt ADDRESS]

Listens on 127.0.0.1, an ephemeral port written to PORT_FILE once ready.
Each accepted message becomes MAIL_DIR/NNNNN.eml: "X-Envelope-From:" and
"X-Envelope-To:" lines, then the message as received. With --tls the server
offers STARTTLS and requires it (with --implicit: TLS from the first
byte); with --auth it requires AUTH. Every RCPT TO address is appended to
MAIL_DIR/rcpt.log; --refuse-rcpt answers "550 5.1.1 no such user" to that one.
"""
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def login(session):
    data = getattr(session, "auth_data", None)
    name = getattr(data, "login", None)
    return name.decode() if isinstance(name, bytes) else "None"


class Sink:
    def __init__(self, folder, refused):
        self.folder = folder
        self.refused = refused
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with open(os.path.join(self.folder, "rcpt.log"), "a") as log:
            log.write(address + "\n")
        if address == self.refused:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.folder, "%05d.eml" % self.count)
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        header = "X-Envelope-From: %s\r\nX-Envelope-To: %s\r\nX-Auth: %s\r\nX-TLS: %s\r\n" % (
            envelope.mail_from, ",".join(envelope.rcpt_tos),
            login(session), session.ssl is not None)
        with open(name + ".tmp", "wb") as out:
            out.write(header.encode("ascii") + content)
        os.rename(name + ".tmp", name)
        return "250 OK"


def main():
    port_file, folder = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    tls_context = None
    implicit = False
    credentials = None
    refused = None
    while args:
        if args[0] == "--implicit":
            implicit = True
            args = args[1:]
        elif args[0] == "--tls":
            tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls_context.load_cert_chain(args[1], args[2])
            args = args[3:]
        elif args[0] == "--refuse-rcpt":
            refused = args[1]
            args = args[2:]
        elif args[0] == "--auth":
            credentials = (args[1].encode(), args[2].encode())
            args = args[3:]
        else:
            raise SystemExit("unknown argument " + args[0])

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == credentials
        return AuthResult(success=ok, auth_data=auth_data if ok else None)

    handler = Sink(folder, refused)

    starttls = tls_context is not None and not implicit

    def factory():
        return SMTP(handler, tls_context=tls_context if starttls else None, require_starttls=starttls,
                    authenticator=authenticator if credentials else None,
                    auth_required=credentials is not None,
                    auth_require_tls=starttls)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", 0, ssl=tls_context if implicit else None))
    port = server.sockets[0].getsockname()[1]
    with open(port_file + ".tmp", "w") as out:
        out.write(str(port))
    os.rename(port_file + ".tmp", port_file)
    loop.run_forever()


if __name__ == "__main__":
    main()
