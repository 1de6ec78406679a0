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
  if (summary) summary.focus();
});
