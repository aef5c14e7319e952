/* Maillage – the finder's progressive enhancement: "Autour de moi" and the maps.
   Without this script the finder is a plain GET form returning a list; the list stays the
   accessible way through the results, the map follows it. Data come from data-* attributes
   (the Content Security Policy forbids inline scripts). */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  /* "Autour de moi": fill lat/lon from the browser's position and submit the search. */
  function setupLocate() {
    var button = document.querySelector("[data-locate]");
    if (!button || !("geolocation" in navigator)) return;
    var form = button.form;
    var status = form.querySelector("[data-locate-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.getAttribute("data-waiting");
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          ["lat", "lon", "commune"].forEach(function (name) {
            var old = form.querySelector('input[type=hidden][name="' + name + '"]');
            if (old) old.parentNode.removeChild(old);
          });
          hidden(form, "lat", position.coords.latitude.toFixed(5));
          hidden(form, "lon", position.coords.longitude.toFixed(5));
          form.elements.q.value = "";
          form.submit();
        },
        function () {
          button.disabled = false;
          status.textContent = button.getAttribute("data-failed");
        },
        { timeout: 15000, maximumAge: 300000 }
      );
    });
  }

  function hidden(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }

  /* Maps */

  function number(el, name) {
    var value = el.getAttribute("data-" + name);
    return value === null || value === "" ? null : parseFloat(value);
  }

  function createMap(el) {
    el.hidden = false;
    var map = L.map(el, { zoomControl: false, minZoom: 3, maxZoom: 18, worldCopyJump: false });
    L.control
      .zoom({
        zoomInTitle: el.getAttribute("data-zoom-in"),
        zoomOutTitle: el.getAttribute("data-zoom-out"),
      })
      .addTo(map);
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, {
        attribution: el.getAttribute("data-attribution") || "",
        maxZoom: 19,
      }).addTo(map);
    }
    return map;
  }

  function icon(className, html, size) {
    return L.divIcon({
      className: className,
      html: html,
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
    });
  }

  /* A name for assistive technologies, and Enter or Space acting as a click (Leaflet 1.9.3
     makes markers focusable buttons but does not click them from the keyboard). */
  function label(marker, text) {
    function apply() {
      var node = marker.getElement();
      if (!node || node.hasAttribute("data-labelled")) return;
      node.setAttribute("data-labelled", "");
      // A generic element may not carry a name: a marker that is not a button is an image.
      if (!node.getAttribute("role")) node.setAttribute("role", "img");
      node.setAttribute("aria-label", text);
      if (node.getAttribute("tabindex") === null) return;
      node.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          marker.fire("click");
        }
      });
    }
    // Leaflet creates the element when the marker reaches a map that has a view.
    marker.on("add", apply);
    apply();
  }

  function placeMarker(el, map) {
    var lat = number(el, "lat");
    var lon = number(el, "lon");
    if (lat === null || lon === null) return null;
    var text = el.getAttribute("data-place") || el.getAttribute("data-label-place");
    var marker = L.marker([lat, lon], {
      icon: icon("map-place", "", 18),
      title: text,
      keyboard: false,
      interactive: false,
      zIndexOffset: -100,
    }).addTo(map);
    return marker;
  }

  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  /* Clusters and venues of the current view, from the API, refreshed as the map moves. */
  function clusterLayer(el, map, skip) {
    var layer = L.layerGroup().addTo(map);
    var api = el.getAttribute("data-api");
    var filters = el.getAttribute("data-filters");
    var timer = null;
    var controller = null;
    var clusterText = el.getAttribute("data-label-cluster");
    var moreText = el.getAttribute("data-label-more");
    var note = document.createElement("p");
    note.className = "finder-map__status";
    note.setAttribute("role", "status");
    el.parentNode.insertBefore(note, el.nextSibling);

    function url() {
      var b = map.getBounds();
      var box = [
        Math.max(-180, b.getWest()),
        Math.max(-90, b.getSouth()),
        Math.min(180, b.getEast()),
        Math.min(90, b.getNorth()),
      ].map(function (v) { return v.toFixed(5); });
      return api + "?bbox=" + box.join(",") + "&zoom=" + map.getZoom() + (filters ? "&" + filters : "");
    }

    function draw(data) {
      layer.clearLayers();
      data.features.forEach(function (feature) {
        var p = feature.properties;
        var lonlat = feature.geometry.coordinates;
        var marker;
        if (p.kind === "cluster") {
          var size = p.count < 10 ? 30 : p.count < 100 ? 36 : p.count < 1000 ? 44 : 52;
          var text = clusterText.replace("%(count)s", p.count);
          marker = L.marker([lonlat[1], lonlat[0]], {
            icon: icon("map-cluster", "<span>" + p.count + "</span>", size),
            title: text,
            keyboard: true,
          });
          marker.on("click", function () {
            var bb = p.bbox;
            if (bb[0] === bb[2] && bb[1] === bb[3]) {
              map.setView([bb[1], bb[0]], Math.min(map.getZoom() + 3, 18));
            } else {
              map.fitBounds([[bb[1], bb[0]], [bb[3], bb[2]]], { padding: [30, 30] });
            }
          });
          layer.addLayer(marker);
          label(marker, text);
        } else {
          if (skip[p.id]) return;
          marker = L.marker([lonlat[1], lonlat[0]], {
            icon: icon("map-venue", "", 16),
            title: p.name,
            keyboard: true,
          });
          var popup = document.createElement("div");
          popup.innerHTML =
            "<strong>" + escapeText(p.name) + "</strong><br>" + escapeText(p.commune) +
            '<br><a href="' + escapeText(p.url) + '">' + escapeText(moreText) + "</a>";
          marker.bindPopup(popup);
          layer.addLayer(marker);
          label(marker, p.name);
        }
      });
    }

    function load() {
      if (controller) controller.abort();
      controller = "AbortController" in window ? new AbortController() : null;
      fetch(url(), { signal: controller ? controller.signal : undefined, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          note.textContent = "";
          draw(data);
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") return;
          note.textContent = el.getAttribute("data-label-error");
        });
    }

    map.on("moveend", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 250);
    });
    map.on("popupopen", function (event) {
      var link = event.popup.getElement().querySelector("a");
      if (link && document.activeElement && el.contains(document.activeElement)) link.focus();
    });
    return { load: load };
  }

  /* The finder: numbered markers for the listed results, in step with the list. */
  function resultMarkers(map) {
    var items = document.querySelectorAll(".venue-item[data-venue-id]");
    var markers = {};
    var shown = {};
    Array.prototype.forEach.call(items, function (item) {
      var id = item.getAttribute("data-venue-id");
      var name = item.getAttribute("data-name");
      var rank = item.getAttribute("data-rank");
      var marker = L.marker([number(item, "lat"), number(item, "lon")], {
        icon: icon("map-result", "<span>" + escapeText(rank) + "</span>", 30),
        title: rank + ". " + name,
        keyboard: true,
        riseOnHover: true,
      }).addTo(map);
      label(marker, rank + ". " + name);
      markers[id] = marker;
      shown[id] = true;

      function highlight(on) {
        var node = marker.getElement();
        if (node) node.classList.toggle("is-active", on);
        marker.setZIndexOffset(on ? 1000 : 0);
        item.classList.toggle("is-active", on);
      }
      item.addEventListener("mouseenter", function () { highlight(true); });
      item.addEventListener("mouseleave", function () { highlight(false); });
      item.addEventListener("focusin", function () { highlight(true); });
      item.addEventListener("focusout", function () { highlight(false); });
      marker.on("click", function () {
        item.scrollIntoView({ block: "nearest", behavior: "smooth" });
        item.focus({ preventScroll: true });
        highlight(true);
      });
    });
    return { markers: markers, ids: shown };
  }

  function bounds(el) {
    var value = el.getAttribute("data-bounds");
    if (!value) return null;
    var b = value.split(",").map(parseFloat);
    return L.latLngBounds([b[0], b[1]], [b[2], b[3]]);
  }

  function setupFinderMap(el) {
    var map = createMap(el);
    var place = placeMarker(el, map);
    var results = resultMarkers(map);
    var points = Object.keys(results.markers).map(function (id) {
      return results.markers[id].getLatLng();
    });
    if (place) points.push(place.getLatLng());
    var layer = clusterLayer(el, map, results.ids);
    if (points.length > 1) {
      map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 15 });
    } else if (points.length === 1) {
      map.setView(points[0], 13);
    } else {
      map.fitBounds(bounds(el) || L.latLngBounds([41.3, -5.2], [51.1, 9.6]));
    }
    layer.load();
  }

  function setupFullMap(el) {
    var map = createMap(el);
    var place = placeMarker(el, map);
    var layer = clusterLayer(el, map, {});
    if (place) {
      map.setView(place.getLatLng(), 12);
    } else {
      map.fitBounds(bounds(el) || L.latLngBounds([41.3, -5.2], [51.1, 9.6]));
    }
    layer.load();
  }

  function setupVenueMap(el) {
    var map = createMap(el);
    var lat = number(el, "lat");
    var lon = number(el, "lon");
    var zoom = number(el, "zoom") || 16;
    var marker = L.marker([lat, lon], {
      icon: icon("map-result", "", 24),
      title: el.getAttribute("data-place"),
      keyboard: false,
      interactive: false,
    }).addTo(map);
    label(marker, el.getAttribute("data-place"));
    map.setView([lat, lon], zoom);
  }

  setupLocate();
  if (!window.L) return;
  var setups = { finder: setupFinderMap, full: setupFullMap, venue: setupVenueMap };
  Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), function (el) {
    var setup = setups[el.getAttribute("data-map")];
    if (setup) setup(el);
  });
})();
