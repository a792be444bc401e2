"""The parts of the app and blueprints that do not depend on WSGI (Flask's
``flask.sansio``)."""
