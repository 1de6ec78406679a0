// Progressive enhancement of the goal form: choosing an indicator fills an empty baseline with
// the district's newest figure (carried on the option), and says where it comes from. Without
// this file the server fills an empty baseline the same way.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("id_indicator");
  const value = document.getElementById("id_baseline_value");
  const period = document.getElementById("id_baseline_period");
  const hint = document.getElementById("baseline-hint");
  if (!select || !value || !period) return;
  let filled = "";  // what this script put in, so a figure the user typed is never overwritten
  select.addEventListener("change", () => {
    const option = select.selectedOptions[0];
    const untouched = value.value === "" || value.value === filled;
    if (!option || !untouched) return;
    if (option.dataset.baseline) {
      value.value = option.dataset.baseline;
      period.value = option.dataset.period;
      filled = value.value;
      if (hint) hint.textContent = hint.dataset.found
        .replace("%(value)s", option.dataset.baseline)
        .replace("%(year)s", option.dataset.period)
        .replace("%(source)s", option.dataset.source || "CBS");
    } else {
      if (filled) { value.value = ""; period.value = ""; filled = ""; }
      if (hint) hint.textContent = hint.dataset.none;
    }
  });
});
