/**
 * Flow control for a relayed WebSocket: a shell that floods output (`yes`) to a page that reads
 * slowly (a phone on a weak link) must not pile up in the hub. Each message is passed on, and when
 * the receiving socket holds more than HIGH_WATER unsent bytes the sending socket is paused (it
 * stops reading its TCP socket, so the flood waits in OpenCode and the kernel instead); it resumes
 * once the receiver has written its backlog down to LOW_WATER. The hub then holds at most
 * HIGH_WATER plus what was already read when it paused (one socket read of frames).
 */
import WebSocket, { type RawData } from "ws";

/** Unsent bytes on the receiving socket at which the sender is paused. */
export const HIGH_WATER = 1 << 20;
/** Unsent bytes at or below which a paused sender resumes. */
export const LOW_WATER = 256 << 10;

/** What the flow control reads and drives of a socket (ws's WebSocket). */
export type FlowSocket = Pick<WebSocket, "send" | "bufferedAmount" | "readyState" | "pause" | "resume" | "isPaused">;

/** Sends `data` from `from` on to `to`, pausing `from` while `to` holds too much. */
export function forward(from: FlowSocket, to: FlowSocket, data: RawData, binary: boolean): void {
  if (to.readyState !== WebSocket.OPEN) return;
  // The callback runs once this message reached the kernel (or failed: the close handlers clean up).
  to.send(data, { binary }, () => {
    if (from.isPaused && to.bufferedAmount <= LOW_WATER) from.resume();
  });
  if (to.bufferedAmount > HIGH_WATER && !from.isPaused) from.pause();
}
