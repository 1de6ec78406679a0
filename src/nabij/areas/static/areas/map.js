// The area maps (areas/_map.svg.html, costs/area_map.svg.html, matching/_map.svg.html): the
// name and figure of a district or neighbourhood in a label beside it, on hover and on
// keyboard focus. Progressive enhancement: without this file each area still has its <title>
// (a tooltip on hover) and its accessible name (read on focus), and the table has the figures.
(() => {
  if (window.nabijAreaMaps) return; // the partial may be on a page twice (two maps)
  window.nabijAreaMaps = true;

  // The area's accessible name: a link's aria-label, or the shape's <title>.
  const nameOf = (area) =>
    area.getAttribute("aria-label") || area.querySelector("title")?.textContent || "";

  const place = (figure, tip, area) => {
    const box = figure.getBoundingClientRect();
    const shape = area.getBoundingClientRect();
    tip.hidden = false;
    const left = shape.left - box.left + shape.width / 2 - tip.offsetWidth / 2;
    const maxLeft = Math.max(box.width - tip.offsetWidth, 0);
    tip.style.left = `${Math.min(Math.max(left, 0), maxLeft)}px`;
    const above = shape.top - box.top - tip.offsetHeight - 6;
    tip.style.top = `${above >= 0 ? above : shape.bottom - box.top + 6}px`;
  };

  const enhance = (figure) => {
    const tip = figure.querySelector(".map-tooltip");
    if (!tip) return;
    let shown = null;
    const show = (event) => {
      const area = event.target.closest("[data-map-area]");
      if (!area || !figure.contains(area)) return;
      shown = area;
      tip.textContent = nameOf(area);
      place(figure, tip, area);
    };
    const hide = (event) => {
      const area = event.target.closest("[data-map-area]");
      if (area && area === shown) {
        tip.hidden = true;
        shown = null;
      }
    };
    figure.addEventListener("pointerover", show);
    figure.addEventListener("pointerout", hide);
    figure.addEventListener("focusin", show);
    figure.addEventListener("focusout", hide);
    // WCAG 1.4.13: the label can be dismissed without moving the pointer or the focus.
    figure.addEventListener("keydown", (event) => {
      if (event.key === "Escape") tip.hidden = true;
    });
  };

  const start = () => {
    for (const figure of document.querySelectorAll("figure.area-map")) enhance(figure);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
