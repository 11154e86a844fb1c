/**
 * "Revert to here" on a user message: a dialog lists the turns that will be undone and the files
 * they changed (each turn's diff from the owner), then reverts through the session actions (1.x
 * `POST /session/{id}/revert`, 2.x `POST /api/session/{id}/revert/stage`). Redo brings it back.
 */
import { createResource, For, Show, type JSX } from "solid-js";
import type { Message, Part, SessionEntry } from "../../../store/types";
import type { SessionActions } from "../../../stream/session-actions";
import { createAsyncAction } from "../../common/create-async-action";
import { ErrorText } from "../../common/error-text";
import { Modal } from "../../common/modal";
import { filesOf, turnsFrom } from "./revert-plan";
import "../workbench.css";

/** Props of {@link RevertDialog}. */
export interface RevertDialogProps {
  message: Message;
  session: SessionEntry | undefined;
  messages: readonly Message[];
  parts: Readonly<Record<string, readonly Part[]>>;
  actions: SessionActions;
  onDone: (words: string) => void;
  onClose: () => void;
}

/**
 * The button on a user message. It only asks: the dialog belongs to the session actions host, not
 * to the row, because the timeline's rows come and go with virtualization (a resize or a scroll that
 * took the row out of view closed the dialog with it).
 */
export function RevertButton(props: { onAsk: () => void }): JSX.Element {
  return (
    <button
      type="button"
      class="sa-msg-btn"
      aria-label="Revert to here"
      title="Undo this turn and every turn after it (files too)"
      onClick={() => props.onAsk()}
    >
      Revert
    </button>
  );
}

/** The dialog: what will be undone, then the owner's revert. */
export function RevertDialog(props: RevertDialogProps): JSX.Element {
  const turns = () => turnsFrom(props.messages, props.parts, props.message.id, props.session?.info.revert?.messageID);
  const [files] = createResource(async () => filesOf(await Promise.all(turns().map((t) => props.actions.diff(t.messageId)))));
  const pending = createAsyncAction();
  const confirm = async () => {
    const ok = await pending.run(() => props.actions.revertTo(props.message.id), "revert the session");
    if (ok) {
      const n = turns().length;
      props.onDone(`Reverted ${n} ${n === 1 ? "turn" : "turns"} — Redo brings ${n === 1 ? "it" : "them"} back.`);
      props.onClose();
    }
  };
  return (
    <Modal label="Revert to here" onCancel={props.onClose}>
      <h2 class="sa-dialog-title">Revert to before this prompt?</h2>
      <p class="sa-dialog-text">
        {turns().length === 1 ? "This turn is" : `These ${turns().length} turns are`} undone, and the files {turns().length === 1 ? "it" : "they"}{" "}
        changed go back to how they were.
      </p>
      <h3 class="wb-sub">Turns</h3>
      <ol class="wb-list" aria-label="Turns to undo">
        <For each={turns()}>{(t) => <li>{t.prompt}</li>}</For>
      </ol>
      <h3 class="wb-sub">Files</h3>
      <Show
        when={!files.error}
        fallback={
          <p class="sa-error">
            Could not list the changed files: {(files.error as Error)?.message ?? String(files.error)} (the revert still restores them).
          </p>
        }
      >
        <Show when={files()} fallback={<p class="wb-muted">Listing the changed files…</p>}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p class="wb-muted">No file changes recorded for these turns.</p>}>
              <ul class="wb-list" aria-label="Files to restore">
                <For each={list()}>{(f) => <li class="wb-name">{f}</li>}</For>
              </ul>
            </Show>
          )}
        </Show>
      </Show>
      <ErrorText message={pending.error()} class="sa-error" />
      <div class="sa-dialog-buttons">
        <button type="button" class="sv-btn" data-autofocus onClick={() => props.onClose()}>
          Cancel
        </button>
        <button type="button" class="sv-btn sv-btn-danger" disabled={pending.pending()} onClick={() => void confirm()}>
          Revert
        </button>
      </div>
    </Modal>
  );
}

/** A bar above the composer while turns are reverted: what is hidden, and Redo all. */
export function RevertedBar(props: { session: SessionEntry | undefined; messages: readonly Message[]; actions: SessionActions }): JSX.Element {
  const count = () => {
    const point = props.session?.info.revert?.messageID;
    return point ? props.messages.filter((m) => m.role === "user" && m.id >= point).length : 0;
  };
  const pending = createAsyncAction();
  return (
    <Show when={count() > 0}>
      <div class="wb-reverted" role="status">
        <span>
          {count()} {count() === 1 ? "turn is" : "turns are"} reverted.
        </span>
        <button
          type="button"
          class="sv-btn"
          disabled={pending.pending()}
          onClick={() => void pending.run(() => props.actions.restoreAll(), "bring the turns back")}
        >
          Redo all
        </button>
        <ErrorText message={pending.error()} class="sa-error" inline />
      </div>
    </Show>
  );
}
