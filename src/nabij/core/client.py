"""The client's address, for the login throttle and the access log.

``X-Forwarded-For`` is believed only when the request comes from a configured trusted proxy
(``TRUSTED_PROXIES``, addresses or CIDR networks): otherwise anyone could write any address
into it and so dodge the throttle or forge the log. Behind trusted proxies the header is read
from the right, each proxy appending the address it saw; the first address that is not itself
a trusted proxy is the client. Everything left of it was written by the client and is ignored.

A leaf module (Django settings and the standard library only), so that both ``core`` and
``access`` can use it without an import cycle.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse(value: str) -> Address | None:
    """An address as proxies write it: bare, ``[v6]``, ``v4:port`` or ``[v6]:port``."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address as a string, or None when the connection gives none."""
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _trusted(remote, networks):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = remote
    for hop in reversed(forwarded.split(",")):
        address = _parse(hop)
        if address is None:
            break  # a hop no proxy would write: what is left of it cannot be believed
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
