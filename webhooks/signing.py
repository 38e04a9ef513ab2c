"""Webhook signatures: HMAC-SHA256 of "<timestamp>.<raw body>" with the endpoint's secret.

Every delivery is a POST with a JSON body (UTF-8) and these headers:

    X-Factcheck-Event:     published | corrected | unpublished
    X-Factcheck-Delivery:  the delivery id; the same on every retry of one delivery
    X-Factcheck-Attempt:   1, 2, ... (informational)
    X-Factcheck-Timestamp: Unix time in whole seconds when this attempt was signed
    X-Factcheck-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>

To verify a delivery, a receiver:

1. takes the raw request body as bytes, before any JSON parsing (re-serialising changes bytes);
2. computes HMAC-SHA256 with the endpoint secret (UTF-8) as key over the bytes of the
   X-Factcheck-Timestamp value, a ".", and the raw body; hex-encodes it, prefixes "sha256=";
3. compares that with X-Factcheck-Signature in constant time (hmac.compare_digest);
4. refuses the request if the timestamp is more than 5 minutes from its own clock (replays);
5. treats X-Factcheck-Delivery as an idempotency key: delivery is at least once, so the same
   delivery may arrive again (a retry after a lost answer); process it once.

In Python:

    expected = "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    ok = hmac.compare_digest(expected, signature) and abs(time.time() - int(timestamp)) <= 300

Answer 2xx once the event is stored. 5xx, 408, 429, timeouts and connection errors are
retried with exponential backoff; other statuses (and redirects, which are not followed)
fail the delivery at once.
"""

from __future__ import annotations

import hashlib
import hmac
import time

EVENT_HEADER = "X-Factcheck-Event"
DELIVERY_HEADER = "X-Factcheck-Delivery"
ATTEMPT_HEADER = "X-Factcheck-Attempt"
TIMESTAMP_HEADER = "X-Factcheck-Timestamp"
SIGNATURE_HEADER = "X-Factcheck-Signature"
SIGNATURE_TOLERANCE_SECONDS = 300


def build_signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """The X-Factcheck-Signature value: "sha256=" + hex HMAC-SHA256(secret, f"{timestamp}." + body)."""
    message = f"{timestamp}.".encode("ascii") + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify_signature(
    *,
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    now: float | None = None,
    tolerance_seconds: int = SIGNATURE_TOLERANCE_SECONDS,
) -> bool:
    """The receiver's check (a reference implementation of the recipe above)."""
    if not timestamp.isdigit():
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance_seconds:
        return False
    return hmac.compare_digest(build_signature(secret, timestamp, body), signature.strip())
