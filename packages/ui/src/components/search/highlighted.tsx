/** A snippet as text nodes with the matched words in <mark>: never HTML, whatever the text says. */
import { For, type JSX } from "solid-js";
import { snippetPieces } from "./search-model";

/** Renders `snippet` with `matches` marked. */
export function Highlighted(props: { snippet: string; matches: ReadonlyArray<readonly [number, number]> }): JSX.Element {
  return <For each={snippetPieces(props.snippet, props.matches)}>{(piece) => (piece.marked ? <mark>{piece.text}</mark> : piece.text)}</For>;
}
