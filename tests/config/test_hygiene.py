"""Hygiene the tools hold: hashed locks, production apart from development; make test's
migration check."""

from __future__ import annotations

import re
import subprocess
import tomllib

from django.conf import settings

ROOT = settings.BASE_DIR
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lock: str) -> dict[str, tuple[str, int]]:
    """name -> (version, number of --hash lines) for each requirement of a lock file."""
    found: dict[str, tuple[str, int]] = {}
    name = None
    for line in (ROOT / lock).read_text().splitlines():
        match = PIN.match(line)
        if match:
            name = normal(match.group(1))
            found[name] = (match.group(2).rstrip(" \\"), 0)
        elif name and line.strip().startswith("--hash=sha256:"):
            version, hashes = found[name]
            found[name] = (version, hashes + 1)
        elif line.strip() and not line.startswith((" ", "#")):
            raise AssertionError(f"{lock}: unexpected line {line!r}")
    return found


def declared(group: str | None) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] if group is None else project["optional-dependencies"][group]
    out = {}
    for spec in specs:
        match = re.match(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)$", spec)
        if match:
            out[normal(match.group(1))] = match.group(2)
    return out


def test_every_locked_package_carries_its_hashes():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        for name, (_, hashes) in pins(lock).items():
            assert hashes >= 1, f"{lock}: {name} has no hash"


def test_production_lock_pins_the_declared_dependencies_and_no_test_tools():
    production = pins("requirements.lock")
    for name, version in declared(None).items():
        assert production[name][0] == version, name
    for tool in ("pytest", "pytest-django", "playwright", "ruff", "factory-boy", "hypothesis"):
        assert tool not in production


def test_development_lock_adds_the_dev_dependencies_without_repeating_production():
    production, development = pins("requirements.lock"), pins("requirements-dev.lock")
    for name, version in declared("dev").items():
        assert development[name][0] == version, name
    assert not set(production) & set(development)


def test_the_image_installs_the_production_lock_only_and_checks_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert installs == ["RUN pip install --no-cache-dir --require-hashes -r requirements.lock"], (
        installs
    )
    assert "requirements-dev.lock" not in dockerfile


def test_make_test_refuses_a_model_change_without_its_migration_before_running_pytest():
    dry_run = subprocess.run(
        ["make", "-n", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "MAKEFLAGS": ""},
    ).stdout.splitlines()
    check = next(i for i, line in enumerate(dry_run) if "makemigrations --check" in line)
    tests = next(i for i, line in enumerate(dry_run) if "-m pytest" in line)
    assert check < tests
