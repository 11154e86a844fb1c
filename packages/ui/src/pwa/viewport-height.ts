/**
 * Keeps `--app-height` on <html> equal to the visual viewport's height, so the composer and the
 * permission buttons stay above an on-screen keyboard in browsers that ignore
 * `interactive-widget=resizes-content` (Safari). Event-driven: nothing runs while nothing resizes.
 * Returns its cleanup.
 */
export function makeViewportHeight(
  target: HTMLElement = document.documentElement,
  viewport: VisualViewport | null = window.visualViewport,
): () => void {
  if (!viewport) return () => {};
  let frame = 0;
  const apply = () => {
    frame = 0;
    target.style.setProperty("--app-height", `${Math.round(viewport.height)}px`);
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(apply);
  };
  apply();
  viewport.addEventListener("resize", schedule);
  return () => {
    viewport.removeEventListener("resize", schedule);
    if (frame !== 0) cancelAnimationFrame(frame);
    target.style.removeProperty("--app-height");
  };
}
