"""localstripe as a fixture, and Stripe-signed webhook events built by the test."""
import hashlib
import hmac
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.support.server import free_port

WEBHOOK_SECRET = "whsec_test_secret"


@contextmanager
def localstripe():
    """A localstripe server on a free port (state in memory); yields its base URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("localstripe_server.py")), str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{base}/v1/customers", timeout=1).close()
                break
            except urllib.error.HTTPError:
                break  # it answers (401 without a key)
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("localstripe did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def signed_event(event_type: str, intent_id: str, event_id: str, secret: str = WEBHOOK_SECRET) -> tuple[bytes, str]:
    """(payload, Stripe-Signature header) of an event about a PaymentIntent, signed as Stripe signs."""
    payload = json.dumps({"id": event_id, "object": "event", "type": event_type,
                          "data": {"object": {"id": intent_id, "object": "payment_intent"}}}).encode()
    stamp = int(time.time())
    signature = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return payload, f"t={stamp},v1={signature}"
