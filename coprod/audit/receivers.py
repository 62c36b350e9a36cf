"""Sign-ins, failed sign-ins and sign-outs enter the trail."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from coprod.audit.choices import Event
from coprod.audit.services import record_event


@receiver(user_logged_in, dispatch_uid="coprod_audit_signed_in")
def signed_in(sender, request, user, **kwargs) -> None:
    record_event(event=Event.SIGNED_IN, model=user, description=user.get_username(), actor=user)


@receiver(user_logged_out, dispatch_uid="coprod_audit_signed_out")
def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_event(event=Event.SIGNED_OUT, model=user, description=user.get_username(), actor=user)


@receiver(user_login_failed, dispatch_uid="coprod_audit_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # The username tried says whose account is being guessed at; the password is never kept.
    username = str(credentials.get("username", ""))[:150]
    record_event(
        event=Event.SIGN_IN_FAILED,
        model=get_user_model(),
        description=username,
        details={"username": username},
    )
