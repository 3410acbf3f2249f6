"""The SSRF guard: only public addresses, unless allowlisted; IPv6 wrappings unwrapped."""

from __future__ import annotations

import ipaddress

import pytest

from catalog.webhooks.guard import Allowlist, UnsafeAddress, check, why_not_public

NOBODY = Allowlist.parse("")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/hook", "loopback"),
        ("http://10.1.2.3/hook", "private"),
        ("http://192.168.0.10:8080/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fec0::1]/hook", "site-local"),
        ("http://192.0.0.8/hook", "protocol-assignment"),
        ("http://[::1]/hook", "loopback"),
        ("http://[::ffff:127.0.0.1]/hook", "loopback"),
        ("http://[::ffff:10.0.0.1]/hook", "private"),
        ("http://[2002:7f00:1::]/hook", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("http://[64:ff9b::a9fe:a9fe]/hook", "link-local"),  # NAT64 of 169.254.169.254
        ("http://0.0.0.0/hook", "unspecified"),
        ("http://224.0.0.1/hook", "multicast"),
        ("http://100.64.0.1/hook", "not public"),
        ("http://localhost:8080/hook", "loopback"),  # a host name that resolves to loopback
    ],
)
def test_refuses_addresses_that_are_not_public(url: str, reason: str) -> None:
    with pytest.raises(UnsafeAddress, match=reason):
        check(url, NOBODY)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/", "http:// or https://"),
        ("http:///path", "no host"),
        ("http://user:pw@example.com/", "user name or password"),
        ("http://example.com:99999/", "not a valid URL"),
        ("http://no-such-host.invalid/", "does not resolve"),
    ],
)
def test_refuses_urls_that_are_not_usable(url: str, message: str) -> None:
    with pytest.raises(UnsafeAddress, match=message):
        check(url, NOBODY)


def test_a_public_address_passes_and_is_pinned() -> None:
    target = check("https://93.184.215.14:8443/in?x=1", NOBODY)
    assert (target.scheme, target.host, target.port, target.path, target.address) == (
        "https",
        "93.184.215.14",
        8443,
        "/in?x=1",
        "93.184.215.14",
    )
    assert target.host_header == "93.184.215.14:8443"
    assert why_not_public(ipaddress.ip_address("2606:4700::1111")) is None


def test_the_allowlist_lets_networks_and_hosts_through() -> None:
    allowlist = Allowlist.parse(" 127.0.0.1 , 10.20.0.0/16,Hooks.Internal ")
    assert check("http://127.0.0.1:8080/", allowlist).address == "127.0.0.1"
    # The allowlisted address is recognised inside its IPv6 wrapping too.
    wrapped = check("http://[::ffff:127.0.0.1]/", allowlist).address
    assert ipaddress.ip_address(wrapped) == ipaddress.ip_address("::ffff:127.0.0.1")
    assert check("http://10.20.3.4/", allowlist).address == "10.20.3.4"
    assert allowlist.allows("hooks.internal", ipaddress.ip_address("10.9.9.9"))
    with pytest.raises(UnsafeAddress, match="private"):
        check("http://10.21.0.1/", allowlist)
    with pytest.raises(UnsafeAddress, match="loopback"):
        check("http://[::1]/", allowlist)
