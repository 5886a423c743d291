from django.apps import AppConfig


class ZenoraConfig(AppConfig):
    name = "zenora"
    verbose_name = "Zenora"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from zenora import checks  # noqa: F401 - registers the system checks
        from zenora.logging import request_finished_unbind

        request_finished.connect(request_finished_unbind, dispatch_uid="zenora.request_id")
