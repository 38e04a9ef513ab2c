"""Checks that docker-compose.yml and the Dockerfile describe a deployment that can start."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_PATH = REPO_ROOT / "docker-compose.yml"
DOCKERFILE_PATH = REPO_ROOT / "Dockerfile"

EXPECTED_SERVICES = {
    "postgres",
    "redis",
    "migrate",
    "web",
    "worker-default",
    "worker-fetch",
    "beat",
}
APP_SERVICES = {"migrate", "web", "worker-default", "worker-fetch", "beat"}
MUST_HAVE_HEALTHCHECK = {"postgres", "redis", "web", "worker-default", "worker-fetch"}
REQUIRED_QUEUES = {"default", "fetch"}
VALID_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}

Compose = dict[str, Any]


@cache
def _load_compose_cached() -> str:
    return COMPOSE_PATH.read_text(encoding="utf-8")


def load_compose() -> Compose:
    """The compose file as data; safe_load resolves anchors and `<<` merge keys."""
    data = yaml.safe_load(_load_compose_cached())
    assert isinstance(data, dict), "docker-compose.yml must be a mapping"
    return data


def services(compose: Compose) -> dict[str, dict[str, Any]]:
    found = compose.get("services")
    assert isinstance(found, dict) and found, "docker-compose.yml has no services"
    return found


def command_args(service: dict[str, Any]) -> list[str]:
    """A service's command as an argument list, whichever form the file uses."""
    command = service.get("command")
    if command is None:
        return []
    if isinstance(command, str):
        return shlex.split(command)
    return [str(arg) for arg in command]


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    """Target -> condition; the short (list) form means service_started."""
    raw = service.get("depends_on") or {}
    if isinstance(raw, list):
        return {name: "service_started" for name in raw}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in raw.items()}


def has_healthcheck(service: dict[str, Any]) -> bool:
    check = service.get("healthcheck")
    if not isinstance(check, dict) or check.get("disable"):
        return False
    test = check.get("test")
    if isinstance(test, str):
        return bool(test.strip())
    return isinstance(test, list) and len(test) >= 2 and test[0] != "NONE"


def option_values(args: list[str], *names: str) -> list[str]:
    """Values given to an option in `-Q x`, `--queues x` or `--queues=x` form."""
    values = []
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                values.append(args[i + 1])
            elif name.startswith("--") and arg.startswith(name + "="):
                values.append(arg.split("=", 1)[1])
            elif not name.startswith("--") and arg.startswith(name) and len(arg) > len(name):
                values.append(arg[len(name) :])  # -Afactcheck
    return values


def celery_subcommand(args: list[str]) -> str | None:
    """`worker`, `beat`, ... for a celery command line; None for anything else."""
    if not args or Path(args[0]).name != "celery":
        return None
    skip_next = False
    for arg in args[1:]:
        if skip_next:
            skip_next = False
            continue
        if arg in {"-A", "--app", "-b", "--broker", "--result-backend", "--loader", "--config", "--workdir"}:
            skip_next = True
            continue
        if arg.startswith("-"):
            continue
        return arg
    return None


def dependency_problems(compose: Compose) -> list[str]:
    """Every depends_on reference that compose would refuse or that could never be met."""
    svcs = services(compose)
    problems = []
    for name, service in svcs.items():
        for target, condition in depends_on(service).items():
            if target not in svcs:
                problems.append(f"{name} depends on unknown service {target!r}")
                continue
            if condition not in VALID_CONDITIONS:
                problems.append(f"{name} -> {target}: unknown condition {condition!r}")
            if condition == "service_healthy" and not has_healthcheck(svcs[target]):
                problems.append(f"{name} waits for {target} to be healthy, but it has no healthcheck")
            if condition == "service_completed_successfully" and svcs[target].get("restart", "no") not in {
                "no",
                "on-failure",
            }:
                problems.append(
                    f"{name} waits for {target} to complete, but {target} restarts "
                    f"({svcs[target].get('restart')!r}) and so never completes"
                )
    return problems


def dependency_cycle(compose: Compose) -> list[str] | None:
    """A depends_on cycle as a path of service names, or None."""
    svcs = services(compose)
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> list[str] | None:
        state[name] = "visiting"
        for target in depends_on(svcs[name]):
            if target not in svcs:
                continue
            if state.get(target) == "visiting":
                return [*path, name, target]
            if target not in state and (cycle := visit(target, [*path, name])):
                return cycle
        state[name] = "done"
        return None

    for name in svcs:
        if name not in state and (cycle := visit(name, [])):
            return cycle
    return None


def celery_problems(compose: Compose) -> list[str]:
    """Celery commands that load the wrong app, leave a queue unserved or double-schedule."""
    problems = []
    served: set[str] = set()
    beats = []
    for name, service in services(compose).items():
        args = command_args(service)
        sub = celery_subcommand(args)
        if sub is None:
            continue
        apps = option_values(args, "-A", "--app")
        if apps != ["factcheck"]:
            problems.append(f"{name}: celery must run with -A factcheck, got {apps}")
        if sub == "worker":
            queues = option_values(args, "-Q", "--queues")
            if not queues:
                problems.append(f"{name}: worker names no queue (-Q)")
            for value in queues:
                served.update(q.strip() for q in value.split(",") if q.strip())
            if "-B" in args or "--beat" in args:
                beats.append(name)
        elif sub == "beat":
            beats.append(name)
    missing = REQUIRED_QUEUES - served
    if missing:
        problems.append(f"no worker consumes queue(s) {sorted(missing)}")
    if len(beats) != 1:
        problems.append(f"exactly one beat must run (periodic tasks would run twice or never): {beats}")
    return problems


def wsgi_module_file(args: list[str]) -> Path:
    """The source file of the `module:callable` a gunicorn command line serves."""
    targets = [arg for arg in args[1:] if re.fullmatch(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*", arg)]
    assert len(targets) == 1, f"gunicorn command names no single module:callable: {args}"
    module = targets[0].split(":")[0]
    return REPO_ROOT.joinpath(*module.split(".")).with_suffix(".py")


# --- The file as it is --------------------------------------------------------------------


def test_compose_has_no_obsolete_version_key() -> None:
    assert "version" not in load_compose()


def test_expected_services_exist() -> None:
    missing = EXPECTED_SERVICES - set(services(load_compose()))
    assert not missing, f"missing services: {sorted(missing)}"


def test_every_service_has_an_image_or_a_build() -> None:
    lacking = [name for name, svc in services(load_compose()).items() if not (svc.get("image") or svc.get("build"))]
    assert lacking == []


def test_app_services_share_one_definition() -> None:
    svcs = services(load_compose())
    for key in ("image", "build", "environment"):
        values = {json.dumps(svcs[name].get(key), sort_keys=True) for name in APP_SERVICES}
        assert len(values) == 1, f"app services differ in {key!r}: {values}"
    assert svcs["web"].get("build"), "the app services must be buildable from this repository"


def test_depends_on_targets_exist_and_conditions_can_be_met() -> None:
    assert dependency_problems(load_compose()) == []


def test_depends_on_has_no_cycle() -> None:
    assert dependency_cycle(load_compose()) is None


def test_app_services_wait_for_infrastructure_and_migrations() -> None:
    svcs = services(load_compose())
    for name in APP_SERVICES:
        deps = depends_on(svcs[name])
        assert deps.get("postgres") == "service_healthy", name
        assert deps.get("redis") == "service_healthy", name
        if name != "migrate":
            assert deps.get("migrate") == "service_completed_successfully", name
    assert command_args(svcs["migrate"])[-3:] == ["manage.py", "migrate", "--noinput"]


@pytest.mark.parametrize("name", sorted(MUST_HAVE_HEALTHCHECK))
def test_long_running_services_have_healthchecks(name: str) -> None:
    assert has_healthcheck(services(load_compose())[name]), f"{name} has no healthcheck"


def test_web_healthcheck_probes_healthz_without_curl() -> None:
    test = services(load_compose())["web"]["healthcheck"]["test"]
    text = " ".join(test) if isinstance(test, list) else test
    assert "/healthz" in text
    assert "urllib" in text
    assert "curl" not in text and "wget" not in text, "python:3.11-slim has neither curl nor wget"


@pytest.mark.parametrize("name", ["worker-default", "worker-fetch"])
def test_worker_healthcheck_pings_its_own_node(name: str) -> None:
    test = services(load_compose())[name]["healthcheck"]["test"]
    text = " ".join(test) if isinstance(test, list) else test
    assert "inspect ping" in text
    # $$ is compose's escape for a literal $, so the container's shell expands HOSTNAME.
    assert "-d celery@$$HOSTNAME" in text
    assert option_values(shlex.split(text.removeprefix("CMD-SHELL ")), "-A") == ["factcheck"]


def test_celery_commands_use_the_app_and_cover_every_queue() -> None:
    assert celery_problems(load_compose()) == []


def test_gunicorn_serves_a_module_that_exists() -> None:
    web = command_args(services(load_compose())["web"])
    assert Path(web[0]).name == "gunicorn"
    assert "0.0.0.0:8000" in option_values(web, "--bind", "-b")
    path = wsgi_module_file(web)
    assert path == REPO_ROOT / "factcheck" / "wsgi.py"
    assert path.is_file(), f"{path.relative_to(REPO_ROOT)} does not exist"


def test_web_publishes_port_8000() -> None:
    ports = [str(p.get("target")) if isinstance(p, dict) else str(p) for p in services(load_compose())["web"]["ports"]]
    assert any(p.split(":")[-1].split("/")[0] == "8000" for p in ports), ports


def test_environment_points_at_the_compose_services_and_production_settings() -> None:
    compose = load_compose()
    svcs = services(compose)
    env = svcs["web"]["environment"]
    assert isinstance(env, dict), "use the mapping form of environment"
    settings_module = env["DJANGO_SETTINGS_MODULE"]
    assert settings_module == "factcheck.settings.production"
    assert REPO_ROOT.joinpath(*settings_module.split(".")).with_suffix(".py").is_file()
    database = urlparse(env["DATABASE_URL"])
    assert database.scheme in {"postgres", "postgresql"}
    assert database.hostname in svcs
    assert database.path.lstrip("/") == svcs["postgres"]["environment"]["POSTGRES_DB"]
    assert database.username == svcs["postgres"]["environment"]["POSTGRES_USER"]
    assert urlparse(env["REDIS_URL"]).hostname in svcs
    # The secret is required from the caller, never written in the file.
    assert re.fullmatch(r"\$\{DJANGO_SECRET_KEY:\?[^}]+\}", env["DJANGO_SECRET_KEY"])
    for name in ("DJANGO_ALLOWED_HOSTS", "FACTCHECK_ORG_NAME", "FACTCHECK_PUBLIC_BASE_URL", "FETCH_ALLOWED_HOSTS"):
        assert name in env, f"{name} is not passed to the app services"


def test_postgres_keeps_its_data_in_a_named_volume() -> None:
    compose = load_compose()
    volumes = services(compose)["postgres"].get("volumes", [])
    sources = [str(v).split(":")[0] if not isinstance(v, dict) else v.get("source") for v in volumes]
    assert any(source in (compose.get("volumes") or {}) for source in sources), volumes


def test_compose_file_validates_against_the_compose_spec() -> None:
    # Run the checker with this interpreter: if check-jsonschema is not installed, the
    # subprocess fails with "No module named check_jsonschema" and so does this test.
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(COMPOSE_PATH)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- The Dockerfile -----------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    assert DOCKERFILE_PATH.is_file(), "Dockerfile is missing"
    logical = re.sub(r"\\\n", " ", DOCKERFILE_PATH.read_text(encoding="utf-8"))
    pairs = []
    for line in logical.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, rest = line.partition(" ")
        pairs.append((instruction.upper(), rest.strip()))
    return pairs


def test_dockerfile_installs_the_locked_requirements_before_the_package() -> None:
    steps = dockerfile_instructions()
    copies_lock = [i for i, (op, args) in enumerate(steps) if op == "COPY" and "requirements.lock" in args.split()]
    installs_lock = [i for i, (op, args) in enumerate(steps) if op == "RUN" and "-r requirements.lock" in args]
    installs_pkg = [i for i, (op, args) in enumerate(steps) if op == "RUN" and "pip install --no-deps ." in args]
    assert copies_lock, "the Dockerfile must COPY requirements.lock"
    assert installs_lock and installs_pkg, "pip install -r requirements.lock, then pip install --no-deps ."
    assert copies_lock[0] < installs_lock[0] < installs_pkg[0]
    assert (REPO_ROOT / "requirements.lock").is_file(), "requirements.lock is missing"


def test_dockerfile_builds_the_front_end_from_its_lock() -> None:
    steps = dockerfile_instructions()
    assert any(op == "RUN" and "npm ci" in args for op, args in steps)
    assert any(op == "COPY" and "--from=" in args and "dist" in args for op, args in steps)
    assert (REPO_ROOT / "frontend" / "package-lock.json").is_file()


def test_dockerfile_runs_as_a_non_root_user_and_serves_with_gunicorn() -> None:
    steps = dockerfile_instructions()
    final_stage = steps[max(i for i, (op, _) in enumerate(steps) if op == "FROM") :]
    users = [args for op, args in final_stage if op == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}, "the image must not run as root"
    assert ("EXPOSE", "8000") in final_stage
    assert any(op == "RUN" and "collectstatic --noinput" in args for op, args in final_stage)
    cmds = [args for op, args in final_stage if op == "CMD"]
    assert cmds, "no CMD"
    cmd = json.loads(cmds[-1])
    assert cmd[0] == "gunicorn"
    assert wsgi_module_file(cmd).is_file()


# --- The checks themselves catch broken files ---------------------------------------------


def _broken(mutate: Any) -> Compose:
    compose = load_compose()  # a fresh copy each time
    mutate(services(compose))
    return compose


def test_checks_catch_an_unknown_dependency() -> None:
    compose = _broken(lambda s: s["web"]["depends_on"].update({"cache": {"condition": "service_started"}}))
    assert any("unknown service 'cache'" in p for p in dependency_problems(compose))


def test_checks_catch_waiting_for_health_that_is_never_reported() -> None:
    compose = _broken(lambda s: s["redis"].pop("healthcheck"))
    assert any("redis to be healthy" in p for p in dependency_problems(compose))


def test_checks_catch_waiting_for_a_restarting_one_off() -> None:
    compose = _broken(lambda s: s["migrate"].update(restart="always"))
    assert any("never completes" in p for p in dependency_problems(compose))


def test_checks_catch_a_cycle() -> None:
    compose = _broken(lambda s: s["postgres"].update(depends_on=["web"]))
    assert dependency_cycle(compose) is not None


def test_checks_catch_an_unserved_queue_a_wrong_app_and_a_second_beat() -> None:
    def mutate(s: dict[str, Any]) -> None:
        s["worker-fetch"]["command"] = "celery -A other worker -Q default"
        s["worker-default"]["command"] = "celery -A factcheck worker -B -Q default"

    problems = celery_problems(_broken(mutate))
    assert any("-A factcheck" in p and "worker-fetch" in p for p in problems)
    assert any("'fetch'" in p for p in problems)
    assert any("exactly one beat" in p for p in problems)


def test_checks_catch_a_gunicorn_module_that_does_not_exist() -> None:
    path = wsgi_module_file(["gunicorn", "factcheck.nowhere:application", "--bind", "0.0.0.0:8000"])
    assert not path.is_file()
