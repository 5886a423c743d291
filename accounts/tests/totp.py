"""RFC 6238 time-based one-time passwords, computed independently of allauth."""

import base64
import hashlib
import hmac
import struct
import time


def totp_code(secret: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows for ``secret`` (base32) at time ``at``."""
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def fresh_totp_code(secret: str, *, margin: float = 3.0, step: int = 30) -> str:
    """The current code, waiting for the next step if this one is about to expire.

    allauth accepts only the current step's code (no tolerance), so a code read a moment
    before the step changes would be refused by the time the server checks it.
    """
    left = step - time.time() % step
    if left < margin:
        time.sleep(left + 0.1)
    return totp_code(secret, step=step)
