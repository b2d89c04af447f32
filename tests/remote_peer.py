"""Peers for the remote delivery tests (loopback only).

  remote_peer.py smtp ADDRESS PORT LOGFILE [PREFIX=REPLY ...] [--defer-once PREFIX]
      An ESMTP server (PIPELINING, 8BITMIME, SIZE) in the style of Python's old
      smtpd: accepts everything except recipients whose local part starts with a
      PREFIX, which get REPLY; with --defer-once, recipients starting with that
      prefix get 451 the first time only. Appends one JSON line per event to
      LOGFILE: {"ev": "connect"}, {"ev": "mail", "from": ...},
      {"ev": "rcpt", "to": ..., "code": ...}, {"ev": "data", "rcpts": [...], "body": ...}.
  remote_peer.py blackhole ADDRESS PORT
      A listener with a full accept queue: connections to it time out.
  remote_peer.py mute-dns ADDRESS
      A UDP socket that never answers (a DNS server that times out).

Each prints "ready PORT" once listening, then runs until killed.
"""
import json
import socket
import socketserver
import sys
import threading


def smtp(address, port, logfile, rules, defer_once):
    lock = threading.Lock()
    deferred = set()

    def log(ev):
        with lock, open(logfile, "a") as f:
            f.write(json.dumps(ev) + "\n")

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line):
            self.wfile.write((line + "\r\n").encode("latin1"))
            self.wfile.flush()

        def handle(self):
            log({"ev": "connect"})
            self.reply("220 peer.test ESMTP")
            rcpts = []
            while True:
                raw = self.rfile.readline()
                if not raw:
                    return
                line = raw.decode("latin1").rstrip("\r\n")
                verb = line[:4].upper()
                if verb in ("EHLO",):
                    self.reply("250-peer.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 10000000")
                elif verb == "HELO":
                    self.reply("250 peer.test")
                elif verb == "MAIL":
                    rcpts = []
                    log({"ev": "mail", "from": line[10:].split(">")[0].lstrip("<")})
                    self.reply("250 ok")
                elif verb == "RCPT":
                    to = line[8:].strip().lstrip("<").split(">")[0]
                    code = "250 ok"
                    for prefix, rep in rules:
                        if to.startswith(prefix):
                            code = rep
                    if defer_once and to.startswith(defer_once):
                        with lock:
                            if to not in deferred:
                                deferred.add(to)
                                code = "451 4.3.0 try again later"
                    log({"ev": "rcpt", "to": to, "code": code[:3]})
                    if code.startswith("2"):
                        rcpts.append(to)
                    self.reply(code)
                elif verb == "DATA":
                    if not rcpts:
                        self.reply("554 no valid recipients")
                        continue
                    self.reply("354 go ahead")
                    body = []
                    while True:
                        raw = self.rfile.readline()
                        if not raw or raw == b".\r\n":
                            break
                        body.append(raw.decode("latin1"))
                    log({"ev": "data", "rcpts": rcpts, "body": "".join(body)})
                    self.reply("250 2.0.0 queued as peer%d" % len(body))
                elif verb == "RSET":
                    rcpts = []
                    self.reply("250 reset")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("502 unknown command")

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    srv = Server((address, port), Handler)
    print("ready %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


def blackhole(address, port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, port))
    s.listen(0)
    filler = socket.socket()
    filler.connect((address, s.getsockname()[1]))
    print("ready %d" % s.getsockname()[1], flush=True)
    threading.Event().wait()


def mute_dns(address):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((address, 0))
    print("ready %d" % s.getsockname()[1], flush=True)
    while True:
        s.recvfrom(4096)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "smtp":
        rules, defer = [], None
        args = sys.argv[5:]
        i = 0
        while i < len(args):
            if args[i] == "--defer-once":
                defer = args[i + 1]
                i += 2
                continue
            prefix, rep = args[i].split("=", 1)
            rules.append((prefix, rep))
            i += 1
        smtp(sys.argv[2], int(sys.argv[3]), sys.argv[4], rules, defer)
    elif mode == "blackhole":
        blackhole(sys.argv[2], int(sys.argv[3]))
    elif mode == "mute-dns":
        mute_dns(sys.argv[2])
