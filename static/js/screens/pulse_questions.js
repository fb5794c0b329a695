// The pulse's questions page. Send works once: a second tap would reach the server with a code the
// first tap has just used, and the "already used" answer would make the person think their answers
// were lost. When the page comes back with something to fix, focus moves to the list of what to fix.
const form = document.getElementById("pulse-answers-form");
const send = document.getElementById("pulse-send");
if (form && send) {
  form.addEventListener("submit", (event) => {
    if (send.disabled) {
      event.preventDefault();
      return;
    }
    send.disabled = true;
  });
  // Back from the thank-you page may restore this page as it was left: with Send disabled.
  window.addEventListener("pageshow", () => {
    send.disabled = false;
  });
}
document.getElementById("answers-problem")?.focus();
