"""The rule that keeps a venue in its own commune's neighbourhood (grid cells and boxes are
``directory.spatial``'s)."""

from hubsite.models.territories import distance_km

# A position farther than this from its commune's centre is taken for an error: the importer
# places such a row at the centre, the admin refuses it, and such a venue is not qualified.
# Otherwise a hub could pin its venue in another hub's territory, first in searches there.
MAX_DISTANCE_FROM_COMMUNE_KM = 50


def too_far_from_commune(latitude: float, longitude: float, commune) -> float | None:
    """The distance in km from ``commune``'s centre (anything with ``latitude`` and
    ``longitude``) when it is beyond MAX_DISTANCE_FROM_COMMUNE_KM; None when the position is
    in the commune's neighbourhood, or when the commune has no position to judge by."""
    if commune is None or commune.latitude is None or commune.longitude is None:
        return None
    distance = distance_km(latitude, longitude, commune.latitude, commune.longitude)
    return distance if distance > MAX_DISTANCE_FROM_COMMUNE_KM else None
