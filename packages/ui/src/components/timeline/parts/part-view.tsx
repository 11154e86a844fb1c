/** Dispatches one part to its renderer; every part element carries data-part-id/-type. */
import { Match, Switch } from "solid-js";
import type { Part } from "../../../store/types";
import { TextPartView } from "./text-part";
import { ReasoningPartView } from "./reasoning-part";
import { ToolPartView } from "./tool-part";
import {
  AgentPartView,
  CompactionPartView,
  FilePartView,
  PatchPartView,
  RetryPartView,
  SnapshotPartView,
  StepFinishView,
  SubtaskPartView,
  UnsupportedPartView,
} from "./small-parts";

type PartOf<T extends Part["type"]> = Extract<Part, { type: T }>;

/** The part, narrowed to type `t`, or false (for <Match when>). */
function as<T extends Part["type"]>(part: Part, t: T): PartOf<T> | false {
  return part.type === t ? (part as PartOf<T>) : false;
}

/** Props of {@link PartView}. */
export interface PartViewProps {
  part: Part;
  role: "user" | "assistant";
  /** True while this part's message is still being written. */
  live: boolean;
}

/** Renders one part of a message. */
export function PartView(props: PartViewProps) {
  // The store may hold part types newer than our SDK types: read the tag as a plain string.
  const type = (): string => (props.part as { type: string }).type;
  return (
    <div class="sv-part" data-part-id={props.part.id} data-part-type={type()} hidden={type() === "step-start"}>
      <Switch fallback={<UnsupportedPartView type={type()} />}>
        <Match when={type() === "step-start"}>{null}</Match>
        <Match when={as(props.part, "text")}>
          {(p) => <TextPartView part={p()} role={props.role} live={props.live && p().time?.end === undefined} />}
        </Match>
        <Match when={as(props.part, "reasoning")}>{(p) => <ReasoningPartView part={p()} />}</Match>
        <Match when={as(props.part, "tool")}>{(p) => <ToolPartView part={p()} />}</Match>
        <Match when={as(props.part, "file")}>{(p) => <FilePartView part={p()} />}</Match>
        <Match when={as(props.part, "step-finish")}>{(p) => <StepFinishView part={p()} />}</Match>
        <Match when={as(props.part, "patch")}>{(p) => <PatchPartView part={p()} />}</Match>
        <Match when={as(props.part, "agent")}>{(p) => <AgentPartView part={p()} />}</Match>
        <Match when={as(props.part, "subtask")}>{(p) => <SubtaskPartView part={p()} />}</Match>
        <Match when={as(props.part, "retry")}>{(p) => <RetryPartView part={p()} />}</Match>
        <Match when={as(props.part, "compaction")}>{(p) => <CompactionPartView part={p()} />}</Match>
        <Match when={as(props.part, "snapshot")}>{(p) => <SnapshotPartView part={p()} />}</Match>
      </Switch>
    </div>
  );
}
