"""Run the shop as a real HTTP server (gunicorn) in a subprocess, for end-to-end tests."""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shop_environment(database_url: str, **settings) -> dict:
    """The environment a deployment would give the shop."""
    return {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-server",
            "SESSION_COOKIE_SECURE": "0", "SHOP_URL": "http://127.0.0.1", "TRUSTED_HOSTS": "", **settings}


def flask_command(*args, env: dict) -> subprocess.CompletedProcess:
    """`flask --app wsgi ARGS` as an operator would type it."""
    return subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=True)


def running_shop(env: dict, workers: int = 2):
    """Serve the shop (wsgi:app) with gunicorn on a free port; yields the base URL."""
    return running_app("wsgi:app", env, workers)


@contextmanager
def running_app(target: str, env: dict, workers: int = 2):
    """Serve the WSGI `target` with gunicorn (sync workers) on a free port; yields the base URL."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        base = f"http://127.0.0.1:{port}"
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}", target],
            cwd=ROOT, env={**env, "SHOP_URL": base}, stdout=log, stderr=log)  # its links lead to this server
        try:
            _wait_until_up(base, process, log)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_until_up(base: str, process, log, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn exited: {log.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers, even if it has no /healthz
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not start within {seconds} s")
