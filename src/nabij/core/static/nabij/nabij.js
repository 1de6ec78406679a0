// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-confirm]")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  }
  // A form sent back with errors: the summary at the top takes the focus, so a screen reader
  // reads it first and its links lead to the fields (core/_error_summary.html).
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    // A link in the summary moves the focus to its field, not only the view.
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) return;
      event.preventDefault();
      const details = field.closest("details");
      if (details) details.open = true;
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  } else if (window.location.hash.length > 1) {
    // Back after a save at the thing just saved (e.g. the plan's #doel-12): focus it, so the
    // keyboard and a screen reader go on from there. Only targets that ask for it (tabindex).
    const target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (target && target.hasAttribute("data-focus-on-arrival")) target.focus();
  }
  // Fields that belong to one choice of a select ("Wie doet het"): a field marked
  // data-shown-for="network volunteer" shows only for those values of the select named in
  // data-shown-with. Without this script all fields show, with a hint; the server decides.
  for (const control of document.querySelectorAll("select[data-reveals]")) {
    const form = control.form;
    if (!form) continue;
    const dependants = [...form.querySelectorAll("[data-shown-for]")];
    const update = (first) => {
      for (const input of dependants) {
        const wrapper = input.closest(".field") || input;
        // A field sent back with an error stays in view until the choice changes: its message
        // must be read.
        const show =
          input.dataset.shownFor.split(" ").includes(control.value) ||
          (first && wrapper.classList.contains("field--error"));
        wrapper.hidden = !show;
        input.disabled = !show;  // a hidden choice is not sent
      }
    };
    control.addEventListener("change", () => update(false));
    update(true);
    // The hint "fill in only what belongs to your choice" is for pages without this script.
    const hint = document.getElementById(control.dataset.reveals);
    if (hint) {
      hint.hidden = true;
      const described = (control.getAttribute("aria-describedby") || "")
        .split(" ").filter((id) => id && id !== hint.id);
      if (described.length) control.setAttribute("aria-describedby", described.join(" "));
      else control.removeAttribute("aria-describedby");
    }
  }
});
