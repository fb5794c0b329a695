// A QR slip opens /pulse#CODE: the code after "#" never reaches the server. Move it into the form
// and out of the address bar, so the browser's history keeps no used code either.
const form = document.getElementById("pulse-code-form");
const input = document.getElementById("code");
const fromLink = decodeURIComponent(window.location.hash.slice(1)).trim();
if (form && input && fromLink) {
  input.value = fromLink;
  window.history.replaceState(null, "", window.location.pathname);
  form.querySelector("button[type=submit]")?.focus();
}
