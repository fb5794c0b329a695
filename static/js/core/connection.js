/* One screen's Socket.IO connection: a calm status line that says whether the screen is live,
   reconnecting or refused, every workshop_state snapshot handed over ready to draw, and commands
   that always resolve to one answer shape. Uses the client library vendored under static/vendor,
   loaded by the page before this module runs (window.io). */

import { byId, setText } from "./dom.js";
import { t } from "./text.js";
import { normalize } from "./snapshot.js";

const ACK_TIMEOUT_MS = 10000;

/**
 * Connects one screen. `onState(snapshot)` gets every workshop_state; `onConnection(kind)` gets
 * "connecting" | "connected" | "reconnecting" | "closed" | "refused" and, when refused, the
 * server's {code, message}. `events` maps other server events to handlers.
 */
export function connect({ screen, workshopId, secret, onState, onConnection = () => {}, events = {} }) {
  const status = byId("connection-status");
  const auth = { screen, workshop_id: workshopId };
  if (secret) auth.secret = secret;
  // tryAllTransports: without it a blocked WebSocket would never fall back to long-polling.
  const socket = window.io({ auth, transports: ["websocket", "polling"], tryAllTransports: true });

  function report(kind, text, refusal = null) {
    status.className = `connection-status is-${kind}`;
    setText(status, text);
    onConnection(kind, refusal);
  }

  report("connecting", t("live.status.connecting"));
  socket.on("connect", () => report("connected", t("live.status.connected")));
  socket.on("disconnect", (reason) => {
    // The server hung up on purpose (e.g. the workshop ended): Socket.IO does not retry that.
    if (reason === "io server disconnect") report("closed", t("live.status.closed"));
    else report("reconnecting", t("live.status.reconnecting"));
  });
  socket.on("connect_error", (err) => {
    // `active` is false only when the server refused us; a network failure is retried by itself.
    if (socket.active) { report("reconnecting", t("live.status.reconnecting")); return; }
    // The protocol puts {code, message} in err.data; a bare err.message is shown only when it is
    // plain words (a server that stringified a dict would otherwise show "{'code': ...}").
    const data = err?.data && typeof err.data === "object" ? err.data : {};
    const plain = typeof err?.message === "string" && !/^[[{]/.test(err.message) ? err.message : "";
    const message = data.message || plain || t("live.error.generic");
    report("refused", t("live.status.refused", { message }), { code: data.code || "", message });
  });
  socket.on("workshop_state", (snapshot) => onState(normalize(snapshot)));
  for (const [name, handler] of Object.entries(events)) socket.on(name, handler);
  return socket;
}

/** Sends a command and resolves with its ack, always in the one shape {ok, error: {code, message}}. */
export function command(socket, name, payload = {}) {
  if (!socket.connected) {
    return Promise.resolve({ ok: false, error: { code: "offline", message: t("live.error.offline") } });
  }
  return new Promise((resolve) => {
    socket.timeout(ACK_TIMEOUT_MS).emit(name, payload, (err, ack) => {
      if (err) resolve({ ok: false, error: { code: "timeout", message: t("live.error.timeout") } });
      else if (ack?.ok) resolve(ack);
      else resolve({ ok: false, error: { code: ack?.error?.code || "unknown",
                                         message: ack?.error?.message || t("live.error.generic") } });
    });
  });
}

/** A fresh random UUID: randomUUID needs a secure context, a workshop on a LAN may be plain http. */
export function randomId() {
  if (window.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
