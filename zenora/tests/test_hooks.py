from communities.hooks import (
    COMMUNITY_CREATED,
    GROUP_HOME_CONTEXT,
    MEMBERSHIP_CHANGED,
    MESSAGE_WRITTEN,
    POST_WRITTEN,
)
from zenora import hooks


def test_hooks_announce_calls_each_handler_in_order_and_collect_keeps_answers(monkeypatch):
    monkeypatch.setattr(hooks, "_handlers", {})
    heard = []
    hooks.register_hook("test.said", lambda **facts: heard.append(("first", facts)), name="first")
    hooks.register_hook(
        "test.said", lambda **facts: heard.append(("second", facts)) or "answer", name="second"
    )
    hooks.announce("test.said", word="hello")
    assert heard == [("first", {"word": "hello"}), ("second", {"word": "hello"})]
    assert hooks.collect("test.said", word="again") == ["answer"]  # None is left out
    hooks.announce("test.nobody_listens", word="fine")


def test_hooks_registering_again_under_a_name_replaces_the_handler(monkeypatch):
    monkeypatch.setattr(hooks, "_handlers", {})
    hooks.register_hook("test.said", lambda **facts: "old", name="one")
    hooks.register_hook("test.said", lambda **facts: "new", name="one")
    assert hooks.collect("test.said") == ["new"]


def test_hooks_the_wings_answer_what_the_groups_announce():
    """Registered in CommunitiesConfig.ready(): rooms answer the groups, safety answers writing."""
    modules = {hook: {h.__module__ for h in hooks.handlers_for(hook)} for hook in (
        COMMUNITY_CREATED, MEMBERSHIP_CHANGED, GROUP_HOME_CONTEXT, POST_WRITTEN, MESSAGE_WRITTEN)}  # fmt: skip
    assert modules == {
        COMMUNITY_CREATED: {"communities.rooms.hooks"},
        MEMBERSHIP_CHANGED: {"communities.rooms.hooks"},
        GROUP_HOME_CONTEXT: {"communities.rooms.hooks"},
        POST_WRITTEN: {"communities.safety.hooks"},
        MESSAGE_WRITTEN: {"communities.safety.hooks"},
    }
