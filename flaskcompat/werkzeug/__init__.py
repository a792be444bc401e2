"""The Werkzeug layer: Werkzeug 3.1's modules that Flask stands on, one module
per Werkzeug module (``flaskcompat.werkzeug.routing`` for ``werkzeug.routing``,
...). Nothing here imports the Flask layer above it.
"""
