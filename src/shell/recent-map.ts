/** A small map that forgets its oldest entry when full: a memo for the interpreter's hot lines. */

/** A Map bounded to `size` entries; a set past that drops the entry set longest ago. */
export class RecentMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly size: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (!this.map.has(key) && this.map.size >= this.size) {
      const oldest = this.map.keys().next();
      if (oldest.done !== true) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
  }

  get count(): number {
    return this.map.size;
  }
}
