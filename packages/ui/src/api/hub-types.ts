// The hub's API shapes are written once, as schemas, in the server package (its "./contract" export);
// the UI imports their types only, so nothing of the server reaches the bundle.
export type * from "@switchboard/server/contract";
