/**
 * The field at the top of a list dialog (the command palette, Search): it keeps the keyboard while
 * arrow keys walk the list under it (`aria-activedescendant` names the option they reached), so
 * both dialogs type, look and announce alike.
 */
import type { JSX } from "solid-js";
import "./list-dialog-field.css";

/** Props of {@link ListDialogField}. */
export interface ListDialogFieldProps {
  /** combobox: the palette (its list is always open); searchbox: Search. */
  role: "combobox" | "searchbox";
  label: string;
  /** The id of the list the field walks. */
  controls: string;
  /** The id of the option arrow keys reached, if any. */
  activeId: string | undefined;
  placeholder: string;
  value: string;
  onInput: (value: string) => void;
  onKeyDown: (event: KeyboardEvent) => void;
  ref?: HTMLInputElement | ((el: HTMLInputElement) => void);
}

/** Renders the field. */
export function ListDialogField(props: ListDialogFieldProps): JSX.Element {
  return (
    <input
      ref={props.ref}
      class="list-dialog-field"
      type={props.role === "searchbox" ? "search" : "text"}
      role={props.role}
      aria-label={props.label}
      aria-expanded={props.role === "combobox" ? "true" : undefined}
      aria-controls={props.controls}
      aria-activedescendant={props.activeId}
      placeholder={props.placeholder}
      value={props.value}
      onInput={(e) => props.onInput(e.currentTarget.value)}
      onKeyDown={(e) => props.onKeyDown(e)}
    />
  );
}
