/** The `?` dialog: every keyboard shortcut, from the one table the handler uses. */
import { For, type JSX } from "solid-js";
import { Modal } from "../common/modal";
import { SHORTCUTS } from "./keymap";

/** The list of shortcuts, plus the keys of menus and the composer. */
export function ShortcutsHelp(props: { onClose: () => void }): JSX.Element {
  return (
    <Modal label="Keyboard shortcuts" onCancel={props.onClose}>
      <h2 class="sa-dialog-title">Keyboard shortcuts</h2>
      <table class="sk-table">
        <tbody>
          <For each={SHORTCUTS}>
            {(s) => (
              <tr>
                <td>{s.label}</td>
                <td>
                  <kbd class="sk-kbd">{s.keys}</kbd>
                </td>
              </tr>
            )}
          </For>
          <tr>
            <td>Session tabs: move between tabs (when the tab bar has focus)</td>
            <td>
              <kbd class="sk-kbd">← / →</kbd>
            </td>
          </tr>
          <tr>
            <td>Menus, lists and the palette: move, pick, close</td>
            <td>
              <kbd class="sk-kbd">↑ ↓ Enter Esc</kbd>
            </td>
          </tr>
        </tbody>
      </table>
      <p class="sa-dialog-text">Browser keys (Ctrl+T, Ctrl+W, Ctrl+1…9) are left to the browser.</p>
      <div class="sa-dialog-buttons">
        <button type="button" class="sv-btn" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
    </Modal>
  );
}
