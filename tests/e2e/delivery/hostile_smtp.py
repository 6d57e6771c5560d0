#!/usr/bin/python3
"""A strict or hostile SMTP server on 127.0.0.1 for the delivery tests.

Usage: hostile_smtp.py PORT_FILE MAIL_DIR [BEHAVIOUR STAGE]...

Speaks enough SMTP (RFC 5321) for one client at a time, enforces the
998-octet line limit of RFC 5321 4.5.3.1.6 (a longer line in the message is
answered "500 5.5.2 line too long", as strict MTAs do) and accepts messages
into MAIL_DIR/NNNNN.eml. STAGE is one of greeting, ehlo, mail, rcpt, data,
message (the end of data), quit; BEHAVIOUR at that stage, instead of the
normal answer:
  --drip STAGE     send the reply one byte a second
  --stall STAGE    never answer
  --reset STAGE    close the connection (RST)
  --refuse STAGE "CODE TEXT"   answer with that reply
  --no-auth        do not offer AUTH (default: AUTH PLAIN LOGIN, any password)
  --while-exists PATH   behave so only while PATH exists (else answer normally)
  --slow MS        wait MS milliseconds before every reply
"""
import os
import socket
import struct
import sys
import threading
import time

MAX_LINE = 998


def main():
    port_file, folder = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    behaviours = {}
    offer_auth = True
    switch = None
    slow = 0.0
    while args:
        if args[0] in ("--drip", "--stall", "--reset"):
            behaviours[args[1]] = (args[0][2:], None)
            args = args[2:]
        elif args[0] == "--refuse":
            behaviours[args[1]] = ("refuse", args[2])
            args = args[3:]
        elif args[0] == "--while-exists":
            switch = args[1]
            args = args[2:]
        elif args[0] == "--slow":
            slow = int(args[1]) / 1000.0
            args = args[2:]
        elif args[0] == "--no-auth":
            offer_auth = False
            args = args[1:]
        else:
            raise SystemExit("unknown argument " + args[0])

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    with open(port_file + ".tmp", "w") as out:
        out.write(str(listener.getsockname()[1]))
    os.rename(port_file + ".tmp", port_file)
    counter = [0]
    lock = threading.Lock()

    def serve(client):
        reader = client.makefile("rb")

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
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()
                raise ConnectionError("reset")
            if action == "refuse":
                text = value + "\r\n"
            if action == "drip":
                for byte in text.encode():
                    client.sendall(bytes([byte]))
                    time.sleep(1)
            else:
                client.sendall(text.encode())
            return action != "refuse"

        def line():
            data = reader.readline(64 * 1024)
            if not data:
                raise ConnectionError("closed")
            return data

        try:
            if not reply("greeting", "220 strict.test ESMTP\r\n"):
                return
            sender = None
            recipients = []
            while True:
                command = line().rstrip(b"\r\n").decode("latin-1")
                verb = command.split(" ", 1)[0].upper()
                if verb == "EHLO":
                    capabilities = "250-strict.test\r\n"
                    if offer_auth:
                        capabilities += "250-AUTH PLAIN LOGIN\r\n"
                    reply("ehlo", capabilities + "250 SIZE 10240000\r\n")
                elif verb == "AUTH":
                    parts = command.split(" ")
                    if len(parts) == 2 and parts[1].upper() == "PLAIN":
                        client.sendall(b"334 \r\n")
                        line()
                    elif parts[1].upper() == "LOGIN":
                        client.sendall(b"334 VXNlcm5hbWU6\r\n")
                        line()
                        client.sendall(b"334 UGFzc3dvcmQ6\r\n")
                        line()
                    client.sendall(b"235 2.7.0 accepted\r\n")
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
                        client.sendall(b"500 5.5.2 line too long\r\n")
                        continue
                    # Like a real MTA, the message is stored before the 250
                    # (so a client that got it finds the message logged),
                    # unless the server is to fail at this stage.
                    if behaviour("message")[0] in (None, "drip"):
                        with lock:
                            counter[0] += 1
                            name = os.path.join(folder, "%05d.eml" % counter[0])
                        head = "X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n" % (sender, ",".join(recipients))
                        with open(name + ".tmp", "wb") as out:
                            out.write(head.encode("latin-1") + body)
                        os.rename(name + ".tmp", name)
                    reply("message", "250 2.0.0 queued\r\n")
                elif verb == "QUIT":
                    reply("quit", "221 2.0.0 bye\r\n")
                    return
                elif verb in ("RSET", "NOOP"):
                    client.sendall(b"250 ok\r\n")
                else:
                    client.sendall(b"502 5.5.1 unknown command\r\n")
        except (ConnectionError, OSError):
            pass
        finally:
            try:
                client.close()
            except OSError:
                pass

    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client,), daemon=True).start()


if __name__ == "__main__":
    main()
