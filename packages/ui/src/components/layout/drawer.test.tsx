import { fireEvent, render, screen } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { createDrawer, DrawerBackdrop, DrawerToggle, type Drawer } from "./drawer";

function mount(): { drawer: Drawer; container: HTMLElement } {
  let drawer!: Drawer;
  const { container } = render(() => {
    drawer = createDrawer();
    return (
      <div>
        <DrawerToggle drawer={drawer} controls="sidebar" />
        <DrawerBackdrop drawer={drawer} />
      </div>
    );
  });
  return { drawer, container };
}

describe("drawer", () => {
  it("opens and closes with the Sessions button, which says so in aria-expanded", () => {
    const { drawer } = mount();
    const button = screen.getByRole("button", { name: "Sessions" });
    expect(button.getAttribute("aria-controls")).toBe("sidebar");
    expect(button.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(button);
    expect(drawer.open()).toBe(true);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    fireEvent.click(button);
    expect(drawer.open()).toBe(false);
  });

  it("closes on Escape and on a tap on the backdrop", () => {
    const { drawer, container } = mount();
    drawer.toggle();
    fireEvent.keyDown(document, { key: "Escape" });
    expect(drawer.open()).toBe(false);
    drawer.toggle();
    fireEvent.click(container.querySelector(".drawer-backdrop") as Element);
    expect(drawer.open()).toBe(false);
  });
});
