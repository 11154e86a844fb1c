import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@solidjs/testing-library";
import userEvent from "@testing-library/user-event";
import { EventInspector } from "./event-inspector";
import { makeEventLog } from "../../stream/event-log";
import { makeInstance } from "../common/fixtures";

afterEach(cleanup);

const ev = (type: string) => ({ instanceId: "v2", directory: null, type, properties: {}, receivedAt: 1 });

describe("<EventInspector>", () => {
  it("shows each raw frame beside what it became; filters; a pause freezes the view while recording goes on", async () => {
    const log = makeEventLog();
    render(() => <EventInspector log={log} instances={{ v2: makeInstance("v2", { protocol: "v2", port: 47300 }) }} />);
    log.record("v2", '{"type":"session.text.delta","data":{"delta":"<b>hi</b>"}}', 1, [ev("message.part.delta")]);
    log.record("v2", ": heartbeat", 2, [{ kind: "heartbeat" }]);
    const rows = () => screen.queryAllByRole("listitem").map((li) => li.textContent ?? "");
    expect(rows()).toHaveLength(2);
    expect(rows()[0]).toContain(": heartbeat");
    expect(rows()[1]).toContain("message.part.delta");
    // Raw text is text: the markup in a delta is not rendered.
    expect(screen.getByText(/<b>hi<\/b>/)).toBeInTheDocument();

    await userEvent.type(screen.getByRole("searchbox", { name: "Filter events" }), "part.delta");
    expect(rows()).toHaveLength(1);
    await userEvent.clear(screen.getByRole("searchbox", { name: "Filter events" }));

    await userEvent.click(screen.getByRole("checkbox", { name: "Pause" }));
    log.record("v2", "{nope", 3, [{ kind: "malformed", reason: "not JSON" }]);
    expect(rows()).toHaveLength(2);
    await userEvent.click(screen.getByRole("checkbox", { name: "Pause" }));
    expect(rows()).toHaveLength(3);
    expect(rows()[0]).toContain("malformed (not JSON)");
  });
});
