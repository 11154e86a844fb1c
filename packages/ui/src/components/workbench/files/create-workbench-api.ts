/** The workbench API of a session's owner, bound to the session's folder when the owner serves it. */
import { createMemo, type Accessor } from "solid-js";
import { adapterFor } from "../../../adapters";
import type { WorkbenchApi } from "../../../api/workbench-api";
import { servesDirectory } from "../../../store/ownership";
import type { State } from "../../../store/types";
import { sessionOwner } from "../../session-owner";

/** The API and a key that changes when the owner or folder does (for resources), or null without an owner. */
export function createWorkbenchApi(state: State, sessionId: () => string): Accessor<{ key: string; api: WorkbenchApi } | null> {
  const api = createMemo(
    () => {
      const entry = state.sessions[sessionId()];
      const owner = sessionOwner(entry, state.instances);
      if (!entry || !owner) return null;
      const dir = entry.info.directory;
      // Never make a server open a folder it does not serve (a 1.x server would boot an instance there).
      const directory = servesDirectory(owner.info, dir) ? dir : null;
      return { key: `${owner.info.id}|${directory ?? ""}`, api: adapterFor(owner.info.protocol).workbench(owner.info, directory) };
      // Same owner and folder, same API: the store's instance records change on every event, and a new
      // API would reload the tree (folding every open folder).
    },
    null,
    { equals: (a, b) => a?.key === b?.key },
  );
  return api;
}
