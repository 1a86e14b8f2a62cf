"""A synthetic service catalog with realistic word frequencies, written with COPY.

Words of titles and descriptions follow Zipf's law over a 50,000-word vocabulary (a few hundred
trade words at the head, pronounceable made-up words in the tail), so that, as in real text, a
handful of words occur in almost every service and most words in only a few. Cities follow
Zipf's law too (big cities hold more services). Everything comes from one seeded generator:
the same arguments give the same catalog, and so comparable runs.

The benchmark's queries are picked from the generated text (see :func:`pick_queries`) so that
every query matches something: selective ones use a word from the far tail, typical ones two
words of middling frequency that occur together in one service (plus that service's city),
broad ones the most common word.
"""

import contextlib
import csv
import io
import itertools
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg2.errors  # type: ignore[import-untyped]  # no stubs are published
import yaml

SPEC = Path(__file__).resolve().parent.parent / "openapi" / "openapi.yaml"
VOCABULARY_SIZE = 50_000
ZIPF_EXPONENT = 1.0
DESCRIPTION_WORDS = (20, 70)
TITLE_WORDS = (2, 4)
# Bands of vocabulary ranks (0 is the most common word) the queries draw from.
TYPICAL_RANKS = range(20, 300)
SELECTIVE_MIN_RANK = 20_000

# The head of the vocabulary, most common first. No English stop words: the search's
# 'english' configuration drops those, so a query made of them would match nothing, and a
# two-word query with one ("same day" was) would be a one-word query.
HEAD_WORDS = """
service repair professional home installation local quality licensed insured free estimate
residential experienced reliable affordable commercial emergency maintenance family owned
certified fast friendly expert available weekend next day team project customer satisfaction
guaranteed years experience honest clean efficient trusted replacement inspection upgrade
custom modern kitchen bathroom basement garage yard roof window door floor wall ceiling
water heater pipe drain leak sewer toilet faucet sink shower tub valve pump filter
electrical wiring outlet panel lighting fixture switch breaker generator solar
furnace boiler thermostat duct vent air conditioning heating cooling ventilation
shingle gutter flashing chimney skylight siding deck fence patio driveway concrete
lawn garden tree shrub mulch irrigation sprinkler landscape design hardscape stone
paint interior exterior cabinet trim drywall plaster texture stain finish coating
tile hardwood laminate vinyl carpet grout refinishing sanding polishing
pest termite rodent insect mosquito wildlife removal treatment prevention
appliance washer dryer refrigerator dishwasher oven stove microwave disposal
pool spa hot opening closing chemical liner cover
handyman assembly mounting hanging caulking weatherproofing insulation attic crawlspace
contractor remodel renovation addition permit planning framing foundation structural
deep move cleaning upholstery pressure washing organizing junk hauling
energy smart safety code compliance warranty financing senior discount
quick response scheduling online booking evening hour call visit quote transparent pricing
neighborhood community references background checked bonded award winning
""".split()  # noqa: SIM905 - a paragraph of words is easier to read and edit

# Syllable parts of the made-up tail words.
ONSETS = [
    "b",
    "br",
    "c",
    "ch",
    "cl",
    "cr",
    "d",
    "dr",
    "f",
    "fl",
    "fr",
    "g",
    "gl",
    "gr",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "pl",
    "pr",
    "qu",
    "r",
    "s",
    "sh",
    "sk",
    "sl",
    "st",
    "t",
    "th",
    "tr",
    "v",
    "w",
    "z",
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ie", "oa", "ou"]
CODAS = ["", "", "n", "r", "l", "s", "t", "m", "nd", "rt", "st", "ck"]

# (city, state, first three digits of its postal codes); the most populous first.
CITIES = [
    ("New York", "NY", "100"),
    ("Los Angeles", "CA", "900"),
    ("Chicago", "IL", "606"),
    ("Houston", "TX", "770"),
    ("Phoenix", "AZ", "850"),
    ("Philadelphia", "PA", "191"),
    ("San Antonio", "TX", "782"),
    ("San Diego", "CA", "921"),
    ("Dallas", "TX", "752"),
    ("Jacksonville", "FL", "322"),
    ("Austin", "TX", "787"),
    ("Fort Worth", "TX", "761"),
    ("San Jose", "CA", "951"),
    ("Columbus", "OH", "432"),
    ("Charlotte", "NC", "282"),
    ("Indianapolis", "IN", "462"),
    ("San Francisco", "CA", "941"),
    ("Seattle", "WA", "981"),
    ("Denver", "CO", "802"),
    ("Oklahoma City", "OK", "731"),
    ("Nashville", "TN", "372"),
    ("Washington", "DC", "200"),
    ("El Paso", "TX", "799"),
    ("Las Vegas", "NV", "891"),
    ("Boston", "MA", "021"),
    ("Detroit", "MI", "482"),
    ("Portland", "OR", "972"),
    ("Louisville", "KY", "402"),
    ("Memphis", "TN", "381"),
    ("Baltimore", "MD", "212"),
    ("Milwaukee", "WI", "532"),
    ("Albuquerque", "NM", "871"),
    ("Tucson", "AZ", "857"),
    ("Fresno", "CA", "937"),
    ("Sacramento", "CA", "958"),
    ("Atlanta", "GA", "303"),
    ("Raleigh", "NC", "276"),
    ("Omaha", "NE", "681"),
    ("Minneapolis", "MN", "554"),
    ("Tampa", "FL", "336"),
]
PRICE_UNITS = ["fixed", "hourly", "per_visit", "per_square_foot", "quote"]


def categories() -> list[str]:
    """The catalog's categories, as the spec lists them."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    enum: list[str] = spec["components"]["schemas"]["ServiceCategory"]["enum"]
    return enum


def _made_up_words(generator: random.Random, count: int, taken: set[str]) -> Iterator[str]:
    made = 0
    while made < count:
        syllables = generator.randint(2, 4)
        word = "".join(
            generator.choice(ONSETS) + generator.choice(VOWELS) + generator.choice(CODAS)
            for _ in range(syllables)
        )
        if word not in taken:
            taken.add(word)
            made += 1
            yield word


def _zipf_cumulative(size: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, size + 1)))


@dataclass(frozen=True, slots=True)
class Query:
    """One catalog search: the query string of ``GET /services``."""

    q: str
    city: str | None

    def params(self) -> dict[str, str]:
        return {"q": self.q} | ({"city": self.city} if self.city else {})


@dataclass(frozen=True, slots=True)
class Catalog:
    """What was written, in what the query picker needs: word ranks per service and cities."""

    vocabulary: list[str]
    service_words: list[list[int]]  # vocabulary ranks in each service's title and description
    service_cities: list[str]


def _service_rows(
    generator: random.Random, count: int, provider_ids: Sequence[uuid.UUID]
) -> tuple[Catalog, list[list[Any]]]:
    head = HEAD_WORDS
    vocabulary = head + list(_made_up_words(generator, VOCABULARY_SIZE - len(head), set(head)))
    word_weights = _zipf_cumulative(len(vocabulary), ZIPF_EXPONENT)
    city_weights = _zipf_cumulative(len(CITIES), 1.0)
    ranks = range(len(vocabulary))
    all_categories = categories()
    now = datetime.now(UTC)
    rows: list[list[Any]] = []
    service_words: list[list[int]] = []
    service_cities: list[str] = []
    lengths = [
        (generator.randint(*TITLE_WORDS), generator.randint(*DESCRIPTION_WORDS))
        for _ in range(count)
    ]
    # One draw for every word of the catalog: far cheaper than a draw per service.
    drawn = generator.choices(
        ranks, cum_weights=word_weights, k=sum(title + text for title, text in lengths)
    )
    position = 0
    for title_length, description_length in lengths:
        category = generator.choice(all_categories)
        title_ranks = drawn[position : position + title_length]
        description_ranks = drawn[
            position + title_length : position + title_length + description_length
        ]
        position += title_length + description_length
        city, state, postal_prefix = generator.choices(CITIES, cum_weights=city_weights)[0]
        title = " ".join(
            [category.replace("_", " ").title()] + [vocabulary[rank] for rank in title_ranks]
        )
        description = " ".join(vocabulary[rank] for rank in description_ranks).capitalize() + "."
        price_unit = generator.choice(PRICE_UNITS)
        price_min = None if price_unit == "quote" else generator.randrange(20, 2_000)
        price_max = None if price_min is None else price_min + generator.randrange(0, 3_000)
        created_at = now - timedelta(seconds=generator.randrange(0, 2 * 365 * 86_400))
        rows.append(
            [
                uuid.UUID(int=generator.getrandbits(128), version=4),
                generator.choice(provider_ids),
                title,
                description,
                category,
                price_min,
                price_max,
                price_unit,
                city,
                state,
                f"{postal_prefix}{generator.randrange(100):02d}",
                generator.random() >= 0.05,  # a few services are switched off
                created_at.isoformat(),
                created_at.isoformat(),
            ]
        )
        service_words.append(title_ranks + description_ranks)
        service_cities.append(city)
    return Catalog(vocabulary, service_words, service_cities), rows


def _copy(cursor: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)  # None becomes an empty unquoted field: NULL in COPY csv
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buffer)


def seed(
    connection: Any,
    *,
    services: int,
    providers: int,
    password_hash: str,
    homeowners: Sequence[str],
    seed_value: int = 6,
) -> Catalog:
    """Write ``providers`` provider accounts with profiles, ``services`` services among them
    and homeowner accounts named ``homeowners``, then `settle` the database.

    Every account gets the one ``password_hash`` the caller made: a bcrypt hash per account
    would cost a quarter of a second each at cost 12."""
    generator = random.Random(seed_value)  # noqa: S311 - test data, not secrets
    provider_ids = [uuid.UUID(int=generator.getrandbits(128), version=4) for _ in range(providers)]
    user_columns = ["id", "username", "email", "password_hash", "role", "full_name", "is_active"]
    users = [
        [
            pid,
            f"provider{n:03d}",
            f"provider{n:03d}@example.com",
            password_hash,
            "service_provider",
            f"Provider {n}",
            True,
        ]
        for n, pid in enumerate(provider_ids)
    ] + [
        [
            uuid.UUID(int=generator.getrandbits(128), version=4),
            username,
            f"{username}@example.com",
            password_hash,
            "homeowner",
            None,
            True,
        ]
        for username in homeowners
    ]
    profiles = [
        [
            pid,
            f"Provider {n} Home Services",
            f"https://provider{n:03d}.example.com",
            CITIES[n % len(CITIES)][0],
        ]
        for n, pid in enumerate(provider_ids)
    ]
    catalog, service_rows = _service_rows(generator, services, provider_ids)
    service_columns = [
        "id",
        "provider_id",
        "title",
        "description",
        "category",
        "price_min",
        "price_max",
        "price_unit",
        "city",
        "state",
        "postal_code",
        "is_active",
        "created_at",
        "updated_at",
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        # The catalog version's triggers (migration 0007) run at each statement's end instead of
        # at the commit: an index cannot be built on a table with trigger events pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        _copy(cursor, "auth.users", user_columns, users)
        _copy(
            cursor,
            "marketplace.provider_profiles",
            ["user_id", "business_name", "website", "service_area"],
            profiles,
        )
        # Building an index once over the loaded rows is much faster than updating it row by
        # row (the full-text and trigram GIN indexes above all). The indexes are recreated from
        # their own definitions, so the schema ends as the migrations made it.
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
            " FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid"
            " WHERE i.indrelid = 'marketplace.services'::regclass AND c.oid IS NULL"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        _copy(cursor, "marketplace.services", service_columns, service_rows)
        for _, definition in indexes:
            cursor.execute(definition)
    connection.commit()
    settle(connection)
    return catalog


def settle(connection: Any) -> None:
    """Leave the database as a catalog that has been live a while is, before anything is
    timed: vacuumed and analyzed, the load's pages written. Otherwise autovacuum (where it is
    on) vacuums the new rows and their GIN indexes, and a checkpoint writes the load's WAL,
    during whichever load comes first."""
    connection.autocommit = True  # VACUUM cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
            # A role without pg_checkpoint leaves it to the server, which checkpoints when it will.
            with contextlib.suppress(psycopg2.errors.InsufficientPrivilege):
                cursor.execute("CHECKPOINT")
    finally:
        connection.autocommit = False


@dataclass(frozen=True, slots=True)
class QuerySet:
    """The rotated queries of each kind ("selective", "typical", "broad", each ± city)."""

    kinds: dict[str, list[Query]]


def pick_queries(catalog: Catalog, *, per_kind: int = 8, seed_value: int = 7) -> QuerySet:
    """Queries that match at least one active-or-not service each (see the module docstring);
    the benchmark reports how many active ones the API finds."""
    generator = random.Random(seed_value)  # noqa: S311 - test data, not secrets
    vocabulary = catalog.vocabulary
    selective: list[Query] = []
    selective_city: list[Query] = []
    typical: list[Query] = []
    typical_city: list[Query] = []
    indexes = list(range(len(catalog.service_words)))
    generator.shuffle(indexes)
    for index in indexes:
        ranks = catalog.service_words[index]
        city = catalog.service_cities[index]
        rarest = max(ranks)
        if rarest >= SELECTIVE_MIN_RANK and len(selective) < per_kind:
            selective.append(Query(vocabulary[rarest], None))
        elif rarest >= SELECTIVE_MIN_RANK and len(selective_city) < per_kind:
            selective_city.append(Query(vocabulary[rarest], city))
        middling = sorted({rank for rank in ranks if rank in TYPICAL_RANKS})
        if len(middling) >= 2:
            pair = " ".join(vocabulary[rank] for rank in generator.sample(middling, 2))
            if len(typical) < per_kind:
                typical.append(Query(pair, None))
            elif len(typical_city) < per_kind:
                typical_city.append(Query(pair, city))
        if (
            min(len(found) for found in (selective, selective_city, typical, typical_city))
            >= per_kind
        ):
            break
    big_cities = [city for city, _, _ in CITIES[:per_kind]]
    return QuerySet(
        {
            "selective": selective,
            "selective + city": selective_city,
            "typical": typical,
            "typical + city": typical_city,
            "broad": [Query(vocabulary[0], None)],
            "broad + city": [Query(vocabulary[0], city) for city in big_cities],
        }
    )


def distinct_typical_city(catalog: Catalog, count: int, *, seed_value: int = 8) -> list[Query]:
    """``count`` different "typical + city" queries (two middling words of one service, in its
    city), in a shuffled order: rotated through, each comes back only after all the others,
    so a cache smaller than their number never holds the next one."""
    generator = random.Random(seed_value)  # noqa: S311 - test data, not secrets
    found: dict[Query, None] = {}  # insertion-ordered set
    indexes = list(range(len(catalog.service_words)))
    generator.shuffle(indexes)
    for index in indexes:
        middling = sorted({rank for rank in catalog.service_words[index] if rank in TYPICAL_RANKS})
        if len(middling) >= 2:
            pair = " ".join(catalog.vocabulary[rank] for rank in generator.sample(middling, 2))
            found[Query(pair, catalog.service_cities[index])] = None
            if len(found) == count:
                break
    return list(found)
