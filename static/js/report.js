// The report's print button: printing is also where the browser offers "Save as PDF".
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-report");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
