"""A TCP proxy in threads, to take a server off the network and bring it back on the same port."""
import socket
import threading
from contextlib import contextmanager


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
        """Refuse new connections and drop the live ones, as a database server that went away."""
        with self._lock:
            doomed, self._live = [self._listener, *self._live], set()
        for sock in doomed:
            _close(sock)

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
    _close(source)
    _close(sink)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in accept() or recv() on it
    except OSError:
        pass
    sock.close()


@contextmanager
def cuttable_proxy(host: str, port: int):
    """A proxy to host:port, listening until the block ends."""
    proxy = CuttableProxy((host, port))
    proxy.restore()
    try:
        yield proxy
    finally:
        proxy.cut()
