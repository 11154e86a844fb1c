/** Pure: a peer machine's state as the page shows it (the same data-connection words as instance tabs). */
import type { Machine } from "../../api/hub-types";

/** `data-connection` of a machine's head and row. */
export function machineConnection(status: Machine["status"]): "connected" | "connecting" | "offline" | "signed-out" {
  return status;
}

/** The status dot's kind (the instance tabs' colours; signed out is an error the user must act on). */
export function machineDot(status: Machine["status"]): "connected" | "connecting" | "offline" | "error" {
  return status === "signed-out" ? "error" : status;
}

/** The words shown next to a machine's name. */
export function machineWords(machine: Machine): string {
  switch (machine.status) {
    case "connected":
      return "connected";
    case "connecting":
      return "connecting…";
    case "offline":
      return "offline, retrying";
    case "signed-out":
      return "signed out, pair again";
  }
}
