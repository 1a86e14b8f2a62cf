"""Searches that miss the catalog cache while the same page is being read wait for that read
(`offerings.service._being_made`); when it fails or they give up, nothing is lost."""

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from cachetools import LRUCache
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.core.context import Rendered, RequestContext
from hestami_api.generated import models, parameters
from hestami_api.offerings import repository, service
from hestami_api.offerings.handlers import catalog_page_view

PARAMS = parameters.SearchServicesParams(q="gutters")  # the spec's defaults otherwise


def joined() -> float:
    value = REGISTRY.get_sample_value("catalog_cache_lookups_total", {"result": "joined"})
    return value or 0.0


class HeldRead:
    """The repository's search, held until released; the first one fails when told to."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, first_fails: bool) -> None:
        self.reads = 0
        self.first_is_reading = asyncio.Event()
        self.release = asyncio.Event()
        self.first_fails = first_fails
        real = repository.search_services

        async def held(*arguments: Any) -> Any:
            self.reads += 1
            if self.reads == 1:
                self.first_is_reading.set()
                await self.release.wait()
                if self.first_fails:
                    raise ConnectionResetError("the database went away")
            return await real(*arguments)

        monkeypatch.setattr(repository, "search_services", held)


@pytest.fixture(autouse=True)
def cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache on, as in a serving process (the in-process app's tests run without it)."""
    kept: LRUCache[Any, Any] = LRUCache(maxsize=8)
    monkeypatch.setattr(service, "_catalog_cache", lambda: kept)


def search(db: AsyncSession) -> Awaitable[Rendered[models.CatalogServicePage]]:
    return service.search_services(RequestContext(db), PARAMS, catalog_page_view)


type StartReading = Callable[
    [bool], Awaitable[tuple[HeldRead, "asyncio.Task[Rendered[models.CatalogServicePage]]"]]
]


@pytest.fixture
def reading(db: AsyncSession, monkeypatch: pytest.MonkeyPatch) -> Iterator[StartReading]:
    """Starts the first search and holds it in its read (to fail when released, if told);
    released at the end whatever happened."""
    made: list[HeldRead] = []

    async def start(
        first_fails: bool,
    ) -> tuple[HeldRead, "asyncio.Task[Rendered[models.CatalogServicePage]]"]:
        made.append(read := HeldRead(monkeypatch, first_fails=first_fails))
        first = asyncio.create_task(search(db))
        await read.first_is_reading.wait()
        return read, first

    yield start
    for read in made:
        read.release.set()


async def joining(db: AsyncSession) -> "asyncio.Task[Rendered[models.CatalogServicePage]]":
    """A search that finds the page being read and waits for it. One at a time: the searches
    share the test's session, which only one statement may use at once."""
    before = joined()
    task = asyncio.create_task(search(db))
    async with asyncio.timeout(5):
        while joined() == before:
            await asyncio.sleep(0.005)
    return task


async def test_searches_for_a_page_being_read_are_given_that_read(
    db: AsyncSession, reading: StartReading
) -> None:
    read, first = await reading(False)
    waiting = [await joining(db) for _ in range(3)]

    read.release.set()
    pages = await asyncio.gather(first, *waiting)

    assert read.reads == 1
    assert all(page is pages[0] for page in pages)


async def test_when_the_read_fails_each_waiting_search_reads_for_itself(
    db: AsyncSession, reading: StartReading
) -> None:
    read, first = await reading(True)
    waiting = await joining(db)

    read.release.set()

    with pytest.raises(ConnectionResetError):
        await first  # its own request answers 503 (core.problems)
    page = await waiting
    assert read.reads == 2
    assert page.model.total == 0


async def test_a_search_that_gives_up_waiting_leaves_the_read_to_the_others(
    db: AsyncSession, reading: StartReading
) -> None:
    read, first = await reading(False)
    leaving, staying = await joining(db), await joining(db)

    leaving.cancel()
    read.release.set()

    assert (await first) is (await staying)
    assert leaving.cancelled()
    assert read.reads == 1


async def test_a_kept_page_is_given_again_as_it_was_rendered(db: AsyncSession) -> None:
    first = await search(db)
    again = await search(db)

    assert again is first  # its JSON body is not made again (core.context.Rendered)
    assert again.body == first.model.model_dump_json(by_alias=True).encode()
