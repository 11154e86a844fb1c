import { createSignal, onCleanup, type Accessor } from "solid-js";

/** A clock signal that ticks every `intervalMs`; the timer is released with the owner. */
export function createNow(intervalMs: number): Accessor<number> {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), intervalMs);
  onCleanup(() => clearInterval(timer));
  return now;
}

/** True while the page is visible (Page Visibility API); follows visibilitychange. */
export function createPageVisible(): Accessor<boolean> {
  const read = () => typeof document === "undefined" || document.visibilityState !== "hidden";
  const [visible, setVisible] = createSignal(read());
  const onChange = () => setVisible(read());
  document.addEventListener("visibilitychange", onChange);
  onCleanup(() => document.removeEventListener("visibilitychange", onChange));
  return visible;
}
