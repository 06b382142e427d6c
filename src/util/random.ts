/**
 * Randomness through one injected object, like the clock: identifiers (branches, tags, Call-IDs,
 * cnonces), jitter, SSRC and RTP start values. Tests pass a SeededRandom to get the same values
 * every run; the program uses SystemRandom (crypto-strong, drawn from a pooled buffer).
 */
import { randomFillSync } from 'crypto';

/** A source of random values. */
export interface Random {
  /** A float in [0, 1). */
  float(): number;
  /** `n` random bytes as 2n lowercase hex digits. */
  hex(n: number): string;
  /** A random unsigned 32-bit integer. */
  uint32(): number;
  /** `n` random bytes (a fresh buffer). */
  bytes(n: number): Buffer;
}

const POOL_BYTES = 4096;

/**
 * Cryptographic randomness, refilled one 4 KiB block at a time (one syscall per ~200 ids). `fill`
 * writes a block: the system's generator, or for a bench that counts instructions a seeded one,
 * so that the ids are read from the pool as the program reads them.
 */
export class SystemRandom implements Random {
  private readonly pool = Buffer.alloc(POOL_BYTES);
  private used = POOL_BYTES;

  constructor(private readonly fill: (block: Buffer) => void = randomFillSync) {}

  /** Where `n` fresh bytes start in the pool (refilled when fewer are left); for n <= POOL_BYTES. */
  private reserve(n: number): number {
    if (this.used + n > POOL_BYTES) {
      this.fill(this.pool);
      this.used = 0;
    }
    const at = this.used;
    this.used += n;
    return at;
  }

  private take(n: number): Buffer {
    if (n > POOL_BYTES) {
      const big = Buffer.alloc(n);
      this.fill(big);
      return big;
    }
    const at = this.reserve(n);
    return this.pool.subarray(at, at + n);
  }

  float(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  /** Hex straight from the pool: no view object per id (three ids per REGISTER). */
  hex(n: number): string {
    if (n > POOL_BYTES) return this.take(n).toString('hex');
    const at = this.reserve(n);
    return this.pool.toString('hex', at, at + n);
  }

  uint32(): number {
    return this.pool.readUInt32BE(this.reserve(4));
  }

  bytes(n: number): Buffer {
    return Buffer.from(this.take(n));
  }
}

/** One process-wide system source for code that is not handed one. */
export const systemRandom: Random = new SystemRandom();

/** A repeatable source for tests (mulberry32): the same seed gives the same values. */
export class SeededRandom implements Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  float(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  hex(n: number): string {
    let out = '';
    while (out.length < 2 * n) out += this.uint32().toString(16).padStart(8, '0');
    return out.slice(0, 2 * n);
  }

  bytes(n: number): Buffer {
    return Buffer.from(this.hex(n), 'hex');
  }
}
