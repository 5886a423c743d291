"""What the forum and its groups announce (through zenora.hooks) for the wings above them.

The wings register their handlers in ``CommunitiesConfig.ready()``: rooms answer a new group
and a membership change; safety answers what was written. Every handler takes keyword
arguments only, as listed here.
"""

# A post was written or edited: ``post``; ``crisis_level`` (zenora.crisis; "" for none);
# ``held`` (True when it has just started to wait for a moderator's approval).
POST_WRITTEN = "communities.post_written"
# A chat message was stored: ``message``; ``crisis_level``.
MESSAGE_WRITTEN = "communities.message_written"
# A group was created, with its owner's membership: ``community``.
COMMUNITY_CREATED = "communities.community_created"
# A membership changed in a way open sockets must notice (left, removed, banned): ``membership``.
MEMBERSHIP_CHANGED = "communities.membership_changed"
# The group's front page asks for the other wings' parts: ``community``, ``user``; each
# handler returns a dict of template context (or None).
GROUP_HOME_CONTEXT = "communities.group_home_context"
