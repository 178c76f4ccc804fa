/**
 * A small deterministic PRNG (mulberry32) so randomized tests are reproducible: a failure can be replayed
 * with the same seed instead of vanishing on the next run.
 */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(256)));
  }

  string(alphabet: string, length: number): string {
    const characters = Array.from(alphabet);
    return Array.from({ length }, () => this.pick(characters)).join('');
  }
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomEncodingAesKey(random: SeededRandom): string {
  return random.string(KEY_ALPHABET, 43);
}

export function randomAppId(random: SeededRandom): string {
  return `wx${random.bytes(8).toString('hex')}`;
}
