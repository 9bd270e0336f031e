import os

from django.core.asgi import get_asgi_application

from config.local import ensure_var_dir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
ensure_var_dir()
application = get_asgi_application()
