// Progressive enhancement of the goal form: choosing an indicator sets the question it answers
// and fills an empty baseline with the district's newest figure (both carried on the option),
// saying where the figure comes from under the baseline's year. Without this file the server
// fills an empty baseline the same way and refuses a question that does not fit.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("plan-form");
  const select = document.getElementById("id_indicator");
  const question = document.getElementById("id_question");
  const value = document.getElementById("id_baseline_value");
  const period = document.getElementById("id_baseline_period");
  const hint = document.getElementById("id_baseline_period_help");
  if (!form || !select || !value || !period) return;
  if (hint) hint.setAttribute("aria-live", "polite");
  let filled = "";  // what this script put in, so a figure the user typed is never overwritten
  select.addEventListener("change", () => {
    const option = select.selectedOptions[0];
    if (!option) return;
    if (question && option.dataset.question) question.value = option.dataset.question;
    if (value.value !== "" && value.value !== filled) return;
    if (option.dataset.baseline) {
      value.value = option.dataset.baseline;
      period.value = option.dataset.period;
      filled = value.value;
      if (hint) hint.textContent = form.dataset.found
        .replace("%(value)s", option.dataset.baseline)
        .replace("%(year)s", option.dataset.period)
        .replace("%(source)s", option.dataset.source || "CBS")
        + (option.dataset.quality === "synthetic" ? " " + form.dataset.synthetic : "");
    } else {
      if (filled) { value.value = ""; period.value = ""; filled = ""; }
      if (hint) hint.textContent = form.dataset.none;
    }
  });
});
