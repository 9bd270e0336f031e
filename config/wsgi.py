import os

from django.core.wsgi import get_wsgi_application

from config.local import ensure_var_dir

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
ensure_var_dir()
application = get_wsgi_application()
