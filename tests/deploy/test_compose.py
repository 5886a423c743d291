"""docker-compose.yml, the Dockerfile and .dockerignore, checked as far as this machine allows.

No Docker engine runs here, so: the compose file against the Compose Specification's JSON
schema (vendored in deploy/compose-spec/), its shape (one-shot migrate, scalable web, one beat,
the proxy), every health check command against live services started with production settings,
the Dockerfile's RUN steps replayed, and the build context .dockerignore leaves.
"""

import importlib.util
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path

import jsonschema
import pytest

from tests.deploy.conftest import COMPOSE, ROOT, production_daphne, running

SCHEMA = ROOT / "deploy" / "compose-spec" / "compose-spec.json"
APP_SERVICES = ("web", "worker", "beat")


def _validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text())
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_the_compose_file_follows_the_compose_specification(compose):
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in _validator().iter_errors(compose)]
    assert errors == []


@pytest.mark.parametrize(
    ("service", "change"),
    [
        ("web", {"ports": 8000}),
        ("web", {"depends_on": {"migrate": {"condition": "when_it_feels_like_it"}}}),
        ("web", {"healthcheck": {"test": ["CMD", "true"], "interval": 15}}),
        ("web", {"restart_policy": "always"}),
    ],
)
def test_the_schema_refuses_a_broken_compose_file(compose, service, change):
    broken = json.loads(json.dumps(compose))
    broken["services"][service].update(change)
    assert list(_validator().iter_errors(broken))


def test_migrations_run_once_before_anything_runs_the_code(compose):
    services = compose["services"]
    migrate = services["migrate"]
    assert migrate["restart"] == "no"
    assert "migrate --no-input" in " ".join(migrate["command"])
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
        assert "migrate" not in json.dumps(services[name].get("command", ""))
    cmd = re.search(r"^CMD (.+)$", (ROOT / "Dockerfile").read_text(), re.MULTILINE).group(1)
    assert "migrate" not in cmd


def test_web_scales_behind_the_proxy_and_beat_does_not(compose):
    services = compose["services"]
    assert "ports" not in services["web"]  # a fixed host port blocks --scale web=2
    assert services["beat"]["deploy"]["replicas"] == 1
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert proxy["depends_on"]["web"] == {"condition": "service_healthy"}
    assert set(proxy["ports"]) == {"${HTTP_PORT:-80}:80", "${HTTPS_PORT:-443}:443"}


def test_each_variable_means_one_thing(compose):
    text = COMPOSE.read_text()
    # PORT is make run's port alone; the public ports are the proxy's.
    assert "${PORT" not in text
    assert "PORT=" not in (ROOT / ".env.example").read_text().replace("HTTP_PORT=", "").replace(
        "HTTPS_PORT=", ""
    )
    trusted = compose["x-zenora"]["environment"]["TRUSTED_PROXY"]
    proxy_address = compose["services"]["proxy"]["networks"]["zenora"]["ipv4_address"]
    assert trusted == proxy_address
    subnet = compose["networks"]["zenora"]["ipam"]["config"][0]["subnet"]
    import ipaddress

    assert ipaddress.ip_address(proxy_address) in ipaddress.ip_network(subnet)


# --- .dockerignore ------------------------------------------------------------------------


def _dockerignore_rules() -> list[tuple[bool, re.Pattern]]:
    """Docker's rules: last match wins, ``!`` re-includes, a matched folder takes its contents."""
    rules = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = line[1:] if negate else line
        pattern = pattern.strip("/")
        regex = ""
        index = 0
        while index < len(pattern):
            if pattern.startswith("**/", index):
                regex += "(?:.*/)?"
                index += 3
            elif pattern.startswith("**", index):
                regex += ".*"
                index += 2
            elif pattern[index] == "*":
                regex += "[^/]*"
                index += 1
            elif pattern[index] == "?":
                regex += "[^/]"
                index += 1
            else:
                regex += re.escape(pattern[index])
                index += 1
        rules.append((negate, re.compile(f"^{regex}$")))
    return rules


def _in_context(path: str, rules) -> bool:
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for negate, regex in rules:
        if any(regex.match(prefix) for prefix in prefixes):
            excluded = not negate
    return not excluded


SECRET_OR_LOCAL = [
    ".env",
    ".env.production",
    "var/secret_key",
    "var/journal_key",
    "var/zenora.sqlite3",
    "var/zenora.sqlite3-wal",
    "var/celery/queue/x.msg",
    "zenora.sqlite3",
    ".git/config",
    ".venv/bin/python",
    "node_modules/htmx.org/package.json",
    "static/vendor/htmx.min.js",
    "deploy/tls/privkey.pem",
    "accounts/__pycache__/models.cpython-311.pyc",
    "celerybeat-schedule",
    "test-artifacts/shot.png",
]
NEEDED = [
    "manage.py",
    "requirements.txt",
    "package.json",
    "package-lock.json",
    "config/settings.py",
    "config/asgi.py",
    "zenora/proxy.py",
    "deploy/healthcheck.py",
    "templates/base.html",
    "static/css",
    ".env.example",
]


@pytest.mark.parametrize("path", SECRET_OR_LOCAL)
def test_the_build_context_leaves_out_secrets_and_local_data(path):
    assert not _in_context(path, _dockerignore_rules())


@pytest.mark.parametrize("path", NEEDED)
def test_the_build_context_keeps_what_the_image_needs(path):
    assert (ROOT / path).exists(), path
    assert _in_context(path, _dockerignore_rules())


def test_nothing_in_the_work_tree_that_is_not_committed_reaches_the_image():
    """Every file the context would take from this very work tree is one git tracks (or a new
    file git would not ignore): ignored files (.env, var/, .venv, node_modules) never go in."""
    rules = _dockerignore_rules()
    ignored = subprocess.run(
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "--directory"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    leaking = [path.rstrip("/") for path in ignored if _in_context(path.rstrip("/"), rules)]
    assert leaking == []


# --- the Dockerfile's RUN steps ---------------------------------------------------------------


def _dockerfile() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    steps = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, rest = line.partition(" ")
            steps.append((instruction.upper(), " ".join(rest.split())))
    return steps


def _env_of_final_stage() -> dict[str, str]:
    env: dict[str, str] = {}
    for instruction, rest in _dockerfile():
        if instruction == "FROM":
            env = {}
        elif instruction == "ENV":
            for pair in shlex.split(rest):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def test_every_run_step_of_the_dockerfile_is_replayed(tmp_path):
    """Each RUN is replayed here, or checked against what it would do where it cannot be."""
    runs = [rest for instruction, rest in _dockerfile() if instruction == "RUN"]
    replayed = []
    for step in runs:
        if step.startswith("npm ci"):
            # The front-end stage: package.json and the lock alone, as COPY gives it.
            build = tmp_path / "frontend"
            build.mkdir()
            for name in ("package.json", "package-lock.json"):
                shutil.copy(ROOT / name, build / name)
            subprocess.run(shlex.split(step), cwd=build, check=True, timeout=300, capture_output=True)
            assert (build / "node_modules/htmx.org/dist/htmx.min.js").exists()  # COPY --from uses it
            assert not (build / "node_modules/axe-core").exists()  # dev packages stay out
        elif step.startswith("useradd"):
            # Adding a system user here would change this machine: check what the image relies on.
            args = shlex.split(step)
            user = args[-1]
            home = args[args.index("--home-dir") + 1]
            assert ("USER", user) in _dockerfile()
            assert _env_of_final_stage()["ZENORA_VAR_DIR"] == home
        elif step.startswith("pip install"):
            # The image installs exactly the pins (with their hashes) this suite runs with.
            pins = 0
            for line in (ROOT / "requirements.txt").read_text().splitlines():
                if not line or line[0] in "# -":
                    continue
                requirement = line.split()[0]
                name, _, version = requirement.partition("==")
                assert version, f"{line} is not pinned"
                assert metadata.version(name) == version, name
                pins += 1
            assert pins > 20
        elif "collectstatic" in step:
            # A build sees the image's ENV and the step's own assignments, nothing of this shell.
            env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
            env.update(_env_of_final_stage())
            env["STATIC_ROOT"] = str(tmp_path / "staticfiles")
            command = step.replace("/tmp/", f"{tmp_path}/").replace("python ", f"{sys.executable} ", 1)
            result = subprocess.run(
                ["sh", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
            )
            assert result.returncode == 0, result.stderr[-3000:]
            manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())
            assert "vendor/htmx.min.js" in manifest["paths"]
            assert not (tmp_path / "build.sqlite3").exists()
        else:
            pytest.fail(f"a RUN step this test does not know how to replay: {step}")
        replayed.append(step)
    assert len(replayed) == len(runs) == 4


# --- health checks against live services with production settings ----------------------------


def _healthcheck(compose, service: str) -> list[str]:
    return compose["services"][service]["healthcheck"]["test"]


def _healthcheck_script():
    spec = importlib.util.spec_from_file_location("deploy_healthcheck", ROOT / "deploy" / "healthcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_web_health_check_passes_with_the_documented_settings_and_logs_no_error(
    compose, production_env, tmp_path
):
    test = _healthcheck(compose, "web")
    assert test == ["CMD", "python", "deploy/healthcheck.py"]
    assert _healthcheck_script().DEFAULT_URL == "http://127.0.0.1:8000/healthz"  # the image's daphne
    log = tmp_path / "daphne.log"
    with production_daphne(production_env, log) as (_, port):
        url = f"http://127.0.0.1:{port}/healthz"
        for _ in range(3):
            # The container runs `python deploy/healthcheck.py` in /app; here, on this daphne's port.
            probe = subprocess.run(
                [sys.executable, *test[2:], url], cwd=ROOT, capture_output=True, text=True, timeout=30
            )
            assert probe.returncode == 0, probe.stdout + probe.stderr
            assert probe.stdout.startswith("healthy")
        time.sleep(0.5)
        after_probes = log.read_text()
        # Everything else still has the host check, the redirect, and no forged proxy headers.
        assert _status(f"http://127.0.0.1:{port}/", {"Host": "zenora.example.org"}) == 301
        forged = {"Host": "zenora.example.org", "X-Forwarded-Proto": "https"}
        assert _status(f"http://127.0.0.1:{port}/", forged) == 301  # 127.0.0.1 is not the proxy
        assert _status(f"http://127.0.0.1:{port}/", {}) == 400
    assert "Traceback" not in after_probes
    assert '"level": "ERROR"' not in after_probes
    assert '"level": "WARNING"' not in after_probes, after_probes[-3000:]


def _status(url: str, headers: dict[str, str]) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_worker_health_check_answers_from_a_live_worker(compose, production_env, tmp_path):
    test = _healthcheck(compose, "worker")
    assert test[0] == "CMD-SHELL"
    shell = test[1].replace("$$", "$")  # compose's escape for a literal $
    env = {
        **production_env,
        "HOSTNAME": socket.gethostname(),  # what a container's hostname gives celery@%h
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    command = shlex.split(" ".join(compose["services"]["worker"]["command"]))
    command[0] = str(Path(sys.executable).parent / "celery")
    with running(command, env, tmp_path / "worker.log"):
        deadline = time.monotonic() + 90
        while True:
            probe = subprocess.run(["sh", "-c", shell], cwd=ROOT, env=env, capture_output=True, timeout=60)
            if probe.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(1)
    assert probe.returncode == 0, (tmp_path / "worker.log").read_text()[-3000:]


@pytest.mark.parametrize("service", ["postgres", "redis"])
def test_the_store_health_checks_pass_against_the_running_stores(compose, service):
    test = _healthcheck(compose, service)
    command = ["sh", "-c", test[1]] if test[0] == "CMD-SHELL" else test[1:]
    tool = shlex.split(test[1])[0] if test[0] == "CMD-SHELL" else test[1]
    # The stores' own client tools come with them (.ci/run uses them too): missing is a failure.
    assert shutil.which(tool), f"{tool} is not installed; install PostgreSQL's and Redis's clients"
    # The containers' tools talk to their own server; here the same tools reach 127.0.0.1.
    env = {**os.environ, "PGHOST": "127.0.0.1", "PGCONNECT_TIMEOUT": "5"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
