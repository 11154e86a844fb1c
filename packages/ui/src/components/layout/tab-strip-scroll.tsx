/**
 * A tablist that scrolls sideways without a scrollbar: when tabs overflow, ‹ and › buttons at the
 * ends scroll it (the keyboard's arrow keys already bring the focused tab into view; on touch
 * screens a swipe does). The buttons show only when there is more to see on their side.
 */
import { Show, createSignal, onCleanup, onMount, type JSX } from "solid-js";
import "./tab-strip-scroll.css";

/** Wraps one `role="tablist"` element; `label` names it in the buttons' titles ("instance tabs"). */
export function TabStripScroll(props: { label: string; class?: string; children: JSX.Element }): JSX.Element {
  let box!: HTMLDivElement;
  const [more, setMore] = createSignal({ left: false, right: false }, { equals: (a, b) => a.left === b.left && a.right === b.right });
  const list = (): HTMLElement | null => box.querySelector<HTMLElement>('[role="tablist"]');
  let frame = 0;
  /**
   * Once per frame at most: reading the strip's widths forces a layout, and a tab's text changes
   * (counts, countdowns, statuses) many times while a page opens; each used to force one.
   */
  const measure = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const l = list();
      if (!l) return;
      setMore({ left: l.scrollLeft > 1, right: l.scrollLeft + l.clientWidth < l.scrollWidth - 1 });
    });
  };
  onCleanup(() => cancelAnimationFrame(frame));
  onMount(() => {
    const l = list();
    if (!l) return;
    l.addEventListener("scroll", measure, { passive: true });
    // Size changes (window, sidebar) and tabs coming and going both change what overflows.
    const resize = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(measure);
    resize?.observe(l);
    const children = new MutationObserver(measure);
    children.observe(l, { childList: true, subtree: true, characterData: true });
    measure();
    onCleanup(() => {
      l.removeEventListener("scroll", measure);
      resize?.disconnect();
      children.disconnect();
    });
  });
  const scroll = (direction: -1 | 1) => {
    const l = list();
    l?.scrollBy({ left: direction * Math.max(120, l.clientWidth * 0.8), behavior: "smooth" });
  };
  // Mouse helpers only: hidden from assistive tech and the Tab order (the tablist's keys reach every tab).
  return (
    <div class={`tab-strip ${props.class ?? ""}`} ref={box}>
      <Show when={more().left}>
        <ScrollButton direction="left" label={props.label} onClick={() => scroll(-1)} />
      </Show>
      {props.children}
      <Show when={more().right}>
        <ScrollButton direction="right" label={props.label} onClick={() => scroll(1)} />
      </Show>
    </div>
  );
}

/** One of the two ‹ › buttons. */
function ScrollButton(props: { direction: "left" | "right"; label: string; onClick: () => void }): JSX.Element {
  return (
    <button
      type="button"
      class="tab-scroll"
      data-direction={props.direction}
      aria-hidden="true"
      tabindex="-1"
      title={`More ${props.label}`}
      onClick={() => props.onClick()}
    >
      {props.direction === "left" ? "‹" : "›"}
    </button>
  );
}
