"""The served protocol's transport: one write per event-loop turn, nothing lost at a close.
(Every test that runs `hestami-api serve` goes through the protocol itself.)"""

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest

from hestami_api.core.http_protocol import TurnBufferedTransport


class Peer:
    """The other end of a real socket pair: what arrived, and in how many writes."""

    def __init__(self, transport: asyncio.Transport, remote: socket.socket) -> None:
        self.transport, self.remote = transport, remote
        self.writes: list[bytes] = []
        write = transport.write

        def counted(data: bytes) -> None:
            self.writes.append(bytes(data))
            write(data)

        transport.write = counted  # type: ignore[method-assign]

    def received(self) -> bytes:
        self.remote.setblocking(False)
        chunks = []
        while True:
            try:
                chunk = self.remote.recv(65536)
            except BlockingIOError:
                return b"".join(chunks)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


@pytest.fixture
async def peer() -> AsyncIterator[Peer]:
    local, remote = socket.socketpair()
    transport, _ = await asyncio.get_running_loop().connect_accepted_socket(asyncio.Protocol, local)
    yield Peer(transport, remote)
    transport.close()
    remote.close()


async def next_turn() -> None:
    await asyncio.sleep(0)
    await asyncio.sleep(0)


async def test_the_writes_of_one_turn_reach_the_socket_as_one(peer: Peer) -> None:
    buffered = TurnBufferedTransport(peer.transport, asyncio.get_running_loop())

    buffered.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
    buffered.write(b"{}")
    assert peer.writes == []  # not before the turn ends
    await next_turn()

    assert peer.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"]
    assert peer.received() == b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"


async def test_writes_of_different_turns_are_written_in_order(peer: Peer) -> None:
    buffered = TurnBufferedTransport(peer.transport, asyncio.get_running_loop())

    buffered.write(b"first")
    await next_turn()
    buffered.write(b"second")
    await next_turn()

    assert peer.writes == [b"first", b"second"]
    assert peer.received() == b"firstsecond"


async def test_a_close_sends_what_was_written_before_it(peer: Peer) -> None:
    buffered = TurnBufferedTransport(peer.transport, asyncio.get_running_loop())

    buffered.write(b"HTTP/1.1 400 Bad Request\r\n\r\n")
    buffered.close()
    await next_turn()

    assert peer.writes == [b"HTTP/1.1 400 Bad Request\r\n\r\n"]
    assert peer.transport.is_closing()
    assert peer.received() == b"HTTP/1.1 400 Bad Request\r\n\r\n"


async def test_a_transport_closed_within_the_turn_takes_nothing_more(peer: Peer) -> None:
    buffered = TurnBufferedTransport(peer.transport, asyncio.get_running_loop())

    buffered.write(b"late")
    peer.transport.abort()  # the connection is lost before the turn ends
    await next_turn()

    assert peer.writes == []


async def test_every_other_call_goes_to_the_socket_transport(peer: Peer) -> None:
    buffered = TurnBufferedTransport(peer.transport, asyncio.get_running_loop())

    assert buffered.get_extra_info("socket") is peer.transport.get_extra_info("socket")
    assert buffered.is_closing() is False
