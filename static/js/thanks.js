// While the thank-you page says "confirming", look every few seconds whether our
// ledger has the answer, and only then show it (a page that reloads itself on a timer
// would disturb screen readers, and WCAG asks for no timed refresh). Without
// JavaScript, the page has a "Check again" link.
const confirming = document.getElementById("confirming");
if (confirming) {
  const every = Number(confirming.dataset.checkSeconds) * 1000;
  const check = async () => {
    try {
      const response = await fetch(window.location.href, { cache: "no-store" });
      const page = await response.text();
      if (response.ok && !page.includes('id="confirming"')) {
        window.location.reload();
        return;
      }
    } catch (error) {
      // Offline for a moment: try again at the next turn.
    }
    window.setTimeout(check, every);
  };
  window.setTimeout(check, every);
}
