/* The printable cards' print button: printing is also where the browser offers "Save as PDF". The
   button stays hidden without scripts, where it could not work; the server's PDF needs none. */

const button = document.getElementById("print-cards");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
