"""``python -m flaskcompat``: the ``flaskcompat`` command."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":  # importing the module (the alias's checks) runs nothing
    main()
