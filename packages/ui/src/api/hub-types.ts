// The hub's API shapes live with the hub; the UI imports them type-only so the contract has one source.
export type * from "../../../server/src/discovery/types.ts";
