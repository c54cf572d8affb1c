"""A minimal SMTP sink for the big-attachment benchmark: one message per connection, DATA read with large
recv() calls, so the sink is never the bottleneck (smtp-sink reads line by line). Prints the size of each
message's data. Loopback only."""
import socket
import sys
import threading


def serve(conn):
    f = conn.makefile("rb")
    conn.sendall(b"220 fast-sink ESMTP\r\n")
    while True:
        line = f.readline()
        if not line:
            return
        cmd = line[:4].upper()
        if cmd in (b"EHLO", b"HELO"):
            conn.sendall(b"250-fast-sink\r\n250 8BITMIME\r\n")
        elif cmd == b"DATA":
            conn.sendall(b"354 go\r\n")
            tail = b""
            received = 0
            while not tail.endswith(b"\r\n.\r\n"):
                chunk = f.read1(1 << 20)
                if not chunk:
                    return
                received += len(chunk)
                tail = (tail + chunk)[-5:]
            print(received, flush=True)  # the benchmark checks that the whole message arrived
            conn.sendall(b"250 2.0.0 Ok: queued as FAST\r\n")
        elif cmd == b"QUIT":
            conn.sendall(b"221 bye\r\n")
            return
        else:
            conn.sendall(b"250 ok\r\n")


def main():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(sys.argv[1])))
    s.listen(4)
    print("ready", flush=True)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


main()
