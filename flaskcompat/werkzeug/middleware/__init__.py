"""``werkzeug.middleware``: WSGI middleware (``proxy_fix``, ``dispatcher``,
``shared_data``)."""
