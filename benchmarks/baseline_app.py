"""The yardstick: what bare FastAPI serves on this machine with the same uvicorn settings."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
async def ping() -> dict[str, str]:
    return {"status": "ok"}
