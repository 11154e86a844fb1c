/**
 * The sidebar's virtualizer (@tanstack/solid-virtual, headless, so the list keeps its own markup:
 * sections per directory with sticky headers). Items have variable heights (headers, rows with or
 * without pills, phone sizes): each rendered one is measured, the rest estimated.
 */
import { createVirtualizer, defaultRangeExtractor, observeElementRect, type Range, type VirtualItem } from "@tanstack/solid-virtual";
import { createEffect, type Accessor } from "solid-js";
import { GROUP_GAP, type ListItem, type ListItems } from "./list-model";

/**
 * Up to this many items everything is rendered (a few thousand nodes, painted in a few ms): the
 * browser's find-in-page and tests that look rows up by their hooks see the whole list. Above it,
 * only what is on screen.
 */
export const RENDER_ALL_UP_TO = 300;
/** Items rendered beyond each edge of the viewport, so a fast scroll or Tab finds rows ready. */
const OVERSCAN = 8;
/** Estimates before measuring (desktop sizes; the phone's taller rows correct themselves as they render). */
const ROW_ESTIMATE = 30;
const HEAD_ESTIMATE = 26;
/** Room a row scrolled to by `scrollToIndex` keeps for the sticky header above it. */
const HEADER_ROOM = 30;

/** The virtualizer as the list uses it. */
export interface ListVirtualizer {
  items: Accessor<VirtualItem[]>;
  totalSize: Accessor<number>;
  /** Ref of every item element (reads its `data-index`). */
  measure: (element: HTMLElement) => void;
}

function estimate(item: ListItem | undefined, first: boolean): number {
  if (item?.kind === "head") return HEAD_ESTIMATE + (first ? 0 : GROUP_GAP);
  return ROW_ESTIMATE;
}

/** The rendered indexes: the viewport's (or all of a short list), plus the header of every group shown. */
export function rangeWithHeads(range: Range, headIndex: readonly number[]): number[] {
  const indexes = range.count <= RENDER_ALL_UP_TO ? Array.from({ length: range.count }, (_, i) => i) : defaultRangeExtractor(range);
  const heads = new Set<number>();
  for (const i of indexes) {
    const head = headIndex[i];
    if (head !== undefined) heads.add(head);
  }
  for (const i of indexes) heads.delete(i);
  return heads.size === 0 ? indexes : [...heads, ...indexes].sort((a, b) => a - b);
}

/**
 * The virtualizer over `model`, inside `scrollElement`. When the open session changes (a click, the
 * palette, search, a deep link), its row is scrolled into view once it is listed.
 */
export function createListVirtualizer(options: {
  model: Accessor<ListItems>;
  scrollElement: () => HTMLElement | undefined;
  activeSessionId: Accessor<string | null>;
}): ListVirtualizer {
  const virtualizer = createVirtualizer<HTMLElement, HTMLElement>({
    get count() {
      return options.model().items.length;
    },
    getScrollElement: () => options.scrollElement() ?? null,
    // A list with no height yet (not laid out; jsdom never lays out) renders as if it filled the
    // window: zero would render nothing at all.
    observeElementRect: (instance, report) =>
      observeElementRect(instance, (rect) => report(rect.height > 0 ? rect : { width: rect.width, height: window.innerHeight })),
    // A new function per list, so the virtualizer re-keys its measurements when the list changes.
    get getItemKey() {
      const { items } = options.model();
      return (index: number) => items[index]?.key ?? index;
    },
    get estimateSize() {
      const { items } = options.model();
      return (index: number) => estimate(items[index], index === 0);
    },
    get rangeExtractor() {
      const { headIndex } = options.model();
      return (range: Range) => rangeWithHeads(range, headIndex);
    },
    overscan: OVERSCAN,
    scrollPaddingStart: HEADER_ROOM,
    // A header's size includes the gap above its group (`data-gap`), which its section pads.
    measureElement: (element, entry) => {
      const box = entry?.borderBoxSize[0];
      const size = box ? box.blockSize : element.getBoundingClientRect().height;
      return Math.round(size) + Number(element.getAttribute("data-gap") ?? 0);
    },
  });

  let revealed: string | null = null;
  createEffect(() => {
    const id = options.activeSessionId();
    if (id === revealed) return;
    if (id === null) {
      revealed = null;
      return;
    }
    const at = options.model().items.findIndex((item) => item.kind === "row" && item.id === id);
    if (at < 0) return;
    revealed = id;
    virtualizer.scrollToIndex(at, { align: "auto" });
  });

  return {
    items: () => virtualizer.getVirtualItems(),
    totalSize: () => virtualizer.getTotalSize(),
    // A ref runs before Solid sets the element's attributes, and the virtualizer reads `data-index`
    // to know what it measures (without it, it skips the element: no measuring, no ResizeObserver).
    measure: (element) => queueMicrotask(() => virtualizer.measureElement(element)),
  };
}
