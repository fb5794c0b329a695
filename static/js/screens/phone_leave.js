/* "Leave the workshop" on a phone: the person stops counting among the phones in the room (the M
   of "N of M answered"), and the page says so. A phone that only locks its screen has not left;
   "Come back" (or opening the page again) connects and counts it again, never twice. */

import { command } from "../core/connection.js";
import { byId, onClick, show } from "../core/dom.js";

/** Wires the leave and come-back buttons of the phone's page; `message(text)` says a refusal. */
export function startLeaving(root, socket, message) {
  onClick(byId("leave-workshop"), async () => {
    const ack = await command(socket, "leave_workshop");
    if (!ack.ok) { message(ack.error.message); return; }
    socket.disconnect();
    root.classList.add("has-left");
    show(byId("left-view"), true);
    byId("left-view").focus();
  });
  onClick(byId("come-back"), () => {
    root.classList.remove("has-left");
    show(byId("left-view"), false);
    socket.connect();
  });
}
