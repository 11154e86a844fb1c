/** For requests OpenCode answers only when the work is done (a legacy prompt, /command, /shell). */

/**
 * Resolves when `request` succeeds or has not failed within `ms` (the server took it: a later
 * failure arrives as a session event), rejects when it fails before that. A late failure is logged.
 */
export function acceptedWithin(request: Promise<unknown>, ms: number, what: string): Promise<void> {
  request.catch((err: unknown) => console.error(`${what} ended with an error`, err));
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    request.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
