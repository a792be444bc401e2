"""A tiny in-memory item store, one per app (``app.extensions["store"]``)."""

from __future__ import annotations

import dataclasses
import typing as t

from .framework import current_app


@dataclasses.dataclass
class Item:
    """An item for sale."""

    id: int
    name: str
    price: float

    def to_dict(self) -> dict[str, t.Any]:
        return dataclasses.asdict(self)


class Store:
    """Items by id; ids are never reused."""

    def __init__(self, items: t.Iterable[tuple[str, float]] = ()) -> None:
        self.items: dict[int, Item] = {}
        self._next_id = 1
        for name, price in items:
            self.add(name, price)

    def add(self, name: str, price: float) -> Item:
        item = Item(self._next_id, name, price)
        self.items[item.id] = item
        self._next_id += 1
        return item

    def get(self, item_id: int) -> Item | None:
        return self.items.get(item_id)

    def remove(self, item_id: int) -> Item | None:
        return self.items.pop(item_id, None)

    def page(self, number: int, size: int) -> list[Item]:
        ordered = sorted(self.items.values(), key=lambda item: item.id)
        return ordered[(number - 1) * size : number * size]


def get_store() -> Store:
    """The store of the current app."""
    return t.cast(Store, current_app.extensions["store"])
