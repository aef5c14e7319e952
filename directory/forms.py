"""Forms of the venues' admin: the venue itself, qualification, bulk qualification, import."""

import uuid

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from directory import geo, standard
from directory.form_cleaning import StandardCleaningMixin
from directory.models import Venue
from directory.permissions import can_create_in
from hubsite.communes import CommuneIndex
from hubsite.models import ImportMapping

# Venues created in the admin belong to this source; their id is a random UUID.
ADMIN_SOURCE = "maillage"
SINGLE_LINE_FIELDS = (
    "name",
    "address",
    "address_complement",
    "commune_name",
    "typology",
    "parent_structure",
    "other_labels",
    "opening_hours",
)
MULTILINE_FIELDS = ("summary", "description")


def import_max_bytes() -> int:
    return settings.DIRECTORY_IMPORT_MAX_BYTES


class CoordinateInput(forms.NumberInput):
    """A plain number input; ``venue_map.js`` adds a map with a draggable marker beside the
    pair, and the form works the same without JavaScript."""

    class Media:
        css = {"all": ["leaflet/leaflet.css", "directory/admin/venue_map.css"]}
        js = ["leaflet/leaflet.js", "directory/admin/venue_map.js"]


class VenueAdminForm(StandardCleaningMixin, WagtailAdminModelForm):
    """Checks what the importer checks, finds the venue's commune (and so its département and
    hub), refuses a département outside the user's hubs and places the venue at its commune's
    centre when no position is given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, role in (("latitude", "latitude"), ("longitude", "longitude")):
            if name in self.fields:
                self.fields[name].widget = CoordinateInput(
                    attrs={
                        "step": "any",
                        "data-venue-map": role,
                        "data-tiles-url": settings.MAP_TILES_URL,
                        "data-tiles-attribution": settings.MAP_TILES_ATTRIBUTION,
                        **self._neighbourhood_attrs(),
                    }
                )
                self.fields[name].help_text = _(
                    "Faites glisser le marqueur sur la carte, ou saisissez la valeur."
                )
        self._commune = None
        self._approximate = self.instance.position_is_approximate

    def _neighbourhood_attrs(self) -> dict:
        """Where the map may place the venue: around its commune's centre."""
        commune = self.instance.commune if self.instance.commune_id else None
        if commune is None or commune.latitude is None or commune.longitude is None:
            return {}
        return {
            "data-commune-latitude": commune.latitude,
            "data-commune-longitude": commune.longitude,
            "data-max-distance-km": geo.MAX_DISTANCE_FROM_COMMUNE_KM,
        }

    def clean_pivot(self):
        return self._clean_with(
            "pivot", standard.clean_pivot, _("« %(value)s » n'est ni un SIRET ni un RNA.")
        )

    def clean_postcode(self):
        return self._clean_with(
            "postcode", standard.clean_postcode, _("« %(value)s » n'est pas un code postal.")
        )

    def clean(self):
        cleaned = super().clean()
        for name in SINGLE_LINE_FIELDS:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = standard.clean_text(cleaned[name])
        for name in MULTILINE_FIELDS:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = standard.clean_text(cleaned[name], multiline=True)
        if len(cleaned.get("summary") or "") > standard.SUMMARY_MAX_LENGTH:
            self.add_error("summary", _("280 caractères au plus."))
        self._clean_commune(cleaned)
        if self._commune is not None and "phone" in cleaned:
            try:
                cleaned["phone"] = standard.clean_phone(
                    cleaned["phone"], departement=self._commune.departement_id
                )
            except ValueError:
                self.add_error("phone", _("Numéro illisible : écrivez par exemple 05 45 12 34 56."))
        self._clean_position(cleaned)
        return cleaned

    def _clean_commune(self, cleaned):
        postcode, name = cleaned.get("postcode"), cleaned.get("commune_name")
        if not postcode or not name or "postcode" in self.errors:
            return
        insee = (cleaned.get("insee_code") or "").strip().upper()
        changed = set(self.changed_data)
        if (
            self.instance.pk
            and {"postcode", "commune_name"} & changed
            and "insee_code" not in changed
        ):
            # The address moved: the old INSEE code no longer says where.
            insee = ""
        index = CommuneIndex.load(postcodes=[postcode], insee_codes=[insee] if insee else [])
        commune = index.resolve(
            insee_code=insee,
            postcode=postcode,
            name=name,
            latitude=cleaned.get("latitude"),
            longitude=cleaned.get("longitude"),
        )
        if commune is None:
            self.add_error(
                "commune_name",
                _("Aucune commune « %(name)s » pour le code postal %(postcode)s.")
                % {"name": name, "postcode": postcode},
            )
            return
        if not can_create_in(self.for_user, commune.departement_id):
            self.add_error(
                "postcode",
                _("Ce lieu serait dans le département %(code)s, hors de votre hub.")
                % {"code": commune.departement_id},
            )
            return
        self._commune = commune
        cleaned["insee_code"] = commune.insee_code

    def _clean_position(self, cleaned):
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("latitude", _("Indiquez la latitude et la longitude, ou aucune."))
            return
        commune = self._commune
        if commune is None:
            return
        moved = bool({"latitude", "longitude"} & set(self.changed_data))
        commune_changed = self.instance.commune_id != commune.insee_code
        if latitude is None or (
            not moved and self.instance.position_is_approximate and commune_changed
        ):
            cleaned["latitude"], cleaned["longitude"] = commune.latitude, commune.longitude
            self._approximate = True
        elif moved:
            self._approximate = False
        else:
            self._approximate = self.instance.position_is_approximate

    def _post_clean(self):
        # The model's clean() judges the position against the commune found here, which may
        # not be the one the venue had.
        if self._commune is not None:
            self.instance.commune_id = self._commune.insee_code
        super()._post_clean()

    def save(self, commit=True):
        venue = super().save(commit=False)
        if self._commune is not None:
            venue.commune_id = self._commune.insee_code
            venue.departement_id = self._commune.departement_id
            venue.insee_code = self._commune.insee_code
            venue.latitude = self.cleaned_data.get("latitude")
            venue.longitude = self.cleaned_data.get("longitude")
            venue.position_is_approximate = self._approximate
        if venue.pk is None:
            venue.source = ADMIN_SOURCE
            venue.source_id = uuid.uuid4().hex
        if venue.pk is None or self.has_changed():
            venue.updated_on = timezone.localdate()
        if commit:
            venue.save()
            self._save_m2m()
        return venue


class VenueCreationForm(VenueAdminForm):
    """The venue chooser's short form: a name and an address. The venue waits at its commune's
    centre for its hub to complete it in the edit form."""

    class Meta:
        model = Venue
        fields = ["name", "address", "address_complement", "postcode", "commune_name"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_(
            "CSV (séparé par des virgules ou des points-virgules) ou JSON, encodé en UTF-8, "
            "au format du schéma national des lieux de médiation numérique."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=100,
        required=False,
        help_text=_(
            "Identifie ce jeu de données : réimporter avec la même source met les lieux à jour. "
            "Vide : la colonne « source » de chaque ligne, à défaut le nom du fichier."
        ),
    )

    mapping = forms.ModelChoiceField(
        label=_("Correspondance"),
        queryset=ImportMapping.objects.none(),
        required=False,
        empty_label=_("Aucune : le fichier suit le schéma national"),
        help_text=_(
            "Pour un fichier aux colonnes d'une autre présentation, la correspondance "
            "enregistrée pour sa source."
        ),
    )

    def __init__(self, *args, mappings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if mappings is None or not mappings.exists():
            del self.fields["mapping"]
        else:
            self.fields["mapping"].queryset = mappings

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = import_max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("Le fichier dépasse %(max)d Mo.") % {"max": limit // (1024 * 1024)}
            )
        name = upload.name.lower()
        if not name.endswith((".csv", ".json", ".txt")):
            raise forms.ValidationError(_("Choisissez un fichier .csv ou .json."))
        return upload

    def clean_source(self):
        return standard.clean_text(self.cleaned_data["source"])
