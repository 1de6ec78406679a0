// A background job's page: poll its status and move the progress bar; reload when it ends,
// so the result (or the reason it failed) is shown by the server. Without JavaScript the page
// refreshes itself (a <meta> in <noscript>) and has a refresh link.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var state = box.getAttribute("data-state");
  if (!url || state === "done" || state === "failed") return;
  var bar = box.querySelector("[data-job-progress]");
  var phase = box.querySelector("[data-job-phase]");
  var percent = box.querySelector("[data-job-percent]");
  var label = box.querySelector("[data-job-state]");
  var delay = 1000;

  function show(s) {
    if (label) label.textContent = s.state_label;
    if (phase && s.phase) phase.textContent = s.phase;
    if (bar) {
      if (s.total > 0) {
        bar.max = s.total;
        bar.value = Math.min(s.done, s.total);
        bar.textContent = s.percent + "%";
      } else {
        bar.removeAttribute("value");
      }
    }
    if (percent) percent.textContent = s.percent === null ? "" : s.percent + "%";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (s) {
        show(s);
        if (s.finished) { window.location.reload(); return; }
        delay = Math.min(delay * 1.3, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, delay);
})();
