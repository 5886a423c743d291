"""Template tags that let other apps' pages show debriefs without their views knowing about them."""

from django import template

from debriefs import selectors

register = template.Library()


@register.simple_tag
def debrief_room_panel(room, user) -> selectors.Panel:
    """The debrief panel of a live room, for this person (see selectors.room_panel)."""
    return selectors.room_panel(room, user)


@register.simple_tag
def upcoming_debriefs(community, user) -> list:
    """The next sessions in a community, for its home page. One query."""
    return selectors.upcoming_in(community, user)
