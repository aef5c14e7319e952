"""The grid that indexes venue positions (directory.spatial), and the fields every way of
writing a venue derives from it and from the hours alike."""

import datetime

import pytest

from directory import spatial
from directory.models import OpeningInterval, Venue, bulk_create_venues
from directory.opening_hours import weekly_intervals
from tests.directory.factories import VenueFactory


def test_a_grid_cell_numbers_rows_from_the_south_pole_and_columns_from_the_antimeridian():
    assert spatial.cell_for(-90, -180) == 0
    assert spatial.cell_for(-90, -179.95) == 0
    assert spatial.cell_for(-89.85, -180) == spatial.CELLS_PER_ROW
    assert spatial.cell_for(45.65, 0.16) == 1356 * spatial.CELLS_PER_ROW + 1801
    assert spatial.cell_for(0, 180) == spatial.cell_for(0, -180)  # the same meridian
    assert spatial.grid_cell(None, 0.16) is None and spatial.grid_cell(45.65, None) is None


def test_a_box_covers_its_grid_cells_and_snaps_to_whole_cluster_cells():
    box = spatial.BBox.parse("-0.1,45.4,0.5,45.9")
    rows, columns = spatial.BBox(-0.2, 45.4, 0.6, 46.0).grid_span()
    assert (len(rows), len(columns)) == (6, 8)
    wide, size = spatial.snapped(box, 8)
    assert spatial.grid_blocks(size) == 4  # 0.35° at zoom 8, rounded to 0.4°
    assert wide.west <= box.west and wide.east >= box.east and wide.south <= box.south
    with pytest.raises(ValueError):
        spatial.BBox.parse("0.5,45.4,-0.1,45.9")


def test_the_week_of_a_text_is_read_once_for_the_opening_intervals():
    assert weekly_intervals("Mo,We 09:00-12:00") == [(0, 540, 720), (2, 540, 720)]
    assert weekly_intervals("") == weekly_intervals("sur rendez-vous") == []


@pytest.mark.django_db
def test_venues_created_in_bulk_get_what_save_derives():
    model = VenueFactory(opening_hours="Sa 10:00-12:00")
    copies = [
        Venue(
            source="bulk",
            source_id=f"copie-{index}",
            name="Copie",
            address="1 rue Haute",
            commune_name=model.commune_name,
            postcode=model.postcode,
            latitude=latitude,
            longitude=0.16,
            opening_hours="Sa 10:00-12:00",
            updated_on=datetime.date(2024, 1, 15),
        )
        for index, latitude in enumerate([45.65, None])
    ]

    placed, unplaced = bulk_create_venues(copies)

    saved = Venue.objects.get(pk=model.pk)
    assert Venue.objects.get(pk=placed.pk).grid_cell == spatial.cell_for(45.65, 0.16)
    assert Venue.objects.get(pk=unplaced.pk).grid_cell is None
    assert saved.grid_cell == spatial.cell_for(saved.latitude, saved.longitude)
    for venue in (model, placed, unplaced):
        rows = OpeningInterval.objects.filter(venue=venue).values_list("weekday", "opens", "closes")
        assert list(rows) == [(5, 600, 720)]
