from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ChipsConfig(AppConfig):
    name = "chips"
    verbose_name = "Chips and claims"

    def ready(self) -> None:
        from chips.receivers import analyze_ready_article
        from config.schedule import ensure_periodic_tasks
        from newsfeed.signals import article_ready

        article_ready.connect(analyze_ready_article, dispatch_uid="chips.analyze_ready_article")

        # After every migrate, so a fresh deployment has its beat schedule.
        post_migrate.connect(ensure_periodic_tasks, sender=self)
