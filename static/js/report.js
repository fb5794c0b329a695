/* The report's print button: printing is also where the browser offers "Save as PDF". The button
   stays hidden without scripts, where it could not work. */

const button = document.getElementById("print-report");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
