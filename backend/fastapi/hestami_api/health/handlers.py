from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from hestami_api.core.context import RequestContext
from hestami_api.core.errors import ServiceUnavailableError
from hestami_api.core.metrics import EMAIL_OUTBOX_FAILED, EMAIL_OUTBOX_PENDING, render_metrics
from hestami_api.core.problems import DATABASE_UNAVAILABLE
from hestami_api.generated import models
from hestami_api.mail import repository as outbox

# Whatever keeps a trivial query from answering means "not ready".
NOT_READY: tuple[type[Exception], ...] = (*DATABASE_UNAVAILABLE, DBAPIError)


class HealthHandlers:
    async def health(self) -> models.HealthStatus:
        return models.HealthStatus(status="ok")

    async def readiness(self, ctx: RequestContext) -> models.ReadinessStatus:
        try:
            await ctx.db.execute(text("SELECT 1"))
        except NOT_READY as error:
            raise ServiceUnavailableError("The database is not reachable.") from error
        return models.ReadinessStatus(status="ok", database="ok")

    async def metrics(self, ctx: RequestContext) -> str:
        try:
            pending, failed = await outbox.backlog(ctx.db)
        except NOT_READY:
            pass  # the database is away: the gauges keep their last values, the rest is served
        else:
            EMAIL_OUTBOX_PENDING.set(pending)
            EMAIL_OUTBOX_FAILED.set(failed)
        return render_metrics().decode()
