"""``werkzeug.sansio``: the parts that do no WSGI I/O."""
