"""What accounts announce (through zenora.hooks) for the apps above them.

Every handler takes keyword arguments only, as listed here.
"""

# Sessions were ended on the server (a deactivated account): ``session_keys``. Apps holding
# something open per session (live-room sockets) let go of it at once.
SESSIONS_ENDED = "accounts.sessions_ended"
