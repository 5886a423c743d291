from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from communities.models import Invitation


@shared_task(name="communities.send_invitation")
def send_invitation_email(invitation_id: int) -> bool:
    """Email an invitation's link. Safe to run twice: it only sends while the link is usable."""
    invitation = Invitation.objects.select_related("community", "created_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.email or invitation.problem:
        return False
    body = render_to_string(
        "communities/email_invitation.txt",
        {
            "invitation": invitation,
            "inviter": invitation.created_by.display_name if invitation.created_by else "A colleague",
            "link": f"{settings.SITE_URL}{invitation.get_absolute_url()}",
        },
    )
    send_mail(f"[Zenora] You're invited to {invitation.community.name}", body, None, [invitation.email])
    return True
