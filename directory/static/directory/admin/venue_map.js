/* Places a venue by dragging a marker: a Leaflet map beside the latitude and longitude
   inputs of the venue form, kept in step with them both ways. Without JavaScript (or without
   Leaflet) the inputs work on their own. */
(function () {
  "use strict";

  function number(input) {
    var value = parseFloat(String(input.value).replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function init() {
    var lat = document.querySelector('input[data-venue-map="latitude"]');
    var lon = document.querySelector('input[data-venue-map="longitude"]');
    if (!lat || !lon || typeof window.L === "undefined" || lat.dataset.venueMapReady) {
      return;
    }
    lat.dataset.venueMapReady = "true";
    var L = window.L;

    var container = document.createElement("div");
    container.className = "venue-map";
    container.setAttribute(
      "aria-label",
      "Carte : faites glisser le marqueur, ou cliquez sur la carte, pour placer le lieu. " +
        "Les champs latitude et longitude restent modifiables au clavier."
    );
    var anchor = lat.closest("[data-field-wrapper]") || lat.closest(".w-field__wrapper") || lat;
    anchor.parentNode.insertBefore(container, anchor);

    var known = number(lat) !== null && number(lon) !== null;
    var start = known ? [number(lat), number(lon)] : [46.6, 2.4];
    var map = L.map(container, { scrollWheelZoom: false }).setView(start, known ? 15 : 6);
    if (lat.dataset.tilesUrl) {
      L.tileLayer(lat.dataset.tilesUrl, {
        attribution: lat.dataset.tilesAttribution || "",
        maxZoom: 19,
      }).addTo(map);
    }
    // The neighbourhood of the venue's commune: the server refuses a position beyond it.
    var centreLat = parseFloat(lat.dataset.communeLatitude);
    var centreLon = parseFloat(lat.dataset.communeLongitude);
    var maxKm = parseFloat(lat.dataset.maxDistanceKm);
    var centre = isFinite(centreLat) && isFinite(centreLon) && isFinite(maxKm)
      ? L.latLng(centreLat, centreLon)
      : null;
    var warning = document.createElement("p");
    warning.className = "venue-map__warning";
    warning.setAttribute("role", "status");
    container.parentNode.insertBefore(warning, container.nextSibling);
    if (centre) {
      L.circle(centre, {
        radius: maxKm * 1000,
        interactive: false,
        fill: false,
        weight: 1,
      }).addTo(map);
    }

    function checkNeighbourhood(point) {
      var far = centre && map.distance(centre, point) > maxKm * 1000;
      warning.textContent = far
        ? "Cette position est à plus de " + maxKm + " km du centre de la commune : " +
          "elle sera refusée à l’enregistrement."
        : "";
    }

    var marker = L.marker(start, {
      draggable: true,
      keyboard: true,
      title: "Position du lieu",
      alt: "Position du lieu",
    }).addTo(map);

    function toInputs(point) {
      checkNeighbourhood(point);
      lat.value = point.lat.toFixed(6);
      lon.value = point.lng.toFixed(6);
      [lat, lon].forEach(function (input) {
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }

    function fromInputs() {
      var a = number(lat);
      var b = number(lon);
      if (a !== null && b !== null) {
        marker.setLatLng([a, b]);
        checkNeighbourhood(marker.getLatLng());
        if (!map.getBounds().contains(marker.getLatLng())) {
          map.panTo([a, b]);
        }
      }
    }

    marker.on("dragend", function () {
      toInputs(marker.getLatLng());
    });
    map.on("click", function (event) {
      marker.setLatLng(event.latlng);
      toInputs(event.latlng);
    });
    lat.addEventListener("change", fromInputs);
    lon.addEventListener("change", fromInputs);
    // The map may be drawn in a hidden tab: size it again once it shows.
    window.setTimeout(function () {
      map.invalidateSize();
    }, 300);
    document.addEventListener("click", function () {
      window.setTimeout(function () {
        map.invalidateSize();
      }, 50);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
