/** Raw 2.1.2 shapes for the v2 adapter's tests (measured, trimmed). */
export const v2Fixture = {
  session: (id: string, directory = "/w/p", time: Record<string, number> = {}) => ({
    id,
    projectID: "p1",
    cost: 0,
    tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
    time: { created: 1, updated: 2, ...time },
    title: `t ${id}`,
    location: { directory },
  }),
};
