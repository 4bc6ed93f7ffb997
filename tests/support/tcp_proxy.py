"""A TCP proxy in threads, to take a server off the network and bring it back on the same port."""
import socket
import threading
import time
from contextlib import contextmanager

# Linux TCP states (tcp_states.h) in which a FIN this end sent is not yet acknowledged by the peer's kernel.
FIN_UNACKNOWLEDGED = {4, 9, 11}  # FIN_WAIT1, LAST_ACK, CLOSING


class CuttableProxy:
    """Forwards connections to 127.0.0.1:`port` to `target`, until `cut()`."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.port = target, 0
        self._listener: socket.socket | None = None
        self._live: set[socket.socket] = set()
        self._lock = threading.Lock()

    def restore(self) -> None:
        """Listen (again, on the same port) and forward every new connection."""
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and drop the live ones, as a database server that went away; return once each
        peer's kernel has the end of its connection (a client's next read finds it, however loaded the machine)."""
        with self._lock:
            doomed, self._live = [self._listener, *self._live], set()
        for sock in doomed:
            _close(sock, heard=True)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(self.target)
            except OSError:
                _close(client)  # the target itself is down: so is the proxy's answer
                continue
            with self._lock:
                self._live |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=_pipe, args=(source, sink), daemon=True).start()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    _end(source)  # the other direction's thread wakes and ends too; cut() closes both
    _end(sink)


def _end(sock: socket.socket) -> None:
    """Send the end of the connection now, and wake a thread blocked in accept() or recv() on `sock`."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # not connected (a listening socket), or ended already


def _close(sock: socket.socket, heard: bool = False) -> None:
    """End and close `sock`; with `heard`, first wait (up to 5 s) until the peer acknowledged the end."""
    _end(sock)
    if heard:
        _wait_for_acknowledgement(sock)
    sock.close()


def _wait_for_acknowledgement(sock: socket.socket, seconds: float = 5) -> None:
    """Wait until the peer's kernel acknowledged the FIN `sock` sent (a listening socket has none to wait for)."""
    deadline = time.monotonic() + seconds
    try:
        while sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0] in FIN_UNACKNOWLEDGED \
                and time.monotonic() < deadline:
            time.sleep(0.001)
    except OSError:
        pass  # closed already (a listener cut twice)


@contextmanager
def cuttable_proxy(host: str, port: int):
    """A proxy to host:port, listening until the block ends."""
    proxy = CuttableProxy((host, port))
    proxy.restore()
    try:
        yield proxy
    finally:
        proxy.cut()
