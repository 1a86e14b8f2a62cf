"""The `hestami-api` command line."""

import asyncio
import os
import re
import signal
import tempfile
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Annotated

import typer
import uvicorn
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError

from hestami_api.core.config import Settings, get_settings
from hestami_api.core.db import create_sync_engine
from hestami_api.core.metrics import MULTIPROCESS_DIRECTORY_VARIABLE
from hestami_api.core.migrations import upgrade_to_head

if TYPE_CHECKING:
    from hestami_api.core.context import RequestContext

DATABASE_NAME = re.compile(r"[A-Za-z0-9_]{1,63}")

app = typer.Typer(
    help="Hestami API: serve, migrate and administer the service.", no_args_is_help=True
)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    reload: Annotated[
        bool, typer.Option(help="Reload on code or spec changes (development).")
    ] = False,
    root_path: Annotated[
        str,
        typer.Option(
            envvar="ROOT_PATH",
            help="The path prefix a proxy strips before forwarding (e.g. /api).",
        ),
    ] = "",
) -> None:
    """Serve the API with uvicorn (proxy headers honoured from FORWARDED_ALLOW_IPS)."""
    settings = get_settings()
    # uvicorn finishes in-flight requests on SIGTERM, then re-raises the signal to stop the
    # process; this handler, which it restores first, makes that stop a clean exit 0.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    if workers > 1 and not os.environ.get(MULTIPROCESS_DIRECTORY_VARIABLE):
        # The workers share their metrics through files in one directory (see core/metrics).
        os.environ[MULTIPROCESS_DIRECTORY_VARIABLE] = tempfile.mkdtemp(prefix="hestami-metrics-")
    uvicorn.run(
        "hestami_api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=None if reload else workers,
        reload=reload,
        reload_includes=["*.py", "*.json"] if reload else None,
        # Each response in one write (core/http_protocol.py); the API serves no WebSockets.
        http="hestami_api.core.http_protocol:CoalescingHttpToolsProtocol",
        ws="none",
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        server_header=False,
        root_path=root_path,
        log_level=settings.log_level.lower(),
        # SIGTERM: stop accepting, finish what is in flight (up to the grace), exit 0.
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
    )


def _exit_cleanly(_signal_number: int, _frame: object) -> None:
    raise SystemExit(0)


@app.command()
def worker() -> None:
    """Deliver the email outbox and purge dead rows hourly, until SIGTERM or Ctrl-C."""
    from hestami_api.maintenance import email_delivery, purge_hourly

    async def run() -> None:
        loop = asyncio.get_running_loop()
        tasks = [
            asyncio.create_task(email_delivery().run_forever()),
            asyncio.create_task(purge_hourly()),
        ]
        for signal_number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signal_number, lambda: [task.cancel() for task in tasks])
        with suppress(asyncio.CancelledError):
            await asyncio.gather(*tasks)
        from hestami_api.core.db import get_engine

        await get_engine().dispose()

    typer.echo("worker: delivering email and purging hourly (stop with SIGTERM or Ctrl-C)")
    asyncio.run(run())
    typer.echo("worker: stopped")


@app.command()
def purge() -> None:
    """Delete ended sessions, spent tokens, delivered emails and old idempotency records."""
    from hestami_api.maintenance import purge as purge_rows

    counts = run_command("purge", lambda context: purge_rows(context.db))
    typer.echo("purged " + ", ".join(f"{count} {name}" for name, count in counts.items()))


@app.command()
def migrate() -> None:
    """Upgrade the database named by DATABASE_URL to the newest schema."""
    upgrade_to_head()
    typer.echo("database is at the newest migration")


@app.command("create-database")
def create_database() -> None:
    """Create the database named by DATABASE_URL if it does not exist yet."""
    url = make_url(get_settings().database_url)
    if not url.database or not DATABASE_NAME.fullmatch(url.database):
        raise typer.BadParameter(f"unsupported database name in DATABASE_URL: {url.database!r}")
    server = create_sync_engine(
        url.set(database="postgres").render_as_string(hide_password=False)
    ).execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
        ).scalar()
        if not exists:
            connection.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
            typer.echo(f"created database {url.database}")
    server.dispose()


def run_command[T](command: str, work: "Callable[[RequestContext], Awaitable[T]]") -> T:
    """Runs ``work`` in one transaction, as a request does; a rule broken becomes exit code 1."""
    from hestami_api.core.context import RequestContext, transaction
    from hestami_api.core.db import get_engine, get_session_factory
    from hestami_api.core.errors import DomainError

    async def in_transaction() -> T:
        try:
            async with get_session_factory()() as session:
                context = RequestContext(
                    db=session, client_ip=None, user_agent=f"hestami-api {command}"
                )
                async with transaction(context):
                    return await work(context)
        finally:
            await get_engine().dispose()

    try:
        return asyncio.run(in_transaction())
    except DomainError as error:
        typer.echo(f"error: {error.detail}", err=True)
        raise typer.Exit(1) from None
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None


def _staff_password() -> str:
    from_environment = os.environ.get("HESTAMI_STAFF_PASSWORD")
    if from_environment:
        return from_environment
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@app.command("create-staff")
def create_staff(
    username: Annotated[str, typer.Option(help="Username of the staff account.")],
    email: Annotated[str, typer.Option(help="Email address of the staff account.")],
    full_name: Annotated[str | None, typer.Option(help="Display name.")] = None,
) -> None:
    """Create a staff account (password from HESTAMI_STAFF_PASSWORD or a prompt)."""
    from hestami_api.auth.service import create_account
    from hestami_api.generated.models import RegisterRequest

    password = _staff_password()
    try:  # the same field rules as registration, except the role
        checked = RegisterRequest(
            username=username, email=email, password=password, role="homeowner", full_name=full_name
        )
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    user = run_command(
        "create-staff",
        lambda context: create_account(
            context,
            username=checked.username,
            email=str(checked.email),
            password=password,
            role="staff",
            full_name=checked.full_name,
        ),
    )
    typer.echo(f"created staff account {user.username} ({user.id})")


@app.command("seed-demo")
def seed_demo(
    password: Annotated[
        str | None, typer.Option(help="Password of every demo account (default: documented one).")
    ] = None,
) -> None:
    """Load a small, realistic demo data set (idempotent: skipped if it is already there)."""
    from hestami_api.demo import DEMO_PASSWORD
    from hestami_api.demo import seed_demo as build_demo_data

    created = run_command(
        "seed-demo", lambda context: build_demo_data(context, password=password or DEMO_PASSWORD)
    )
    if not any(created.values()):
        typer.echo("demo data already present: nothing created")
        return
    typer.echo("created " + ", ".join(f"{count} {name}" for name, count in created.items()))


@app.command("audit-verify")
def audit_verify() -> None:
    """Recompute the audit log's hash chain; exit 1 naming the first broken link."""
    from hestami_api.audit.chain import verify_chain

    engine = create_sync_engine(get_settings().database_url)
    try:
        report = verify_chain(engine)
    finally:
        engine.dispose()
    if report.broken is not None:
        broken = report.broken
        typer.echo(
            f"error: audit log broken at position {broken.position} (entry {broken.entry_id}): "
            f"{broken.reason}; {report.verified} entries before it verified",
            err=True,
        )
        raise typer.Exit(1)
    head = report.head_hash.hex() if report.head_hash is not None else "none"
    typer.echo(f"audit log verified: {report.verified} entries, head hash {head}")


def main() -> None:
    """The `hestami-api` entry point: an unreachable database is one line, not a traceback."""
    try:
        app()
    except (OperationalError, InterfaceError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        url = make_url(get_settings().database_url)
        env_file = str(Settings.model_config.get("env_file"))
        source = "the environment" if "DATABASE_URL" in os.environ else env_file
        if source == env_file and not os.path.exists(env_file):
            source = "the default"
        typer.echo(
            f"error: {reason} (database {url.database} at {url.host}:{url.port or 5432}, "
            f"DATABASE_URL from {source}); scripts/start starts one, or set DATABASE_URL",
            err=True,
        )
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
