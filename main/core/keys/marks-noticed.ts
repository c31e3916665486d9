/**
 * The key provider as a console hands it to its parts, telling the console whenever one of
 * them marks the audit trail broken: what caches the mark (the agents' sign-out, read at most
 * once a second) reads it again at once, instead of after the cache runs out.
 */
import type { KeyProvider } from './key-provider.ts';

const bound = <T extends object>(target: T, prop: string | symbol): unknown => {
  const value = Reflect.get(target, prop, target) as unknown;
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
};

export function marksNoticed(keys: KeyProvider, onMark: () => void): KeyProvider {
  const store = keys.trailBreak;
  if (!store) return keys;
  const trailBreak = new Proxy(store, {
    get: (target, prop) =>
      prop === 'mark'
        ? (...args: Parameters<typeof target.mark>) => {
            target.mark(...args);
            onMark();
          }
        : bound(target, prop),
  });
  return new Proxy(keys, {
    get: (target, prop) => (prop === 'trailBreak' ? trailBreak : bound(target, prop)),
  });
}
