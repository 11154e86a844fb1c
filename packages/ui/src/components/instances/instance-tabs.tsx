import { createEffect, createMemo, createSignal, For, Show, type JSX } from "solid-js";
import type { InstanceEntry } from "../../store/types";
import { attentionCount } from "../sessions/store-adapter";
import { AuthForm } from "./auth-form";
import { allConnection, allSummary, connectionWords, instanceName, instanceTitle, orderedInstances } from "./connection-summary";
import { InstanceTab } from "./instance-tab";
import { instanceHues } from "./instance-colour";
import { TabStripScroll } from "../layout/tab-strip-scroll";
import { MachineHead } from "../machines/machine-head";
import { groupByMachine, groupedOrder } from "./machine-groups";
import { machineSelection } from "../../store/instance-route";
import { useWorkspace } from "../workspace-services";

/**
 * The "Instances" tablist: an All tab plus one tab per instance, with the unlock form for password
 * servers. Other machines' instances follow this machine's, grouped under their machine's head.
 */
export function InstanceTabs(props: {
  /** "all", an instance id, or a machine's tab (`machine:<id>`). */
  selected: string;
  onSelect: (id: string) => void;
}): JSX.Element {
  const { state } = useWorkspace();
  const [unlocking, setUnlocking] = createSignal<string | null>(null);
  const groups = createMemo(() => groupByMachine(orderedInstances(state), state.machines));
  /** In the order the tabs show them (arrow keys follow it). */
  const instances = createMemo(() => groupedOrder(groups()));
  const hues = createMemo(() => instanceHues(instances()));
  /** Peer machines by id: a string key keeps each group's tabs mounted while the documents change. */
  const machineIds = createMemo(() => groups().flatMap((g) => (g.machine ? [g.machine.id] : [])));
  /** Every tab in strip order (arrow keys follow it): a machine's head before its instances. */
  const ids = createMemo(() => [
    "all",
    ...groups().flatMap((g) => [...(g.machine ? [machineSelection(g.machine.id)] : []), ...g.entries.map((entry) => entry.info.id)]),
  ]);
  const selectedId = createMemo(() => (ids().includes(props.selected) ? props.selected : "all"));
  const tabs = new Map<string, HTMLButtonElement>();
  const summary = createMemo(() => allSummary(state));

  // With many instances the bar scrolls sideways: bring the selected tab into view when the
  // selection changes, when it first appears (a deep link selects it before the hub lists it),
  // and when its state changes (the tab widens with a countdown that would be cut off).
  let revealed: string | null = null;
  createEffect(() => {
    const id = selectedId();
    instances();
    const connection = state.instances[id]?.connection.state ?? "all";
    const tab = tabs.get(id);
    const key = `${id} ${connection}`;
    if (!tab || revealed === key) return;
    revealed = key;
    tab.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  });

  const select = (id: string) => {
    props.onSelect(id);
    setUnlocking(state.instances[id]?.connection.state === "auth-required" ? id : null);
  };

  // WAI-ARIA tabs: arrows move and select (automatic activation), Home/End jump.
  const onKeyDown = (event: KeyboardEvent) => {
    const list = ids();
    const index = list.indexOf(selectedId());
    let next: number | null = null;
    if (event.key === "ArrowRight") next = (index + 1) % list.length;
    else if (event.key === "ArrowLeft") next = (index - 1 + list.length) % list.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = list.length - 1;
    if (next === null) return;
    const id = list[next];
    if (id === undefined) return;
    event.preventDefault();
    props.onSelect(id);
    tabs.get(id)?.focus();
  };

  // Anchor the form under its tab (tabs scroll horizontally, so measure when it opens).
  const popoverLeft = createMemo(() => {
    const tab = tabs.get(unlocking() ?? "");
    return tab ? Math.max(0, tab.offsetLeft - (tab.parentElement?.scrollLeft ?? 0)) : 0;
  });
  const unlockingName = createMemo(() => {
    const entry = state.instances[unlocking() ?? ""];
    return entry ? instanceName(entry, instances()) : "";
  });

  const tabOf = (entry: InstanceEntry): JSX.Element => (
    <InstanceTab
      ref={(element) => tabs.set(entry.info.id, element)}
      id={entry.info.id}
      name={instanceName(entry, instances())}
      title={instanceTitle(entry)}
      words={connectionWords(entry)}
      connection={entry.connection.state}
      attempt={entry.connection.attempt}
      nextRetryAt={entry.connection.nextRetryAt}
      attention={attentionCount(state, entry.info.id)}
      selected={selectedId() === entry.info.id}
      focusable={selectedId() === entry.info.id}
      onSelect={() => select(entry.info.id)}
      kind={entry.info.kind}
      version={entry.info.version}
      hue={hues().get(entry.info.id)}
      machine={entry.info.machine?.name}
      managed={entry.info.managed === true}
    />
  );

  return (
    <div class="instance-bar">
      <TabStripScroll label="instance tabs">
        <div class="instance-tabs" role="tablist" aria-label="Instances" onKeyDown={onKeyDown}>
          <InstanceTab
            ref={(element) => tabs.set("all", element)}
            id="all"
            name="All"
            title={`Every session of every instance: ${summary().words}`}
            words={summary().words}
            connection={allConnection(state)}
            summary={summary()}
            attempt={0}
            nextRetryAt={null}
            attention={attentionCount(state, null)}
            selected={selectedId() === "all"}
            focusable={selectedId() === "all"}
            onSelect={() => select("all")}
          />
          <For each={groups()[0]?.entries ?? []}>{tabOf}</For>
          <For each={machineIds()}>
            {(id) => {
              const group = createMemo(() => groups().find((g) => g.machine?.id === id));
              return (
                <Show when={group()?.machine}>
                  {(machine) => (
                    <div class="machine-group" role="none" data-machine-group={id}>
                      <MachineHead
                        ref={(element) => tabs.set(machineSelection(id), element)}
                        machine={machine()}
                        selected={selectedId() === machineSelection(id)}
                        focusable={selectedId() === machineSelection(id)}
                        onSelect={() => select(machineSelection(id))}
                      />
                      <For each={group()?.entries ?? []}>{tabOf}</For>
                    </div>
                  )}
                </Show>
              );
            }}
          </For>
        </div>
      </TabStripScroll>
      <Show when={unlocking() !== null && state.instances[unlocking() ?? ""]?.connection.state === "auth-required"}>
        <div class="popover" style={{ left: `${popoverLeft()}px` }}>
          <AuthForm
            instanceId={unlocking() ?? ""}
            name={unlockingName()}
            onDone={() => setUnlocking(null)}
            onCancel={() => {
              const id = unlocking();
              setUnlocking(null);
              if (id) tabs.get(id)?.focus();
            }}
          />
        </div>
      </Show>
    </div>
  );
}
