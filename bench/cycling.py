"""wrk cycling through many distinct URLs (what a crawler or a shopper paging through filters asks for),
against the shop and, in the same run and in turns with it, a bare Flask hello-world served the same way."""
import json
import os
import platform
import tempfile
from pathlib import Path

from bench.catalog import CONNECTIONS, ROUNDS, SECONDS, THREADS, TODAY, WORKERS, in_turns, wrk
from tests.support.server import running_app

# Each wrk thread walks the list from its own place, one URL after the other, round and round.
SCRIPT = """local paths = {%s}
local next_path = 0
init = function(args) next_path = math.random(#paths) end
request = function()
  next_path = next_path %% #paths + 1
  return wrk.format("GET", paths[next_path])
end
"""


def lua_script(paths: list[str], folder: str) -> str:
    """A wrk script that requests `paths` in turn; the file's name."""
    script = Path(folder) / "cycle.lua"
    script.write_text(SCRIPT % ", ".join(json.dumps(path) for path in paths), encoding="utf-8")
    return str(script)


def cycle(url: str, paths: list[str], *, warm_up: int = 0) -> dict:
    """Serve the shop on `url`'s database and load it with wrk cycling through `paths`, in turns with hello-world.

    Without `warm_up` the shop's workers start empty (no page cached, no catalog table read): its first window
    meets them so, while hello-world's warm-up leaves them only the time to start.
    """
    env = {**os.environ, "DATABASE_URL": url, "SHOP_TODAY": TODAY.isoformat(), "SECRET_KEY": "bench"}
    results = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
               "database": url.split(":")[0], "urls": len(paths), "gunicorn": f"{WORKERS} sync workers",
               "wrk": f"-t{THREADS} -c{CONNECTIONS}, {SECONDS} s in {ROUNDS} windows in turns"}
    with tempfile.TemporaryDirectory() as folder:
        script = lua_script(paths, folder)
        with running_app("bench.hello:app", env, WORKERS) as hello, running_app("wsgi:app", env, WORKERS) as base:
            wrk(f"{hello}/", 2)
            if warm_up:
                wrk(base, warm_up, script)
            results |= in_turns({"hello": (f"{hello}/", None), "shop": (base, script)})
    results["shop"]["ratio_to_hello"] = round(results["shop"]["req_per_s"] / results["hello"]["req_per_s"], 3)
    return results
