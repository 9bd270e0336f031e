from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ChipsConfig(AppConfig):
    name = "chips"
    verbose_name = "Chips and claims"

    def ready(self) -> None:
        from chips.analysis import analyze_article
        from config.schedule import ensure_periodic_tasks
        from newsfeed.analysing import register_analyser

        # newsfeed drives analysis (state, leases, retries, the sweep); chips does it.
        register_analyser(analyze_article)

        # After every migrate, so a fresh deployment has its beat schedule.
        post_migrate.connect(ensure_periodic_tasks, sender=self)
