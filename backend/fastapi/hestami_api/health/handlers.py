from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from hestami_api.core.context import RequestContext
from hestami_api.core.errors import ServiceUnavailableError
from hestami_api.generated import models


class HealthHandlers:
    def health(self, ctx: RequestContext) -> models.HealthStatus:
        return models.HealthStatus(status="ok")

    def readiness(self, ctx: RequestContext) -> models.ReadinessStatus:
        try:
            ctx.db.execute(text("SELECT 1"))
        except DBAPIError as error:
            raise ServiceUnavailableError("The database is not reachable.") from error
        return models.ReadinessStatus(status="ok", database="ok")
