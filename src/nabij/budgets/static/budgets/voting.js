/* Residents' budget pages, enhanced: the ballot's running total as projects are ticked, and a
   click on the proposal map that fills in the place. Both pages work without this script. */
(function () {
  "use strict";

  function euros(cents) {
    var whole = cents % 100 === 0;
    var lang = document.documentElement.lang || "nl";
    return new Intl.NumberFormat(lang === "nl" ? "nl-NL" : "en-GB", {
      style: "currency",
      currency: "EUR",
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2,
    }).format(cents / 100);
  }

  function ballot(form) {
    var box = form.querySelector("[data-ballot-total]");
    if (!box) return;
    var budget = parseInt(box.getAttribute("data-budget"), 10);
    var total = box.querySelector("[data-total]");
    var left = box.querySelector("[data-left]");
    var bar = box.querySelector("[data-progress]");
    var count = form.querySelector("[data-count-button]");
    if (count) count.hidden = true;
    function update() {
      var sum = 0;
      form.querySelectorAll("input[name=choices]:checked").forEach(function (input) {
        sum += parseInt(input.getAttribute("data-cost"), 10) || 0;
      });
      var over = sum > budget;
      total.textContent = euros(sum);
      bar.value = Math.min(sum, budget);
      bar.textContent = euros(sum);
      var text = box.getAttribute(over ? "data-text-over" : "data-text-left");
      left.textContent = text.replace("{amount}", euros(Math.abs(budget - sum)));
      box.classList.toggle("ballot-total--over", over);
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "choices") update();
    });
  }

  function map(box) {
    var svg = box.querySelector("svg");
    var marker = box.querySelector("[data-marker]");
    var form = box.closest("form");
    if (!svg || !marker || !form) return;
    var minLon = parseFloat(box.getAttribute("data-min-lon"));
    var maxLat = parseFloat(box.getAttribute("data-max-lat"));
    var cosLat = parseFloat(box.getAttribute("data-cos-lat"));
    var scale = parseFloat(box.getAttribute("data-scale"));
    var margin = parseFloat(box.getAttribute("data-margin"));
    var lat = form.querySelector("[name=latitude]");
    var lon = form.querySelector("[name=longitude]");
    var where = form.querySelector("[name=neighbourhood]");
    svg.addEventListener("click", function (event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var local = point.matrixTransform(svg.getScreenCTM().inverse());
      if (lon) lon.value = (minLon + (local.x - margin) / (cosLat * scale)).toFixed(6);
      if (lat) lat.value = (maxLat - (local.y - margin) / scale).toFixed(6);
      marker.setAttribute("cx", local.x.toFixed(1));
      marker.setAttribute("cy", local.y.toFixed(1));
      marker.classList.remove("is-hidden");
      var area = event.target.closest("[data-code]");
      svg.querySelectorAll(".is-chosen").forEach(function (el) { el.classList.remove("is-chosen"); });
      if (area) {
        area.classList.add("is-chosen");
        if (where) where.value = area.getAttribute("data-code");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-ballot]").forEach(ballot);
    document.querySelectorAll("[data-area-map]").forEach(map);
  });
})();
