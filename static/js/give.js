// The giving form without surprises: a typed amount is the chosen amount (the server
// decides so too), so typing one releases the amount buttons and pressing a button
// clears what was typed. The form works the same without this file.
document.querySelectorAll("form.give-form").forEach((form) => {
  const other = form.querySelector("input[name='other_amount']");
  const buttons = form.querySelectorAll("input[name='amount']");
  if (!other) return;
  other.addEventListener("input", () => {
    if (other.value.trim() !== "") buttons.forEach((button) => { button.checked = false; });
  });
  buttons.forEach((button) => {
    button.addEventListener("change", () => { other.value = ""; });
  });
});
