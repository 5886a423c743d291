"""The shipped nginx config passes `nginx -t` exactly where the compose proxy mounts it.

As root, a private mount namespace lays out what the nginx image has: /etc/nginx with an
http block including conf.d/*.conf (our zenora.conf as default.conf), /etc/nginx/zenora/ with
the shared locations, /etc/nginx/tls/ with a certificate (self-signed, made here), and an
/etc/hosts where `web` resolves as Docker's DNS would. Nothing outside the namespace changes.
"""

import os
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def test_nginx_is_installed():
    """make test installs Debian's nginx; without it the proxy's config would go unchecked."""
    assert Path(NGINX).exists(), "nginx is not installed: make test installs it when run as root"


# The nginx image's main config, in its essentials: what includes our server file.
MAIN = """worker_processes 1;
error_log stderr warn;
pid /tmp/zenora-nginx-test.pid;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    include /etc/nginx/conf.d/*.conf;
}
"""


def _certificate(folder: Path) -> None:
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=zenora.example.org",
            "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip


def _image_layout(tmp_path: Path) -> Path:
    """/etc/nginx as the compose file's volumes make it inside the proxy container."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    etc = tmp_path / "etc-nginx"
    (etc / "conf.d").mkdir(parents=True)
    (etc / "nginx.conf").write_text(MAIN)
    shutil.copy("/etc/nginx/mime.types", etc / "mime.types")
    for volume in compose["services"]["proxy"]["volumes"]:
        source, target, *_ = volume.split(":")
        if not target.startswith("/etc/nginx/"):
            continue
        destination = etc / target.removeprefix("/etc/nginx/")
        source_path = ROOT / source.removeprefix("./")
        if target == "/etc/nginx/tls":
            destination.mkdir(parents=True)
            _certificate(destination)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source_path, destination)
    return etc


def test_nginx_accepts_the_shipped_config_where_the_image_mounts_it(tmp_path):
    etc = _image_layout(tmp_path)
    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.1 localhost\n127.0.0.1 web\n")
    script = f"mount --bind {etc} /etc/nginx && mount --bind {hosts} /etc/hosts && exec {NGINX} -t"
    result = subprocess.run(
        # As root a plain mount namespace; otherwise a user namespace maps us to root inside it.
        [
            "unshare",
            *([] if os.geteuid() == 0 else ["--map-root-user"]),
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    assert "warn" not in result.stderr.replace("error_log stderr warn", "")


def test_the_shipped_locations_upgrade_websockets_and_forward_scheme_and_client():
    text = (ROOT / "deploy" / "nginx" / "zenora-locations.conf").read_text()
    websocket = text[text.index("location /ws/") :].split("}", 1)[0]
    assert "proxy_set_header Upgrade $http_upgrade;" in websocket
    assert 'proxy_set_header Connection "upgrade";' in websocket
    for block in (websocket, text[text.index("location / ") :]):
        assert "proxy_set_header X-Forwarded-Proto $scheme;" in block
        assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in block
        assert "proxy_set_header Host $host;" in block
    assert "client_max_body_size" in text and "proxy_read_timeout" in text
