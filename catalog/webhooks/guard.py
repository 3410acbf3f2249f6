"""Where a webhook may send requests: public addresses only, unless an admin allowed more.

Server-side request forgery: a webhook URL is chosen by a person, but the request comes
from inside the network. The host is resolved here and every address it resolves to
must be public (not loopback, private, link-local, multicast, reserved or unspecified,
also when wrapped in IPv6 as ``::ffff:127.0.0.1``, 6to4 or NAT64). The request is then
sent to the address checked here, not resolved again, so a DNS answer that changes in
between (rebinding) cannot redirect it. Redirects are never followed (see ``client``).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
DEFAULT_PORTS = {"http": 80, "https": 443}


class UnsafeAddress(Exception):
    """The URL is not one a webhook may call; the message says why."""


@dataclass(frozen=True)
class Allowlist:
    """Hosts and networks an admin allows although they are not public."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Allowlist:
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in (e.strip() for e in text.split(",")):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                hosts.add(entry.lower().rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, host: str, address: IPAddress) -> bool:
        if host in self.hosts:
            return True
        candidates = {address, _embedded_ipv4(address) or address}
        return any(a.version == n.version and a in n for a in candidates for n in self.networks)


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (``address``) and what to say it is (``host``)."""

    scheme: str
    host: str
    port: int
    path: str
    address: str

    @property
    def host_header(self) -> str:
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if DEFAULT_PORTS[self.scheme] == self.port else f"{name}:{self.port}"


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, 6to4 or NAT64 IPv6 address."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


_IETF_PROTOCOL = ipaddress.ip_network("192.0.0.0/24")


def why_not_public(address: IPAddress) -> str | None:
    """Why a webhook may not call ``address``, or None when it is a public address."""
    for candidate in (_embedded_ipv4(address), address):
        if candidate is None:
            continue
        for reason, flagged in (
            ("loopback", candidate.is_loopback),
            ("unspecified", candidate.is_unspecified),
            ("link-local", candidate.is_link_local),
            ("multicast", candidate.is_multicast),
            ("private", candidate.is_private),
            ("reserved", candidate.is_reserved),
            # Deprecated IPv6 site-local (fec0::/10) counts as global for Python 3.11.
            (
                "site-local",
                isinstance(candidate, ipaddress.IPv6Address) and candidate.is_site_local,
            ),
            # IETF protocol assignments (192.0.0.0/24) are not for webhooks either.
            ("protocol-assignment", candidate in _IETF_PROTOCOL),
            ("not public", not candidate.is_global),
        ):
            if flagged:
                return f"a {reason} address ({candidate})"
    return None


def parse_url(url: str) -> tuple[str, str, int, str]:
    """Scheme, host, port and path of a URL a webhook could use (structure only)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeAddress(f"not a valid URL: {error}") from None
    if parts.scheme not in DEFAULT_PORTS:
        raise UnsafeAddress("the URL must start with http:// or https://")
    if not parts.hostname:
        raise UnsafeAddress("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeAddress("the URL must not contain a user name or password")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    host = parts.hostname.rstrip(".")
    return parts.scheme, host, port or DEFAULT_PORTS[parts.scheme], path


def check(url: str, allowlist: Allowlist) -> Target:
    """Resolve the URL's host and refuse it unless every address it has may be called."""
    scheme, host, port, path = parse_url(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeAddress(f"the host {host} does not resolve") from None
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnsafeAddress(f"the host {host} does not resolve")
    for address in addresses:
        reason = why_not_public(address)
        if reason is not None and not allowlist.allows(host, address):
            raise UnsafeAddress(f"refused: {host} is {reason}")
    return Target(scheme, host, port, path, str(addresses[0]))
