"""Only real IP addresses are recorded as the client address (finding 6)."""

import pytest

from hestami_api.core.client_address import MAX_IP_TEXT_LENGTH, canonical_client_ip


@pytest.mark.parametrize(
    ("host", "recorded"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("2001:0DB8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"),
        ("::ffff:255.255.255.255", "255.255.255.255"),
        ("fe80::1%eth0", "fe80::1"),
        ("fe80::1%" + "z" * 60, "fe80::1"),
        ("x" * 46, None),
        ("unknown", None),
        ("proxy.internal", None),
        ("198.51.100.7:8080", None),
        ("198.51.100.7\x00", None),
        ("", None),
        (None, None),
        ("1" * 10_000, None),
    ],
)
def test_only_ip_addresses_are_recorded(host: str | None, recorded: str | None) -> None:
    assert canonical_client_ip(host) == recorded


def test_the_longest_address_fits_the_ip_columns() -> None:
    longest = canonical_client_ip("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255")
    assert longest is not None
    assert len(longest) <= MAX_IP_TEXT_LENGTH == 45
