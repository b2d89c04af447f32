"""A POP3 client for the tests, on Python's poplib: prints what it saw as JSON.

usage: pop3_poplib.py PORT USER PASSWORD MODE [N ...]
MODE: fetch (USER/PASS, STAT, LIST, UIDL, TOP 1 0, RETR all, DELE N ..., QUIT),
      apop (APOP, STAT, QUIT), drop (USER/PASS, DELE N ..., then close without QUIT),
      login (USER/PASS only; prints the error).
"""
import base64, json, poplib, sys

port, user, password, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
dele = [int(n) for n in sys.argv[5:]]
out = {}
c = poplib.POP3("127.0.0.1", port, timeout=120)
out["welcome"] = c.getwelcome().decode("latin1")
try:
    if mode == "apop":
        out["auth"] = c.apop(user, password).decode("latin1")
    else:
        c.user(user)
        out["auth"] = c.pass_(password).decode("latin1")
except poplib.error_proto as e:
    out["error"] = str(e.args[0], "latin1") if isinstance(e.args[0], bytes) else str(e)
    print(json.dumps(out))
    sys.exit(0)
out["stat"] = list(c.stat())
if mode == "fetch":
    out["list"] = [l.decode() for l in c.list()[1]]
    out["uidl"] = [l.decode() for l in c.uidl()[1]]
    out["top"] = base64.b64encode(b"\n".join(c.top(1, 0)[1]) + b"\n").decode()
    out["messages"] = []
    for i in range(1, out["stat"][0] + 1):
        lines = c.retr(i)[1]
        out["messages"].append(base64.b64encode(b"\n".join(lines) + b"\n").decode())
for n in dele:
    c.dele(n)
if mode == "drop":
    c.sock.close()
else:
    out["quit"] = c.quit().decode("latin1")
print(json.dumps(out))
