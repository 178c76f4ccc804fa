/**
 * Wraps a read so that it never runs twice at once: asked while running, it runs once more right
 * after, and every ask in between shares that one run. A burst of frames costs two reads, not twenty,
 * and the last read always starts after the last ask. `task` handles its own failures.
 */
export function singleFlight(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const run = (): Promise<void> => {
    running = task().finally(() => {
      running = undefined;
    });
    return running;
  };
  return () => {
    if (!running) return run();
    const after = () => {
      next = undefined;
      return run();
    };
    next ??= running.then(after, after);
    return next;
  };
}
