"""A real SMTP server for the delivery tests (Debian's python3-aiosmtpd): saves each message it accepts as an .eml file.

Usage: python3 smtp_sink.py HOST PORT FOLDER  (prints "ready" once it listens; stop it by killing the process)
"""
import os
import sys
import threading
import uuid

from aiosmtpd.controller import Controller


class SaveToFolder:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        name = uuid.uuid4().hex
        partial = os.path.join(self.folder, name + ".part")
        with open(partial, "wb") as f:
            # The envelope's recipients, which the message's own headers need not show.
            f.write(("X-Envelope-To: " + ", ".join(envelope.rcpt_tos) + "\r\n").encode("ascii"))
            f.write(envelope.original_content or envelope.content)
        os.rename(partial, os.path.join(self.folder, name + ".eml"))
        return "250 Message accepted"


if __name__ == "__main__":
    host, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    controller = Controller(SaveToFolder(folder), hostname=host, port=port)
    controller.start()
    print("ready", flush=True)
    threading.Event().wait()
