"""pydantic without its plugin loader's importlib.metadata while plugins are off (pipeline/plugin_scan.py):
models build and validate as before, and switching plugins on reaches pydantic's real loader."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import json, os, sys
from pipeline import plugin_scan
plugin_scan.skip()
from pydantic import BaseModel, ConfigDict, ValidationError
class R(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    x: int
    tags: list[str] = []
loader = sys.modules.get(plugin_scan.NAME)
out = {"standin": getattr(loader, "__file__", "standin"),
       "dump": R(x="3", tags=["a"]).model_dump(mode="json"),
       "metadata": "importlib.metadata" in sys.modules}
try:
    R(x="three")
except ValidationError as e:
    out["error"] = e.errors()[0]["type"]
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "0"
out["plugins_on"] = list(sys.modules[plugin_scan.NAME].get_plugins())
out["group"] = sys.modules[plugin_scan.NAME].PYDANTIC_ENTRY_POINT_GROUP
out["real_after"] = getattr(sys.modules[plugin_scan.NAME], "__file__", "") .endswith("_loader.py")
print(json.dumps(out))
"""


def _probe(env_value: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env["PYTHONPATH"] = str(ROOT)
    if env_value is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = env_value
    r = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=120,
                       check=True)
    return json.loads(r.stdout)


def test_plugins_off_builds_models_without_importlib_metadata():
    got = _probe("1")
    assert got["standin"] == "standin"
    assert got["dump"] == {"x": 3, "tags": ["a"]} and got["error"] == "int_parsing"
    assert got["metadata"] is False
    # switched on later in the process: pydantic's own loader answers (no plugins installed here)
    assert got["plugins_on"] == [] and got["group"] == "pydantic" and got["real_after"] is True


def test_plugins_on_leaves_pydantic_alone():
    for value in (None, "0"):
        got = _probe(value)
        assert got["standin"] != "standin" and got["metadata"] is True
        assert got["dump"] == {"x": 3, "tags": ["a"]}
