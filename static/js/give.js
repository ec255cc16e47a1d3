// The giving form without surprises: a typed amount is the chosen amount (the server
// decides so too), so typing one releases the amount buttons and pressing a button
// clears what was typed. Beside "Cover the card fee" it shows the fee for the amount
// chosen, with the server's estimate (donations/fee_cover.py; the server computes the
// amount charged), and after a refused submission it puts the focus on the error
// summary. The form works the same without this file.
const NBSP = "\u00a0";

function groupDigits(units, separator) {
  return String(units).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

// The same text as fundraising.money.format_money: "5,64 kr" / "SEK 5.64", "€0.64".
function formatMoney(minor, currency, language) {
  const units = Math.floor(minor / 100);
  const cents = minor % 100;
  const centsText = cents ? String(cents).padStart(2, "0") : "";
  if (language === "sv") {
    const number = groupDigits(units, NBSP) + (centsText ? "," + centsText : "");
    return number + NBSP + (currency === "SEK" ? "kr" : currency === "EUR" ? "€" : currency);
  }
  const number = groupDigits(units, ",") + (centsText ? "." + centsText : "");
  if (currency === "SEK") return "SEK" + NBSP + number;
  return (currency === "EUR" ? "€" : currency) + number;
}

// The gross-up of donations.fee_cover.fee_cover_minor, in whole numbers.
function feeCoverMinor(giftMinor, basisPoints, fixedMinor) {
  const numerator = (giftMinor + fixedMinor) * 10000;
  return Math.ceil(numerator / (10000 - basisPoints)) - giftMinor;
}

function chosenAmountMinor(other, buttons) {
  const typed = other.value.trim().replace(",", ".");
  if (typed !== "") {
    const match = typed.match(/^(\d{1,12})(?:\.(\d{1,2}))?$/);  // whole öre/cents, no floats
    if (!match) return null;
    const minor = Number(match[1]) * 100 + Number((match[2] || "").padEnd(2, "0"));
    return minor > 0 ? minor : null;
  }
  const pressed = Array.from(buttons).find((button) => button.checked);
  return pressed ? Number(pressed.value) : null;
}

function showFeeCover(form, other, buttons) {
  const tick = form.querySelector("input[name='cover_fees']");
  const shown = form.querySelector("[data-fee-cover]");
  if (!tick || !shown) return;
  const amount = chosenAmountMinor(other, buttons);
  if (amount === null) {
    shown.textContent = "";
    return;
  }
  const fee = feeCoverMinor(
    amount, Number(tick.dataset.feePercentBasisPoints), Number(tick.dataset.feeFixedMinor)
  );
  shown.textContent = "(+" + formatMoney(fee, tick.dataset.currency, document.documentElement.lang) + ")";
}

document.querySelectorAll("form.give-form").forEach((form) => {
  const other = form.querySelector("input[name='other_amount']");
  const buttons = form.querySelectorAll("input[name='amount']");
  if (!other) return;
  other.addEventListener("input", () => {
    if (other.value.trim() !== "") buttons.forEach((button) => { button.checked = false; });
    showFeeCover(form, other, buttons);
  });
  buttons.forEach((button) => {
    button.addEventListener("change", () => {
      other.value = "";
      showFeeCover(form, other, buttons);
    });
  });
  showFeeCover(form, other, buttons);
});

// A form that comes back with a problem says so first: the focus moves to the message,
// and each link of the error summary moves the focus to its field (a plain "#id" link
// would only scroll there), with the field's label in view.
const problem = document.querySelector("[data-focus-on-load]");
if (problem) {
  problem.focus();
  problem.querySelectorAll("a[href^='#']").forEach((link) => {
    link.addEventListener("click", (event) => {
      const field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      const label = document.querySelector(`label[for='${field.id}']`);
      (label || field).scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    });
  });
}
