"""The listing kit: one page of a list query, its exact total, and the shared search helpers.

Every ``GET`` collection answers ``{items, total, limit, offset}``. A repository describes its
list as a base ``select``, the filter conditions and the sort (a generated sort enum member
mapped to an `Order` with `sorts`); `fetch_page` / `fetch_row_page` then run

1. ``count(*)`` with exactly the page's conditions, so ``total`` counts what the pages show;
2. the page itself, ordered by the sort and then by the primary key (a stable tie-break, so
   pages never overlap or skip rows), skipped when ``offset >= total`` (offsets may be huge);

both in the caller's session, or, for costly filters such as full-text search, both from one
scan of the matches in a single statement (``keys=``). `fetch_listed` does it for the
common case, one model listed as a generated list operation's parameters ask. `prepare_page`
builds the same statements once, with placeholders, for a list with a throughput target (the
catalog): see `core.prepared`. `Page.to_model` builds the page response model.

Domain-free on purpose: domains import this module, never the other way round.
"""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final, NotRequired, Protocol, TypedDict, Unpack, cast

from pydantic import BaseModel
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Label,
    Select,
    SQLColumnExpression,
    UnaryExpression,
    bindparam,
    func,
    inspect,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.core.context import RequestContext
from hestami_api.core.prepared import Prepared, Row
from hestami_api.core.views import trusted

# ---------------------------------------------------------------- pages


@dataclass(frozen=True, slots=True)
class Page[T]:
    items: Sequence[T]
    total: int  # every row matching the filters, not just this page's
    limit: int
    offset: int

    def to_model[M: BaseModel](self, model: type[M], view: Callable[[T], Any]) -> M:
        """The page response model (``PropertyPage``, ``UserPage``...), items through ``view``.
        Not validated again: the items are response models already, and the total, limit
        and offset come from the validated parameters and the database."""
        values = {
            "items": [view(item) for item in self.items],
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
        }
        return trusted(model, values)


# ---------------------------------------------------------------- sorting


@dataclass(frozen=True, slots=True)
class SortKey:
    expression: SQLColumnExpression[Any]
    descending: bool = False
    nulls_last: bool = False

    def clause(self, expression: SQLColumnExpression[Any] | None = None) -> UnaryExpression[Any]:
        """``ORDER BY`` clause of this key, on ``expression`` if given (the same value read
        from a subquery)."""
        target = self.expression if expression is None else expression
        key = target.desc() if self.descending else target.asc()
        return key.nulls_last() if self.nulls_last else key


@dataclass(frozen=True, slots=True)
class Order:
    """The ``ORDER BY`` of one sort value. `fetch_page` appends the primary key as the last
    key (the tie-break), in the direction of the first key."""

    keys: tuple[SortKey, ...]

    def clauses(self, tie_break: SQLColumnExpression[Any]) -> list[UnaryExpression[Any]]:
        last = SortKey(tie_break, descending=self.keys[0].descending)
        return [key.clause() for key in (*self.keys, last)]


def ascending(column: SQLColumnExpression[Any], *, nulls_last: bool = False) -> Order:
    return Order((SortKey(column, descending=False, nulls_last=nulls_last),))


def descending(column: SQLColumnExpression[Any], *, nulls_last: bool = False) -> Order:
    return Order((SortKey(column, descending=True, nulls_last=nulls_last),))


def sorts[E: StrEnum](enum: type[E], orders: Mapping[E, Order]) -> Mapping[E, Order]:
    """``orders`` checked to cover every member of the generated sort enum ``enum`` (at import
    time, so a value added to the spec cannot reach a query without an order)."""
    missing = [member.value for member in enum if member not in orders]
    if missing:
        raise ValueError(f"{enum.__name__}: no order for {', '.join(missing)}")
    return orders


def field_sorts[E: StrEnum](
    enum: type[E],
    columns: Mapping[str, SQLColumnExpression[Any]],
    others: Mapping[E, Order] | None = None,
) -> Mapping[E, Order]:
    """`sorts` by the spec's convention for sort values: ``field`` orders by
    ``columns[field]`` ascending, ``-field`` descending; ``others`` gives the orders that are
    not one plain column (nulls last, several keys)."""
    orders: dict[E, Order] = dict(others or {})
    for member in enum:
        field = member.value.removeprefix("-")
        if field in columns:
            direction = descending if member.value.startswith("-") else ascending
            orders[member] = direction(columns[field])
    return sorts(enum, orders)


# ---------------------------------------------------------------- the page


def count_query[*Ts](query: Select[*Ts]) -> Select[int]:
    """``count(*)`` over the FROM clause (joins included) of ``query``, labelled ``total``.

    Its own FROM kept and its joins left to be rendered with the count: ``get_final_froms``
    would compile an ORM query to find them, which was a quarter of a list request's time."""
    return query.with_only_columns(func.count().label(TOTAL), maintain_column_froms=True)


TOTAL: Final = "total"
"""The label of the count: the count statement's only column, the one-scan page's last."""

type Bound = int | BindParameter[int]
"""A limit or an offset: the value, or its placeholder in a prepared page (`LIMIT`, `OFFSET`)."""


class PageOptions(TypedDict):
    """What `fetch_page` and `fetch_row_page` take besides the query.

    ``where`` is applied to the count and the page; ``tie_break`` is the primary key.
    By default two statements: ``count(*)`` (over ``counted`` if given, for a count that
    needs fewer joins than the page; else over the query's FROM clause), then the page,
    skipped past the end. With ``keys`` (``select(Model.id)`` with the joins ``where``
    needs), one statement scans the matches once for both (see `_one_scan`): for costly
    filters (full-text search), where a second scan would cost as much as the first.
    """

    where: Sequence[ColumnElement[bool]]
    order: Order
    tie_break: SQLColumnExpression[Any]
    limit: int
    offset: int
    counted: NotRequired[Select[int] | None]
    keys: NotRequired[Select[Any] | None]


def _one_scan[*Ts](
    query: Select[*Ts],
    *,
    where: Sequence[ColumnElement[bool]],
    order: Order,
    tie_break: SQLColumnExpression[Any],
    keys: Select[Any],
    limit: Bound,
    offset: Bound,
) -> tuple[Select[Any], Select[int]]:
    """Count and page from one scan of the matches, in one statement:

        WITH matches AS (SELECT key, sort values FROM ... WHERE ...)   -- read once
        SELECT <query's columns>, (SELECT count(*) FROM matches) AS total
        WHERE key IN (page of matches: ORDER BY sort values LIMIT/OFFSET)
        ORDER BY <the sort on the page's rows only>

    The matches are materialized narrow (key and sort values), only the page's rows are
    read in full. An empty page past the end costs a second statement, the count of matches.
    """
    sort_values: list[Label[Any]] = [
        key.expression.label(f"sort_{index}") for index, key in enumerate(order.keys)
    ]
    matches = (
        keys.with_only_columns(tie_break.label("key"), *sort_values, maintain_column_froms=True)
        .where(*where)
        .cte("matches")
    )
    page_keys = (
        select(matches.c.key)
        .order_by(
            *(key.clause(matches.c[f"sort_{index}"]) for index, key in enumerate(order.keys)),
            SortKey(matches.c.key, descending=order.keys[0].descending).clause(),
        )
        .limit(limit)
        .offset(offset)
    )
    count_of_matches = select(func.count().label(TOTAL)).select_from(matches)
    page = (
        query.add_columns(count_of_matches.scalar_subquery().label(TOTAL))
        .where(tie_break.in_(page_keys.scalar_subquery()))
        .order_by(*order.clauses(tie_break))
    )
    return page, count_of_matches


def _statements[*Ts](
    query: Select[*Ts],
    *,
    where: Sequence[ColumnElement[bool]],
    order: Order,
    tie_break: SQLColumnExpression[Any],
    counted: Select[int] | None,
    keys: Select[Any] | None,
    limit: Bound,
    offset: Bound,
) -> tuple[Select[*Ts] | Select[Any], Select[int], bool]:
    """The page, the count, and whether the page is one scan carrying the total (``keys``).
    Two statements otherwise: the count, then the page if the offset is short of it."""
    if keys is None:
        counting = counted if counted is not None else count_query(query)
        page = query.where(*where).order_by(*order.clauses(tie_break)).limit(limit).offset(offset)
        return page, counting.where(*where), False
    scan, count_of_matches = _one_scan(
        query, where=where, order=order, tie_break=tie_break, keys=keys, limit=limit, offset=offset
    )
    return scan, count_of_matches, True


async def _paged[R](
    one_scan: bool,
    offset: int,
    run_page: Callable[[], Awaitable[Sequence[R]]],
    run_count: Callable[[], Awaitable[int]],
    total_in: Callable[[R], int],
) -> tuple[int, Sequence[R]]:
    """The total and the rows, the same on the session and prepared paths: a one-scan page
    carries its total (`total_in` reads it) and only an empty page past the start costs the
    count; otherwise the count comes first and no page query runs past the end."""
    if one_scan:
        rows = await run_page()
        if rows:
            return total_in(rows[0]), rows
        return (0 if offset == 0 else await run_count()), ()
    total = await run_count()
    if offset >= total:  # past the end: no page query
        return total, ()
    return total, await run_page()


async def fetch_row_page[*Ts](
    db: AsyncSession, query: Select[*Ts], **options: Unpack[PageOptions]
) -> Page[tuple[*Ts]]:
    """A page of rows of ``query`` (several entities or columns) and the exact total."""
    limit, offset = options["limit"], options["offset"]
    page, counting, one_scan = _statements(
        query,
        where=options["where"],
        order=options["order"],
        tie_break=options["tie_break"],
        counted=options.get("counted"),
        keys=options.get("keys"),
        limit=limit,
        offset=offset,
    )

    async def rows() -> Sequence[Any]:
        return (await db.execute(page)).all()

    async def count() -> int:
        return (await db.scalar(counting)) or 0

    total, found = await _paged(one_scan, offset, rows, count, lambda row: row[-1])
    if one_scan:  # the total's column goes
        found = [row[:-1] for row in found]
    return Page(cast("Sequence[tuple[*Ts]]", found), total, limit, offset)


async def fetch_page[T](
    db: AsyncSession, query: Select[T], **options: Unpack[PageOptions]
) -> Page[T]:
    """`fetch_row_page` for a query of one entity or column (``select(Model)``)."""
    page = await fetch_row_page(db, query, **options)
    return Page([row[0] for row in page.items], page.total, page.limit, page.offset)


# ---------------------------------------------------------------- prepared pages

LIMIT: Final = bindparam("limit", type_=Integer)
OFFSET: Final = bindparam("offset", type_=Integer)


@dataclass(frozen=True, slots=True)
class PreparedPage:
    """The statements of one list shape (`prepare_page`), built and compiled once
    (`core.prepared`): a request gives only the values of their placeholders. Rows come by
    column label; a one-scan page's rows also carry the ``total``."""

    page: Prepared
    count: Prepared
    one_scan: bool

    async def fetch(
        self, ctx: RequestContext, values: Mapping[str, Any], *, limit: int, offset: int
    ) -> Page[Row]:
        values = {**values, "limit": limit, "offset": offset}

        async def rows() -> Sequence[Row]:
            return await self.page.fetch(ctx, values)

        async def count() -> int:
            (counted,) = await self.count.fetch(ctx, values)
            total: int = counted[TOTAL]
            return total

        total, found = await _paged(self.one_scan, offset, rows, count, lambda row: row[TOTAL])
        return Page(found, total, limit, offset)


def prepare_page(
    query: Select[Any],
    *,
    where: Sequence[ColumnElement[bool]],
    order: Order,
    tie_break: SQLColumnExpression[Any],
    counted: Select[int] | None = None,
    keys: Select[Any] | None = None,
) -> PreparedPage:
    """`fetch_row_page`'s statements, with `LIMIT` and `OFFSET` placeholders: ``where``'s
    values are `bindparam` placeholders too, so one shape of filters is one `PreparedPage`."""
    page, counting, one_scan = _statements(
        query,
        where=where,
        order=order,
        tie_break=tie_break,
        counted=counted,
        keys=keys,
        limit=LIMIT,
        offset=OFFSET,
    )
    return PreparedPage(Prepared(page), Prepared(counting), one_scan=one_scan)


class ListParameters[E: StrEnum](Protocol):
    """The paging of a generated list operation's parameters (``ListUsersParams``...)."""

    @property
    def sort(self) -> E: ...
    @property
    def limit(self) -> int: ...
    @property
    def offset(self) -> int: ...


async def fetch_listed[M, E: StrEnum](
    db: AsyncSession,
    model: type[M],
    *,
    where: Sequence[ColumnElement[bool]],
    orders: Mapping[E, Order],
    params: ListParameters[E],
) -> Page[M]:
    """`fetch_page` of ``select(model)`` as a list operation's ``params`` ask: the order of
    their sort in ``orders`` (see `sorts`), their limit and offset. The model's primary key
    breaks ties (many rows share a created_at), so pages never overlap or skip."""
    (primary_key,) = inspect(model).primary_key
    return await fetch_page(
        db,
        select(model),
        where=where,
        order=orders[params.sort],
        tie_break=primary_key,
        limit=params.limit,
        offset=params.offset,
    )


# ---------------------------------------------------------------- search text

LIKE_ESCAPE: Final = "\\"


def search_text(q: str | None) -> str | None:
    """The search text, or ``None`` when it is blank (the spec: "Blank is ignored")."""
    if q is None:
        return None
    stripped = q.strip()
    return stripped or None


def like_contains(text: str) -> str:
    """An ILIKE pattern matching ``text`` anywhere, with ``%``, ``_`` and the escape
    character itself taken literally (use with ``escape=LIKE_ESCAPE``)."""
    escaped = (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def contains(column: SQLColumnExpression[str | None], text: str) -> ColumnElement[bool]:
    """``column ILIKE '%text%'``, case-insensitive, ``text`` taken literally."""
    return column.ilike(like_contains(text), escape=LIKE_ESCAPE)
