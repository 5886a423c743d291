"""The demo clinic's safety examples: a content-warned post, an anonymous thread, a pending report.
Idempotent: each is added once."""

from accounts.demo import demo_user
from communities.demo import DEMO_SLUG
from communities.models import Community, Thread
from communities.safety.models import Report
from communities.safety.services import report_post
from communities.services import post_create, thread_create

WARNED_TITLE = "A client death this week"
ANONYMOUS_TITLE = "Feeling like I'm not cut out for this"


def seed_demo_safety() -> list[str]:
    community = Community.objects.filter(slug=DEMO_SLUG).first()
    if community is None:
        return []
    if not Thread.objects.filter(community=community, title=WARNED_TITLE).exists():
        thread = thread_create(
            author=demo_user("nurse@zenora.example"),
            community=community,
            title=WARNED_TITLE,
            body="We lost someone on the ward on Tuesday. I keep thinking about the last conversation we had.",
            warning_themes=["death"],
        )
        post_create(
            author=demo_user("clinician@zenora.example"),
            thread=thread,
            body="I'm so sorry. Grief for clients is real grief. Be gentle with yourself this week.",
        )
    thread = Thread.objects.filter(community=community, title=ANONYMOUS_TITLE).first()
    if thread is None:
        thread = thread_create(
            author=demo_user("clinician@zenora.example"),
            community=community,
            title=ANONYMOUS_TITLE,
            body="Lately every session leaves me drained and I wonder if I'm the right person for this work.",
            anonymous=True,
        )
        post_create(
            author=demo_user("lead@zenora.example"),
            thread=thread,
            body="Thank you for saying it. Almost everyone here has felt this. Would supervision this week help?",
        )
    opening = thread.posts.get(position=1)
    if not Report.objects.filter(post__thread__community=community, source=Report.Source.MEMBER).exists():
        report_post(
            reporter=demo_user("nurse@zenora.example"),
            post=opening,
            reason=Report.Reason.WORRIED,
            note="Just want someone to check in with whoever wrote this.",
        )
    return [
        "Safety examples: a content-warned thread, an anonymous thread and a report in the moderation queue"
    ]
