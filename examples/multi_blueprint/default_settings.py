"""Default configuration, loaded first with ``app.config.from_object``.

``settings.json`` (beside this file) and ``MULTI_BLUEPRINT_*`` environment
variables override these values, in that order.
"""

SECRET_KEY = "dev"  # override in production: MULTI_BLUEPRINT_SECRET_KEY=...
SITE_NAME = "Blueprint demo"
ADMIN_TOKEN = "letmein"
DOWNLOAD_FOLDER = "downloads"
PAGE_SIZE = 10
lowercase_names_are_not_loaded = True
