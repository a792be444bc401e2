"""The Werkzeug layer: Werkzeug's modules, reproduced on the standard library."""
