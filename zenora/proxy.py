"""Forwarded headers, believed only from the reverse proxy (``TRUSTED_PROXY``).

Daphne runs without ``--proxy-headers``: that option believes ``X-Forwarded-*`` from anyone
who can reach the port. This ASGI wrapper looks at the peer instead. A request from one of the
trusted addresses gets its client address from ``X-Forwarded-For`` (the nearest address the
proxies did not add themselves) and its scheme from ``X-Forwarded-Proto``; from anyone else,
every ``X-Forwarded-*`` header is removed, so neither Django (``SECURE_PROXY_SSL_HEADER``) nor
the rate limits can be told a story.
"""

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_SECURE = {"http": "https", "websocket": "wss"}
_PLAIN = {"http": "http", "websocket": "ws"}


def parse_networks(values: Iterable[str]) -> list[Network]:
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address, networks: list[Network]) -> bool:
    return address is not None and any(address in network for network in networks)


class TrustedProxyMiddleware:
    def __init__(self, app, trusted: Iterable[str]) -> None:
        self.app = app
        self.networks = parse_networks(trusted)

    async def __call__(self, scope, receive, send):
        if scope["type"] in _SECURE:
            scope = self.apply(scope)
        return await self.app(scope, receive, send)

    def apply(self, scope: dict) -> dict:
        client = scope.get("client")
        peer = _address(client[0]) if client else None
        headers = scope.get("headers", [])
        forwarded = [(name, value) for name, value in headers if name.lower().startswith(b"x-forwarded-")]
        if not forwarded and not _trusted(peer, self.networks):
            return scope
        kept = [(name, value) for name, value in headers if not name.lower().startswith(b"x-forwarded-")]
        if not _trusted(peer, self.networks):
            return {**scope, "headers": kept}
        scope = dict(scope)
        values: dict[bytes, str] = {}
        for name, value in forwarded:
            key = name.lower()
            text = value.decode("latin-1")
            values[key] = f"{values[key]},{text}" if key in values else text
        hops = [hop for hop in values.get(b"x-forwarded-for", "").split(",") if hop.strip()]
        for hop in reversed(hops):
            address = _address(hop)
            if address is None:
                break
            scope["client"] = [str(address), 0]
            if not _trusted(address, self.networks):
                break
        proto = values.get(b"x-forwarded-proto", "").split(",")[-1].strip().lower()
        if proto in ("https", "wss"):
            scope["scheme"] = _SECURE[scope["type"]]
        elif proto in ("http", "ws"):
            scope["scheme"] = _PLAIN[scope["type"]]
        return scope


def behind_trusted_proxy(app, trusted: Iterable[str]) -> TrustedProxyMiddleware:
    """The app behind the wrapper; with nothing trusted, forwarded headers are dropped from all."""
    return TrustedProxyMiddleware(app, trusted)
