/* A countdown drawn from a snapshot: the seconds left when it came, counted on by this screen's clock. */

/** mm:ss, or h:mm:ss past an hour. */
export function clock(seconds) {
  const s = Math.max(0, seconds);
  const parts = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const two = (n) => String(n).padStart(2, "0");
  return parts[0] ? `${parts[0]}:${two(parts[1])}:${two(parts[2])}` : `${two(parts[1])}:${two(parts[2])}`;
}

/** What the timer shows now: the seconds left count down only while it runs. */
export function timeLeft(timer, startedAt) {
  if (!timer) return 0;
  const gone = timer.running ? Math.floor((Date.now() - startedAt) / 1000) : 0;
  return Math.max(0, timer.remaining_seconds - gone);
}
