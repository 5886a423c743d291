"""The web container's health probe: exit 0 when daphne answers /healthz with the database up.

docker-compose.yml runs it inside the container, where daphne listens on 8000. /healthz is
answered before the host check and the SSL redirect (zenora.health), so plain http to
127.0.0.1 works with the production ALLOWED_HOSTS and an https SITE_URL.

    python deploy/healthcheck.py [URL]
"""

import json
import sys
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/healthz"


def main(url: str = DEFAULT_URL) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a fixed local URL
            report = json.loads(response.read())
    except urllib.error.HTTPError as error:
        print(f"unhealthy: HTTP {error.code}")
        return 1
    except (OSError, ValueError) as error:
        print(f"unhealthy: {type(error).__name__}")
        return 1
    down = sorted(name for name, check in report.items() if not check.get("ok"))
    print("healthy" + (f" (degraded: {', '.join(down)})" if down else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
