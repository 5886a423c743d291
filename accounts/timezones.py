import zoneinfo
from functools import cache


@cache
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone name the server knows, sorted for select lists."""
    return tuple(sorted(zoneinfo.available_timezones() - {"Factory", "localtime"}))


def is_valid_timezone(name: str) -> bool:
    return name in set(timezone_names())
