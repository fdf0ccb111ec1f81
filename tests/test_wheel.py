"""A plain (not editable) install works from any folder: the data ships inside the wheel.

The wheel is built from this checkout and installed, without its dependencies, into a fresh venv
whose only other packages are those of the environment running the tests (a .pth line, so that
environment's editable install of vnpolicy is not picked up and nothing in it is changed).
`vnpolicy extract` and `vnpolicy run` then run from a temporary folder outside the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "000_a9ef7522b32975cc.txt"

pytestmark = pytest.mark.slow


def _build_args() -> list[str]:
    """Build offline with the environment's setuptools when it reads this pyproject (PEP 639
    licence string: setuptools 77); an older one makes pip fetch the backend from its index,
    as `make test` fetched the rest."""
    major = int(version("setuptools").split(".")[0])
    return ["--no-build-isolation"] if major >= 77 else []


def _sh(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    r = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, (args, r.stdout[-2000:], r.stderr[-2000:])
    return r


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    # built from a copy: setuptools writes build/ and *.egg-info next to the sources, and a stale
    # build/lib in the checkout would put deleted modules into the wheel
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src)
    shutil.copytree(ROOT / "pipeline", src / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp / "wheels"
    _sh([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *_build_args(), "-w", wheels, src], cwd=tmp,
        env=_env())
    (wheel,) = wheels.glob("vnpolicy-*.whl")
    venv = tmp / "venv"
    _sh([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp)
    # --force-reinstall: pip must not take the test environment's vnpolicy for this one
    _sh([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", "--no-deps",
         "--force-reinstall", wheel], cwd=tmp, env=_env())
    site = Path(_sh([venv / "bin" / "python", "-c", "import sysconfig;print(sysconfig.get_paths()['purelib'])"],
                    cwd=tmp, env=_env()).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    return venv


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VNPOLICY_REGISTRY")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def test_installed_package_is_the_wheel(installed, tmp_path):
    r = _sh([installed / "bin" / "python", "-c",
             "import pipeline, pipeline.cite.registry as r; print(pipeline.__file__); print(r.DEFAULT_DIR)"],
            cwd=tmp_path, env=_env())
    module, registry = r.stdout.split()
    assert module.startswith(str(installed)) and registry.startswith(str(installed)), r.stdout
    assert (Path(registry) / "codes.json").is_file() and (Path(module).parent / "py.typed").is_file()


def test_extract_and_run_outside_the_checkout(installed, tmp_path):
    work = tmp_path / "elsewhere"
    (work / "docs").mkdir(parents=True)
    shutil.copy(SAMPLE, work / "docs" / SAMPLE.name)
    vp = installed / "bin" / "vnpolicy"
    rec = json.loads(_sh([vp, "extract", f"docs/{SAMPLE.name}"], cwd=work, env=_env()).stdout)
    assert len(rec["tasks"]) == 65 and len(rec["targets"]) == 19
    assert any(d["id"] == "57-NQ/TW" and d["known"] for d in rec["directives"])  # the registry was read
    r = _sh([vp, "run", "docs", "--out", "out", "--no-report", "-j", "1"], cwd=work, env=_env())
    assert "1 ok" in r.stderr, r.stderr
    cat = json.loads((work / "out" / "catalogue.json").read_text(encoding="utf-8"))
    assert len(cat["documents"]) == 1 and not cat["failures"]
    # the web workspace's templates and static files ship in the wheel too
    page = ("from starlette.testclient import TestClient; from pipeline.serve import Settings, create_app; "
            "from pathlib import Path; s = Path('out/vnpolicy.sqlite'); "
            "c = TestClient(create_app(Settings(store=s, out=s.parent)), base_url='http://127.0.0.1'); "
            "print(*[c.get(u).status_code for u in ('/', '/static/serve.js', '/report-assets/report.css')])")
    assert _sh([installed / "bin" / "python", "-c", page], cwd=work, env=_env()).stdout.split() == ["200"] * 3
