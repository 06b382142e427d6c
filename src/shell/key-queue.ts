/**
 * Keys typed ahead of the reader. The session hands every decoded key here; whoever reads the
 * terminal now (the line editor, a (Y/N) question, the pager) takes them one at a time. Bounded,
 * so a client that floods the console loses keys, not memory.
 */
import { Key } from './keys';

/** Most keys held while nobody reads. */
export const MAX_QUEUE = 65536;

/** The FIFO of keys and the one consumer that reads it. */
export class KeyQueue {
  /** Read from `head` on (an index, so that reading is O(1)). */
  private keys: Key[] = [];
  private head = 0;
  private consumer: ((key: Key) => void) | undefined;
  private onClose: (() => void) | undefined;
  /** Stored twice in the constructor: see Session's `closed`. */
  private closed: boolean;

  constructor() {
    this.closed = true;
    this.closed = false;
  }

  /** Appends keys (dropped past MAX_QUEUE) and delivers them to the consumer, if any. */
  push(keys: readonly Key[]): void {
    if (this.closed) return;
    for (const k of keys) if (this.keys.length - this.head < MAX_QUEUE) this.keys.push(k);
    this.pump();
  }

  /** Whether `consumer` reads the keys now and every key queued has been taken. */
  isWaitingFor(consumer: (key: Key) => void): boolean {
    return this.consumer === consumer && this.head >= this.keys.length;
  }

  /** The key the next reader would get, without taking it. */
  peek(): Key | undefined {
    return this.keys[this.head];
  }

  /**
   * Takes the characters typed ahead at the head of the queue, up to the first key that is not
   * a character or is `stop` (the line editor inserts them as one edit). '' when there are none.
   */
  takeChars(stop: string): string {
    let run = '';
    for (let k = this.keys[this.head]; k !== undefined && k.t === 'char' && k.ch !== stop; k = this.keys[++this.head]) run += k.ch;
    return run;
  }

  /** Takes the next key without a reader (used to drop a key that belongs to an answer). */
  take(): Key | undefined {
    const k = this.keys[this.head];
    if (k !== undefined) this.head++;
    return k;
  }

  /**
   * Hands keys to `consumer` one by one until `stop()`; `onClose` runs if the queue closes
   * meanwhile. One consumer at a time: a new one replaces the old.
   */
  consume(consumer: (key: Key) => void, onClose: () => void): void {
    if (this.closed) {
      onClose();
      return;
    }
    this.consumer = consumer;
    this.onClose = onClose;
    this.pump();
  }

  /** Stops delivering keys; those left wait for the next consumer. */
  stop(): void {
    this.consumer = undefined;
    this.onClose = undefined;
  }

  /** The next key, or undefined when the queue closes first. */
  next(): Promise<Key | undefined> {
    return new Promise((resolve) => {
      this.consume(
        (k) => {
          this.stop();
          resolve(k);
        },
        () => resolve(undefined),
      );
    });
  }

  /** Drops every key and tells the waiting consumer that nothing more will come. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const onClose = this.onClose;
    this.stop();
    // Emptied in place, as pump does: a fresh [] (small integers) in the field changed its type at
    // the first session's close and threw away the optimised code of every reader of the queue.
    this.keys.length = 0;
    this.head = 0;
    onClose?.();
  }

  private pump(): void {
    while (this.consumer !== undefined && this.head < this.keys.length) {
      const k = this.keys[this.head++];
      if (k !== undefined) this.consumer(k);
    }
    // The array is emptied in place, not replaced: it keeps its elements kind (objects), and the
    // optimised push does not meet a fresh small-integer array again (V8 deopt "not a Smi").
    // Only when it holds something: setting `length` is a runtime call even on an empty array, and
    // every read of a line comes through here with the queue already empty.
    if (this.head >= this.keys.length) {
      if (this.keys.length > 0) this.keys.length = 0;
      this.head = 0;
    } else if (this.head > 4096) {
      this.keys.splice(0, this.head);
      this.head = 0;
    }
  }
}
