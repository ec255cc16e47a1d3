// While "Your exports" lists a file being prepared, fetch the page every few seconds
// and put its fresh list in place of ours (inside an aria-live region, so a screen
// reader hears the change; the page is never reloaded on a timer). Stops once nothing
// is being prepared. Without JavaScript, the page has a "Check again" link.
const list = document.getElementById("prepared-exports");
if (list && list.dataset.checkSeconds) {
  const every = Number(list.dataset.checkSeconds) * 1000;
  const check = async () => {
    try {
      const response = await fetch(window.location.href, { cache: "no-store" });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.getElementById("prepared-exports");
        if (fresh) {
          list.replaceChildren(...fresh.childNodes);
          if (!fresh.dataset.checkSeconds) {
            return;
          }
        }
      }
    } catch (error) {
      // Offline for a moment: try again at the next turn.
    }
    window.setTimeout(check, every);
  };
  window.setTimeout(check, every);
}
