"""The client address as the service records it: a canonical IP address, or nothing.

uvicorn's proxy-headers support copies the last untrusted ``X-Forwarded-For`` entry into the
ASGI scope as it is: from a trusted proxy, any text at all ("unknown", a host name, a
48-character string) becomes the "client IP". Recorded as is, such a value overflows the
45-character IP columns (a 500) or lets a proxy misconfiguration write nonsense into the
audit log. Anything that is not an IP address is therefore recorded as unknown (None).
"""

import ipaddress
from functools import lru_cache
from typing import Final

# The IP columns' size (VARCHAR(45), room for the dotted IPv4-mapped form); the canonical
# text this returns is at most 39 characters (a full IPv6 address).
MAX_IP_TEXT_LENGTH: Final = 45


# Every request asks, mostly for a few addresses (the proxy's, or its clients'): parsing one
# took longer than looking it up.
@lru_cache(maxsize=4096)
def canonical_client_ip(host: str | None) -> str | None:
    """``host`` as a canonical IP address (IPv6 compressed, zone id dropped), else None."""
    if not host or len(host) > 100:  # longer than any address with a plausible zone id
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            # The same client as its IPv4 address (and one text for it: Python 3.12 and 3.13
            # render the mapped form differently).
            return str(address.ipv4_mapped)
        if address.scope_id is not None:
            # A zone id names an interface of the proxy's host: meaningless here, unbounded.
            address = ipaddress.IPv6Address(address.packed)
    return str(address)
