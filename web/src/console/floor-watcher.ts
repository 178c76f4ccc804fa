import { AbortedError, describeError, type FloorView } from '../api.ts';
import { withListedNames } from '../customer-names.ts';
import { singleFlight } from '../single-flight.ts';
import { Store } from '../store.ts';
import type { ConsoleContext } from './console-context.ts';

/**
 * While the floor view is on screen, it is read again this often (agents' statuses and presence
 * change without a frame), and at most once in this gap however many `floor.changed` frames come.
 */
export const floorPollMs = 15_000;
export const floorFrameGapMs = 1_000;

export interface FloorState {
  floor?: FloorView;
  /** The console's clock when the floor was read: its figures count on from there. */
  receivedAt?: number;
  loading: boolean;
  error?: string;
}

/**
 * The supervisors' floor view (现场): read from `GET /api/floor` when it is shown, again when the
 * server says the floor changed (`floor.changed`, debounced) and periodically, never while hidden.
 * Customers' remark names go to the console's names, so the floor names them as everywhere else.
 */
export class FloorWatcher {
  readonly store = new Store<FloorState>({ loading: false });
  private shown = false;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private frameTimer: ReturnType<typeof setTimeout> | undefined;
  private lastReadAt = Number.NEGATIVE_INFINITY;
  /** At most one read at a time. */
  readonly refresh = singleFlight(() => this.load());

  constructor(private readonly context: ConsoleContext) {}

  show(): void {
    this.shown = true;
    void this.refresh();
    clearInterval(this.pollTimer);
    this.pollTimer = setInterval(() => void this.refresh(), floorPollMs);
  }

  hide(): void {
    this.shown = false;
    clearInterval(this.pollTimer);
    clearTimeout(this.frameTimer);
    this.pollTimer = undefined;
    this.frameTimer = undefined;
  }

  /** The server says the floor changed: read it again, at most once in `floorFrameGapMs`. */
  changed(): void {
    if (!this.shown || this.frameTimer !== undefined) return;
    const wait = Math.max(0, this.lastReadAt + floorFrameGapMs - this.context.now());
    this.frameTimer = setTimeout(() => {
      this.frameTimer = undefined;
      void this.refresh();
    }, wait);
  }

  private async load(): Promise<void> {
    const { api, now, store: consoleStore, stopped } = this.context;
    this.lastReadAt = now();
    this.store.update((state) => ({ ...state, loading: true }));
    try {
      const { floor, customers } = await api.floor();
      if (stopped()) return;
      const listed = floor.conversations;
      consoleStore.update((state) => ({
        ...state,
        customerNames: withListedNames(state.customerNames, listed, customers),
      }));
      this.store.update(() => ({ floor, receivedAt: now(), loading: false }));
    } catch (error) {
      if (error instanceof AbortedError || stopped()) return;
      this.store.update((state) => ({ ...state, loading: false, error: describeError(error) }));
    }
  }
}
