#!/usr/bin/python3
"""A strict or hostile SMTP server on 127.0.0.1 for the delivery tests.

Usage: hostile_smtp.py PORT_FILE MAIL_DIR [BEHAVIOUR STAGE]...

Speaks enough SMTP (RFC 5321) for one client at a time, enforces the
998-octet line limit of RFC 5321 4.5.3.1.6 (a longer line in the message is
answered "500 5.5.2 line too long", as strict MTAs do) and accepts messages
into MAIL_DIR/NNNNN.eml. Every command's verb is appended to
MAIL_DIR/commands.log, with " tls" once the session is encrypted (so a test
can tell that nothing went out in clear text). STAGE is one of greeting,
ehlo, starttls (the reply to STARTTLS), handshake (the TLS handshake after
it), tls-ehlo (the EHLO after it), mail, rcpt, data, message (the end of
data), quit; BEHAVIOUR at that stage, instead of the normal answer:
  --drip STAGE     send the reply one byte a second
  --stall STAGE    never answer (handshake: read the ClientHello, never answer)
  --reset STAGE    close the connection (RST; handshake: once the ClientHello is in)
  --refuse STAGE "CODE TEXT"   answer with that reply
  --no-auth        do not offer AUTH (default: AUTH PLAIN LOGIN, any password)
  --tls CERT KEY   offer STARTTLS with that certificate and key, and refuse
                   MAIL before it (530), as a submission server does
  --while-exists PATH   behave so only while PATH exists (else answer normally)
  --slow MS        wait MS milliseconds before every reply
"""
import os
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from loopback_server import listen, parse_options, reset, serve_forever, tls_context, write_atomically  # noqa: E402

MAX_LINE = 998


def main():
    port_file, folder = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    behaviours = {}
    offer_auth = True
    switch = None
    slow = 0.0
    context = None
    arity = {"--drip": 1, "--stall": 1, "--reset": 1, "--refuse": 2, "--while-exists": 1, "--slow": 1,
             "--no-auth": 0, "--tls": 2}
    for flag, values in parse_options(args, arity):
        if flag in ("--drip", "--stall", "--reset"):
            behaviours[values[0]] = (flag[2:], None)
        elif flag == "--refuse":
            behaviours[values[0]] = ("refuse", values[1])
        elif flag == "--while-exists":
            switch = values[0]
        elif flag == "--slow":
            slow = int(values[0]) / 1000.0
        elif flag == "--no-auth":
            offer_auth = False
        else:
            context = tls_context(*values)

    listener = listen(port_file)
    counter = [0]
    lock = threading.Lock()

    def serve(client):
        connection = client
        reader = connection.makefile("rb")
        encrypted = False

        def behaviour(stage):
            if switch is not None and not os.path.exists(switch):
                return None, None
            return behaviours.get(stage, (None, None))

        def reply(stage, text):
            action, value = behaviour(stage)
            if slow:
                time.sleep(slow)
            if action == "stall":
                time.sleep(3600)
            if action == "reset":
                reset(connection)
                raise ConnectionError("reset")
            if action == "refuse":
                text = value + "\r\n"
            if action == "drip":
                for byte in text.encode():
                    connection.sendall(bytes([byte]))
                    time.sleep(1)
            else:
                connection.sendall(text.encode())
            return action != "refuse"

        def line():
            data = reader.readline(64 * 1024)
            if not data:
                raise ConnectionError("closed")
            return data

        def start_tls():
            action = behaviour("handshake")[0]
            if action in ("stall", "reset"):
                client.recv(4096)  # the ClientHello
                if action == "stall":
                    time.sleep(3600)
                reset(client)
                raise ConnectionError("reset")
            secured = context.wrap_socket(client, server_side=True)
            return secured, secured.makefile("rb")

        try:
            if not reply("greeting", "220 strict.test ESMTP\r\n"):
                return
            sender = None
            recipients = []
            while True:
                command = line().rstrip(b"\r\n").decode("latin-1")
                verb = command.split(" ", 1)[0].upper()
                with lock, open(os.path.join(folder, "commands.log"), "a") as log:
                    log.write(verb + (" tls" if encrypted else "") + "\n")
                if verb == "EHLO":
                    capabilities = "250-strict.test\r\n"
                    if context is not None and not encrypted:
                        capabilities += "250-STARTTLS\r\n"
                    if offer_auth:
                        capabilities += "250-AUTH PLAIN LOGIN\r\n"
                    reply("tls-ehlo" if encrypted else "ehlo", capabilities + "250 SIZE 10240000\r\n")
                elif verb == "STARTTLS" and context is not None and not encrypted:
                    if reply("starttls", "220 2.0.0 ready to start TLS\r\n"):
                        connection, reader = start_tls()
                        encrypted = True
                        sender, recipients = None, []
                elif verb == "AUTH":
                    parts = command.split(" ")
                    if len(parts) == 2 and parts[1].upper() == "PLAIN":
                        connection.sendall(b"334 \r\n")
                        line()
                    elif parts[1].upper() == "LOGIN":
                        connection.sendall(b"334 VXNlcm5hbWU6\r\n")
                        line()
                        connection.sendall(b"334 UGFzc3dvcmQ6\r\n")
                        line()
                    connection.sendall(b"235 2.7.0 accepted\r\n")
                elif verb == "MAIL" and context is not None and not encrypted:
                    connection.sendall(b"530 5.7.0 must issue a STARTTLS command first\r\n")
                elif verb == "MAIL":
                    sender = command[10:]
                    reply("mail", "250 2.1.0 ok\r\n")
                elif verb == "RCPT":
                    if reply("rcpt", "250 2.1.5 ok\r\n"):
                        recipients.append(command[8:])
                elif verb == "DATA":
                    if not reply("data", "354 go ahead\r\n"):
                        continue
                    body = b""
                    too_long = False
                    while True:
                        data = line()
                        if data in (b".\r\n", b".\n"):
                            break
                        if len(data.rstrip(b"\r\n")) > MAX_LINE:
                            too_long = True
                        body += data[1:] if data.startswith(b"..") else data
                    if too_long:
                        connection.sendall(b"500 5.5.2 line too long\r\n")
                        continue
                    # Like a real MTA, the message is stored before the 250
                    # (so a client that got it finds the message logged),
                    # unless the server is to fail at this stage.
                    if behaviour("message")[0] in (None, "drip"):
                        with lock:
                            counter[0] += 1
                            name = os.path.join(folder, "%05d.eml" % counter[0])
                        head = "X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n" % (sender, ",".join(recipients))
                        if context is not None:
                            head += "X-TLS: %s\r\n" % ("yes" if encrypted else "no")
                        write_atomically(name, head.encode("latin-1") + body)
                    reply("message", "250 2.0.0 queued\r\n")
                elif verb == "QUIT":
                    reply("quit", "221 2.0.0 bye\r\n")
                    return
                elif verb in ("RSET", "NOOP"):
                    connection.sendall(b"250 ok\r\n")
                else:
                    connection.sendall(b"502 5.5.1 unknown command\r\n")
        except ConnectionError:
            pass
        finally:
            if connection is not client:
                connection.close()

    serve_forever(listener, serve)


if __name__ == "__main__":
    main()
