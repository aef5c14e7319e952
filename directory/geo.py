"""Where venues stand: a fixed grid over the globe that indexes their positions without a
spatial database, and the rule that keeps a venue in its own commune's neighbourhood.

Each venue stores the number of the 0.1° by 0.1° cell it stands in (about 11 km by 8 km in
France); "what is near this point" becomes "what is in these few cells", an indexed
``IN`` lookup that PostgreSQL and SQLite answer alike.
"""

import math

from hubsite.models.territories import distance_km

# A position farther than this from its commune's centre is taken for an error: the importer
# places such a row at the centre, the admin refuses it, and such a venue is not qualified.
# Otherwise a hub could pin its venue in another hub's territory, first in searches there.
MAX_DISTANCE_FROM_COMMUNE_KM = 50

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


def too_far_from_commune(latitude: float, longitude: float, commune) -> float | None:
    """The distance in km from ``commune``'s centre (anything with ``latitude`` and
    ``longitude``) when it is beyond MAX_DISTANCE_FROM_COMMUNE_KM; None when the position is
    in the commune's neighbourhood, or when the commune has no position to judge by."""
    if commune is None or commune.latitude is None or commune.longitude is None:
        return None
    distance = distance_km(latitude, longitude, commune.latitude, commune.longitude)
    return distance if distance > MAX_DISTANCE_FROM_COMMUNE_KM else None
