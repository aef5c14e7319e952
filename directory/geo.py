"""A fixed grid over the globe that indexes venue positions without a spatial database.

Each venue stores the number of the 0.1° by 0.1° cell it stands in (about 11 km by 8 km in
France); "what is near this point" becomes "what is in these few cells", an indexed
``IN`` lookup that PostgreSQL and SQLite answer alike.
"""

import math

CELL_DEGREES = 0.1
_CELLS_PER_ROW = int(360 / CELL_DEGREES)


def cell_for(latitude: float, longitude: float) -> int:
    row = math.floor((latitude + 90) / CELL_DEGREES)
    column = math.floor((longitude + 180) / CELL_DEGREES) % _CELLS_PER_ROW
    return row * _CELLS_PER_ROW + column


def cells_around(latitude: float, longitude: float, rings: int) -> list[int]:
    """The cells within ``rings`` cells of the point's cell, in every direction."""
    row = math.floor((latitude + 90) / CELL_DEGREES)
    column = math.floor((longitude + 180) / CELL_DEGREES)
    return [
        (row + dr) * _CELLS_PER_ROW + (column + dc) % _CELLS_PER_ROW
        for dr in range(-rings, rings + 1)
        for dc in range(-rings, rings + 1)
    ]
